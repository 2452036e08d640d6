import { HealthCheck, HealthStatus, statusWhen } from '../model';

/**
 * Argo CD rules: an Application that is Degraded is critical; Missing or
 * OutOfSync is a warning; Unknown health is unknown. The offending
 * Applications are named.
 */
export function evaluateArgoApplications(
  list: any,
  observedAt: string,
): HealthCheck[] {
  const apps: any[] = list?.items ?? [];
  const by = (pred: (a: any) => boolean) =>
    apps
      .filter(pred)
      .map(a => a.metadata?.name ?? '?')
      .sort();
  const degraded = by(a => a.status?.health?.status === 'Degraded');
  const missing = by(a => a.status?.health?.status === 'Missing');
  const unknown = by(
    a => !a.status?.health?.status || a.status?.health?.status === 'Unknown',
  );
  const outOfSync = by(a => a.status?.sync?.status === 'OutOfSync');
  const status: HealthStatus = statusWhen(
    [
      [degraded.length > 0, 'critical'],
      [missing.length + outOfSync.length > 0, 'warning'],
      [unknown.length > 0, 'unknown'],
    ],
    'ok',
  );
  const parts = [
    degraded.length ? `degraded: ${degraded.join(', ')}` : '',
    missing.length ? `missing: ${missing.join(', ')}` : '',
    outOfSync.length ? `out of sync: ${outOfSync.join(', ')}` : '',
    unknown.length ? `health unknown: ${unknown.join(', ')}` : '',
  ].filter(Boolean);
  return [
    {
      id: 'argocd.applications',
      subsystem: 'argocd',
      status,
      reason: parts.length
        ? `${apps.length} Applications; ${parts.join('; ')}`
        : `${apps.length} Applications synced and healthy`,
      observedAt,
      details: { total: apps.length, degraded, missing, outOfSync, unknown },
    },
  ];
}
