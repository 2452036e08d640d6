import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// rendering whole pages (lazy-loaded extensions) in jsdom is slow on a loaded
// two-core machine: give findBy*/waitFor and each test room to finish
configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(30_000);
