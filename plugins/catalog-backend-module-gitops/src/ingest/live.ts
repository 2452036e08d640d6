/**
 * The live source: the Argo CD Applications a cluster actually holds (read by
 * the health plugin, which already reaches the cluster), merged with what
 * Git declares by name.
 */

/** One live Application, as much of it as the catalog reads. */
export interface LiveApplication {
  name: string;
  namespace?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** The Application that renders this one (Argo CD's tracking id or instance label). */
  parent?: string;
  /** The ApplicationSet that generated it (its owner reference). */
  generatedBy?: string;
}

export interface LiveInventory {
  /** The cluster Argo CD runs in. */
  cluster: string;
  observedAt: string;
  applications: LiveApplication[];
}

/** How an Application stands between Git and the cluster. */
export type Deployment =
  /** Declared in Git and running. */
  | 'deployed'
  /** Declared in Git, not in the cluster. */
  | 'not-deployed'
  /** Running, rendered from Git by another Application or an ApplicationSet (a Helm chart, a kustomization). */
  | 'rendered'
  /** Running, declared nowhere in Git. */
  | 'drift';

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

function stringMap(value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {};
  }
  return Object.fromEntries(
    Object.entries(value).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

/**
 * Reads the health plugin's answer (`GET /clusters/:cluster/argocd/applications`)
 * as untrusted input: an Application without a valid name is left out and
 * counted, never the whole answer.
 */
export function parseLiveInventory(
  body: unknown,
): { inventory: LiveInventory; ignored: number } | { problem: string } {
  const answer = body as any;
  if (
    !answer ||
    typeof answer !== 'object' ||
    typeof answer.cluster !== 'string' ||
    !Array.isArray(answer.applications)
  ) {
    return { problem: 'the answer is not a list of Applications' };
  }
  let ignored = 0;
  const applications: LiveApplication[] = [];
  for (const item of answer.applications.slice(0, 20_000)) {
    const name = item?.metadata?.name;
    if (typeof name !== 'string' || name.length > 253 || !NAME.test(name)) {
      ignored++;
      continue;
    }
    const labels = stringMap(item.metadata.labels);
    const annotations = stringMap(item.metadata.annotations);
    const tracking = annotations['argocd.argoproj.io/tracking-id'];
    const parent =
      (tracking ? tracking.split(':')[0] : undefined) ??
      labels['app.kubernetes.io/instance'];
    const owners: any[] = Array.isArray(item.metadata.owners)
      ? item.metadata.owners
      : [];
    const set = owners.find(
      o => o?.kind === 'ApplicationSet' && typeof o.name === 'string',
    );
    applications.push({
      name,
      namespace:
        typeof item.metadata.namespace === 'string'
          ? item.metadata.namespace
          : undefined,
      labels,
      annotations,
      ...(parent && parent !== name ? { parent } : {}),
      ...(set ? { generatedBy: set.name } : {}),
    });
  }
  return {
    inventory: {
      cluster: answer.cluster,
      observedAt: String(answer.observedAt ?? ''),
      applications,
    },
    ignored,
  };
}

/** What changes the entities: names, tracking and generators (not sync or health, which the health plugin shows). */
export function inventoryFingerprint(
  inventory: LiveInventory | undefined,
): string {
  if (!inventory) return 'none';
  return JSON.stringify(
    inventory.applications
      .map(a => [
        a.name,
        a.parent ?? '',
        a.generatedBy ?? '',
        a.labels,
        a.annotations,
      ])
      .sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
  );
}
