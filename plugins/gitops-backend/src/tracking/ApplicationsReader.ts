import { TrackedApplication } from '@proficientnow/backstage-plugin-gitops-common';
import {
  HealthPluginAccess,
  readLiveApplications,
} from '@proficientnow/backstage-plugin-gitops-node';

/** The Applications Argo CD holds in one cluster, or why they cannot be known now. */
export type ClusterApplications =
  | { applications: ReadApplication[] }
  | { problem: string };

/** An Application as the tracker matches it to a change's target. */
export interface ReadApplication extends TrackedApplication {
  /** backstage.io/entity-ref, when the Application names its entity */
  entityRef?: string;
}

export interface ApplicationsReader {
  read(cluster: string): Promise<ClusterApplications>;
}

const text = (value: unknown, max = 500): string | undefined =>
  typeof value === 'string' && value !== '' ? value.slice(0, max) : undefined;

/**
 * Reads the answer of infra-health's `/clusters/:cluster/argocd/applications`
 * (the Applications its last collection kept) without trusting it: an item
 * without a name is skipped, a field of the wrong type is left out.
 */
export function parseApplicationsAnswer(
  cluster: string,
  body: unknown,
): ClusterApplications {
  const items = (body as { applications?: unknown })?.applications;
  if (!Array.isArray(items))
    return {
      problem: `${cluster}: the answer holds no applications list`,
    };
  const applications: ReadApplication[] = [];
  for (const item of items as any[]) {
    const name = text(item?.metadata?.name, 253);
    if (!name) continue;
    const status = item?.status ?? {};
    const optional = (key: string, value: string | undefined) =>
      value ? { [key]: value } : {};
    applications.push({
      cluster,
      name,
      ...optional(
        'entityRef',
        text(item?.metadata?.annotations?.['backstage.io/entity-ref'], 512),
      ),
      ...optional('sync', text(status.sync?.status, 32)),
      ...optional('health', text(status.health?.status, 32)),
      ...optional('revision', text(status.sync?.revision, 64)),
      ...optional('operationPhase', text(status.operationState?.phase, 32)),
      ...optional('operationMessage', text(status.operationState?.message)),
      ...optional(
        'operationRevision',
        text(status.operationState?.revision, 64),
      ),
    });
  }
  return { applications };
}

/**
 * The Applications through the infra-health plugin of the same backend,
 * which already reads every cluster Argo CD runs in: one request per
 * cluster with the plugin's service credentials. A failure is a problem to
 * report, never "nothing is deployed".
 */
export class HealthPluginApplicationsReader implements ApplicationsReader {
  constructor(private readonly options: HealthPluginAccess) {}

  async read(cluster: string): Promise<ClusterApplications> {
    const answer = await readLiveApplications(this.options, cluster);
    return 'body' in answer
      ? parseApplicationsAnswer(cluster, answer.body)
      : { problem: `${cluster}: ${answer.problem}` };
  }
}
