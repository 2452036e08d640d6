import type { ArgoApplicationSpec } from '@internal/kubernetes-standin';
import { parseAllDocuments } from 'yaml';

/** In the seeded repository, but Argo CD on the local platform cluster does not hold it. */
export const LOCAL_NOT_DEPLOYED = 'couchdb';
/** Held by Argo CD on the local platform cluster, declared in no file of the repository. */
export const LOCAL_DRIFT = 'debug-shell';
/** The one Application the local platform cluster reports OutOfSync and Progressing. */
export const LOCAL_OUT_OF_SYNC = 'nested-networks';

/**
 * What Argo CD holds on the local platform cluster: every Application the
 * seeded GitOps repository declares, synced and healthy, except one left out
 * (not deployed) and one out of sync, plus one created by hand (drift), so a
 * newcomer sees Git and the cluster disagree both ways.
 */
export function localArgoApplications(
  files: Record<string, string>,
  /** the commit Argo CD synced (the repository's head); default a made-up one */
  revision?: string,
): ArgoApplicationSpec[] {
  const names = new Set<string>();
  for (const [path, text] of Object.entries(files)) {
    if (!/\.ya?ml$/.test(path)) continue;
    for (const document of parseAllDocuments(text)) {
      const object = document.toJS() as any;
      if (object?.kind === 'Application' && object.metadata?.name) {
        names.add(String(object.metadata.name));
      }
    }
  }
  names.delete(LOCAL_NOT_DEPLOYED);
  return [
    ...[...names].sort().map(name =>
      name === LOCAL_OUT_OF_SYNC
        ? { name, sync: 'OutOfSync' as const, health: 'Progressing' as const }
        : {
            name,
            sync: 'Synced' as const,
            health: 'Healthy' as const,
            ...(revision ? { revision } : {}),
          },
    ),
    { name: LOCAL_DRIFT, sync: 'Synced', health: 'Healthy' },
  ];
}
