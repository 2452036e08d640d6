import {
  KubernetesList,
  ObjectName,
  parseKubernetesList,
} from './kubernetesObjects';
import { Parsed } from './shape';

/** Argo CD's health statuses (gitops-engine `health.HealthStatusCode`). */
export const ARGO_HEALTH_STATUSES = [
  'Healthy',
  'Progressing',
  'Degraded',
  'Suspended',
  'Missing',
  'Unknown',
] as const;

/** Argo CD's operation phases (gitops-engine `common.OperationPhase`). */
export const ARGO_OPERATION_PHASES = [
  'Running',
  'Terminating',
  'Failed',
  'Error',
  'Succeeded',
] as const;

/** Argo CD's sync statuses (`SyncStatusCode`). */
export const ARGO_SYNC_STATUSES = ['Synced', 'OutOfSync', 'Unknown'] as const;

/** Argo CD's annotation-based resource tracking (the default since Argo CD 3.0): `<app>:<group>/<kind>:<namespace>/<name>`. */
export const ARGO_TRACKING_ID_ANNOTATION = 'argocd.argoproj.io/tracking-id';
/** Argo CD's label-based resource tracking (the default before 3.0): the managing Application's name. */
export const ARGO_INSTANCE_LABEL = 'app.kubernetes.io/instance';

/** Annotations and labels of a live Application the catalog reads (its own keys and Argo CD's tracking). */
const INVENTORY_KEY =
  /^(platform\.proficientnow\.io\/|backstage\.io\/entity-ref$|argocd\.argoproj\.io\/tracking-id$|app\.kubernetes\.io\/instance$)/;

/** An argoproj.io/v1alpha1 Application as the Argo CD rule and the catalog read it. */
export interface ArgoApplication {
  metadata: ObjectName & {
    /** Only the keys the catalog reads (platform.proficientnow.io/*, backstage.io/entity-ref, Argo CD tracking). */
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    /** What created it, e.g. the ApplicationSet that generated it. */
    owners?: Array<{ kind: string; name: string }>;
  };
  /** Absent until Argo CD first reconciles the Application. */
  status?: {
    /** Parsed, one of {@link ARGO_HEALTH_STATUSES}. */
    health?: { status?: string };
    /** Parsed, one of {@link ARGO_SYNC_STATUSES}; `revision` is the commit it synced. */
    sync?: { status?: string; revision?: string };
    /** The last sync operation: its phase, message (clipped) and the revision it synced. */
    operationState?: { phase?: string; message?: string; revision?: string };
  };
}

function inventoryKeys(
  map: Record<string, string>,
): Record<string, string> | undefined {
  const kept = Object.entries(map)
    .filter(([key]) => INVENTORY_KEY.test(key))
    .map(([key, value]) => [key, value.slice(0, 512)] as const);
  return kept.length ? Object.fromEntries(kept) : undefined;
}

export type ArgoApplicationList = KubernetesList<ArgoApplication>;

/**
 * Parses `GET /apis/argoproj.io/v1alpha1/applications`: an
 * `ApplicationList` whose Applications have a name, and, where present, a
 * `status.health.status` and `status.sync.status` out of Argo CD's own
 * values (a health status Argo CD does not define is not read as healthy).
 */
export function parseApplicationList(
  body: unknown,
): Parsed<ArgoApplicationList> {
  return parseKubernetesList(body, 'Application', (app, name) => {
    const meta = app.object('metadata');
    const labels = inventoryKeys(meta.optionalStringMap('labels'));
    const annotations = inventoryKeys(meta.optionalStringMap('annotations'));
    const owners = meta
      .optionalObjectList('ownerReferences')
      .slice(0, 10)
      .map(owner => ({ kind: owner.name('kind'), name: owner.name('name') }));
    const metadata = {
      ...name,
      ...(labels ? { labels } : {}),
      ...(annotations ? { annotations } : {}),
      ...(owners.length ? { owners } : {}),
    };
    const status = app.optionalObject('status');
    if (!status) return { metadata };
    const health = status.optionalObject('health');
    const sync = status.optionalObject('sync');
    const operation = status.optionalObject('operationState');
    const syncResult = operation?.optionalObject('syncResult');
    const message = operation?.optionalString('message');
    return {
      metadata,
      status: {
        ...(health
          ? {
              health: {
                status: health.optionalOneOf('status', ARGO_HEALTH_STATUSES),
              },
            }
          : {}),
        ...(sync
          ? {
              sync: {
                status: sync.optionalOneOf('status', ARGO_SYNC_STATUSES),
                ...(typeof sync.raw('revision') === 'string'
                  ? { revision: sync.name('revision') }
                  : {}),
              },
            }
          : {}),
        ...(operation
          ? {
              operationState: {
                phase: operation.optionalOneOf('phase', ARGO_OPERATION_PHASES),
                ...(message ? { message: message.slice(0, 500) } : {}),
                ...(typeof syncResult?.raw('revision') === 'string'
                  ? { revision: syncResult.name('revision') }
                  : {}),
              },
            }
          : {}),
      },
    };
  });
}
