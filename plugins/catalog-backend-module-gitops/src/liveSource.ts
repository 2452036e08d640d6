import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { readLiveApplications } from '@proficientnow/backstage-plugin-gitops-node';
import { LiveInventory, parseLiveInventory } from './ingest/live';

/** Where the provider learns which Applications Argo CD actually holds. */
export interface LiveApplicationSource {
  /** The inventory, or undefined when it cannot be known now (the provider then marks nothing). */
  read(): Promise<LiveInventory | undefined>;
}

/**
 * The live source through the infra-health plugin, which already reaches
 * the cluster Argo CD runs in and keeps the Applications of its last
 * readable collection: one request to a plugin of the same backend, with
 * the catalog's service credentials. Any failure is logged and read as
 * "unknown", never as "nothing is deployed".
 */
export class HealthPluginLiveSource implements LiveApplicationSource {
  private lastProblem?: string;

  constructor(
    private readonly options: {
      cluster: string;
      discovery: DiscoveryService;
      auth: AuthService;
      logger: LoggerService;
      fetch?: typeof fetch;
      timeoutMs?: number;
    },
  ) {}

  async read(): Promise<LiveInventory | undefined> {
    const answer = await readLiveApplications(
      this.options,
      this.options.cluster,
    );
    let problem: string;
    if ('body' in answer) {
      const parsed = parseLiveInventory(answer.body);
      if ('inventory' in parsed) {
        this.report(
          parsed.ignored
            ? `${parsed.ignored} live Application(s) without a valid name were left out`
            : undefined,
        );
        return parsed.inventory;
      }
      problem = parsed.problem;
    } else {
      problem = answer.problem;
    }
    this.report(problem);
    return undefined;
  }

  /** Says each new problem once, and when it clears. */
  private report(problem: string | undefined) {
    if (problem === this.lastProblem) return;
    if (problem) {
      this.options.logger.warn(
        `the live Argo CD Applications of cluster ${this.options.cluster} could not be read from infra-health (${problem}); entities are not marked deployed, not deployed or drift until they can`,
      );
    } else if (this.lastProblem) {
      this.options.logger.info(
        `the live Argo CD Applications of cluster ${this.options.cluster} are read again`,
      );
    }
    this.lastProblem = problem;
  }
}
