import { formatAge, formatBytes } from './time';

describe('formatAge', () => {
  const now = new Date('2026-11-21T12:00:00Z');
  it.each([
    ['2026-11-21T11:59:50Z', '10 s ago'],
    ['2026-11-21T11:57:00Z', '3 min ago'],
    ['2026-11-21T09:00:00Z', '3 h ago'],
    ['2026-11-18T12:00:00Z', '3 days ago'],
    ['2026-11-21T12:00:05Z', 'just now'],
    [undefined, 'never'],
    ['not a time', 'at an unknown time'],
  ])('%s is %s', (at, expected) => {
    expect(formatAge(at, now)).toBe(expected);
  });
});

describe('formatBytes', () => {
  it.each([
    [512, '512 B'],
    [1536, '1.5 KiB'],
    [10_995_116_277_760, '10.0 TiB'],
    [-1, 'unknown'],
  ])('%s bytes is %s', (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });
});
