/**
 * What a piece of work costs a process: heap and RSS of this one, its CPU
 * time and event-loop delay, and the CPU of another process group.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { mib, round } from './format';

let exposedGc: (() => void) | undefined;

/** A full garbage collection, whether or not node runs with --expose-gc. */
export function fullGc(): void {
  if (!exposedGc) {
    v8.setFlagsFromString('--expose-gc');
    exposedGc = vm.runInNewContext('gc') as () => void;
  }
  exposedGc();
}

export interface MemoryFigures {
  /** heap after a full GC, before the phase */
  heapBeforeMiB: number;
  heapPeakGrowthMiB: number;
  rssPeakGrowthMiB: number;
  /** heap after a full GC at the end, minus before: what the phase kept */
  heapRetainedMiB: number;
}

/** Runs `work` with this process's heap and RSS sampled every 20 ms. */
export async function withMemory<T>(
  work: () => Promise<T>,
): Promise<{ result: T; memory: MemoryFigures }> {
  fullGc();
  const before = process.memoryUsage();
  let peakHeap = before.heapUsed;
  let peakRss = before.rss;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peakHeap = Math.max(peakHeap, now.heapUsed);
    peakRss = Math.max(peakRss, now.rss);
  }, 20);
  try {
    const result = await work();
    const end = process.memoryUsage();
    peakHeap = Math.max(peakHeap, end.heapUsed);
    peakRss = Math.max(peakRss, end.rss);
    fullGc();
    const after = process.memoryUsage();
    return {
      result,
      memory: {
        heapBeforeMiB: mib(before.heapUsed),
        heapPeakGrowthMiB: mib(peakHeap - before.heapUsed),
        rssPeakGrowthMiB: mib(peakRss - before.rss),
        heapRetainedMiB: mib(after.heapUsed - before.heapUsed),
      },
    };
  } finally {
    clearInterval(sampler);
  }
}

/**
 * Runs `work` with this process's event-loop delay monitored (10 ms
 * resolution): the longest this process could not run anything else.
 */
export async function withEventLoopDelay<T>(
  work: () => Promise<T>,
): Promise<{ result: T; eventLoopDelayMs: { p99: number; max: number } }> {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const result = await work();
  loop.disable();
  return {
    result,
    eventLoopDelayMs: {
      p99: round(loop.percentile(99) / 1e6, 1),
      max: round(loop.max / 1e6, 1),
    },
  };
}

/** CPU milliseconds (user and system) between two `process.cpuUsage()` readings. */
export function cpuMs(before: NodeJS.CpuUsage, after: NodeJS.CpuUsage): number {
  return (after.user - before.user + after.system - before.system) / 1000;
}

/** CPU seconds used so far by every process of a process group. */
function groupCpuSeconds(pgid: number): number {
  const tick = 100; // USER_HZ on Linux
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // the fields after the command name, which may itself hold spaces
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid) continue;
      total += (Number(fields[11]) + Number(fields[12])) / tick;
    } catch {
      // the process ended while we read
    }
  }
  return total;
}

/**
 * Waits until a process group uses less than `maxCores` of CPU over a
 * `windowMs` window (the dev server type-checks and compiles for a while
 * after it answers). Resolves with the last window's usage, quiet or not.
 */
export async function waitForQuiet(
  pgid: number,
  options: { maxCores?: number; windowMs?: number; timeoutMs?: number } = {},
): Promise<{ quiet: boolean; cores: number; waitedMs: number }> {
  const maxCores = options.maxCores ?? 0.1;
  const windowMs = options.windowMs ?? 5_000;
  const started = Date.now();
  for (;;) {
    const before = groupCpuSeconds(pgid);
    await new Promise(r => setTimeout(r, windowMs));
    const cores = (groupCpuSeconds(pgid) - before) / (windowMs / 1000);
    const waitedMs = Date.now() - started;
    if (cores < maxCores) return { quiet: true, cores, waitedMs };
    if (waitedMs > (options.timeoutMs ?? 180_000))
      return { quiet: false, cores, waitedMs };
  }
}
