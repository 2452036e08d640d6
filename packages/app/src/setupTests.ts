import '@testing-library/jest-dom';

// rendering whole pages in jsdom is slow on a loaded two-core machine
jest.setTimeout(30_000);
