/** Numbers as the benchmarks print and save them. */

/** `value` rounded to `digits` decimals. */
export function round(value: number, digits: number): number {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}

/** Bytes in KiB, to one decimal. */
export const kib = (bytes: number) => round(bytes / 1024, 1);

/** Bytes in MiB, to one decimal. */
export const mib = (bytes: number) => round(bytes / 2 ** 20, 1);

/** `a / b` as a factor to two decimals: `1.61x`. */
export const ratio = (a: number, b: number) => `${round(a / b, 2)}x`;
