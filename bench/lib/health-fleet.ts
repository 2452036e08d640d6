/**
 * The health benchmark's fleet, seen from the benchmark: forks
 * health-standin.ts (the Kubernetes stand-in in a process of its own) and
 * talks to it over IPC.
 */
import { ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import type {
  FleetCluster,
  FleetRequest,
  StandinCommand,
} from './health-standin';

export interface Fleet {
  clusters: FleetCluster[];
  call(command: StandinCommand): Promise<any>;
  close(): Promise<void>;
}

/** Forks health-standin.ts (the TypeScript loader comes with process.execArgv) and starts the fleet in it. */
export async function startFleet(fleet: FleetRequest): Promise<Fleet> {
  const child: ChildProcess = fork(path.join(__dirname, 'health-standin.ts'), {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 0;
  const pending = new Map<number, (answer: any) => void>();
  child.on('message', (answer: any) => {
    pending.get(answer.id)?.(answer);
    pending.delete(answer.id);
  });
  child.once('exit', code => {
    for (const settle of pending.values())
      settle({ error: `the stand-in process exited (${code})` });
  });
  const call = (command: StandinCommand) =>
    new Promise<any>((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, answer =>
        answer.error
          ? reject(new Error(`stand-in: ${answer.error}`))
          : resolve(answer),
      );
      child.send({ ...command, id });
    });
  const { clusters } = await call({ type: 'start', fleet });
  return {
    clusters,
    call,
    close: async () => {
      await call({ type: 'close' });
      await new Promise(resolve =>
        child.exitCode === null ? child.once('exit', resolve) : resolve(null),
      );
    },
  };
}

/** What a phase cost the fleet: GETs per cluster API, from the stand-in's counters (which the call resets). */
export async function clusterRequests(fleet: Fleet): Promise<number> {
  const { counts } = await fleet.call({ type: 'counts' });
  return Object.values(counts as Record<string, { total: number }>).reduce(
    (sum, c) => sum + c.total,
    0,
  );
}

/** The stand-in process's CPU time so far (`process.cpuUsage()` over there). */
export async function standinCpu(fleet: Fleet): Promise<NodeJS.CpuUsage> {
  return (await fleet.call({ type: 'cpu' })).cpu as NodeJS.CpuUsage;
}
