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

/** Argo CD's sync statuses (`SyncStatusCode`). */
export const ARGO_SYNC_STATUSES = ['Synced', 'OutOfSync', 'Unknown'] as const;

/** An argoproj.io/v1alpha1 Application as the Argo CD rule reads it. */
export interface ArgoApplication {
  metadata: ObjectName;
  /** Absent until Argo CD first reconciles the Application. */
  status?: {
    /** Parsed, one of {@link ARGO_HEALTH_STATUSES}. */
    health?: { status?: string };
    /** Parsed, one of {@link ARGO_SYNC_STATUSES}. */
    sync?: { status?: string };
  };
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
  return parseKubernetesList(body, 'Application', (app, metadata) => {
    const status = app.optionalObject('status');
    if (!status) return { metadata };
    const health = status.optionalObject('health');
    const sync = status.optionalObject('sync');
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
              },
            }
          : {}),
      },
    };
  });
}
