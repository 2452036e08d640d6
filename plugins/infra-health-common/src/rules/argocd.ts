import { HealthCheck, HealthStatus, statusWhen } from '../model';
import { ArgoApplication, ArgoApplicationList } from '../parse/argocd';
import {
  listUnreadable,
  MAX_UNREADABLE_DETAILS,
} from '../parse/kubernetesObjects';

/**
 * Argo CD rules (over a parsed ApplicationList, see `parseApplicationList`):
 * an Application that is Degraded is critical; Missing or OutOfSync is a
 * warning; Unknown or not yet reported health or sync is unknown. The
 * offending Applications are named.
 *
 * An Application that did not parse is named as unreadable, with what was
 * wrong, and makes the check at least unknown; the others are still judged,
 * so a Degraded Application is not hidden behind one broken object.
 */
export function evaluateArgoApplications(
  list: ArgoApplicationList,
  observedAt: string,
): HealthCheck[] {
  const apps = list.items;
  const unreadable = list.unreadable ?? [];
  const by = (pred: (a: ArgoApplication) => boolean) =>
    apps
      .filter(pred)
      .map(a => a.metadata.name)
      .sort();
  const health = (a: ArgoApplication) => a.status?.health?.status;
  const sync = (a: ArgoApplication) => a.status?.sync?.status;
  const degraded = by(a => health(a) === 'Degraded');
  const missing = by(a => health(a) === 'Missing');
  const unknown = by(
    a =>
      !health(a) ||
      health(a) === 'Unknown' ||
      !sync(a) ||
      sync(a) === 'Unknown',
  );
  const outOfSync = by(a => sync(a) === 'OutOfSync');
  const status: HealthStatus = statusWhen(
    [
      [degraded.length > 0, 'critical'],
      [missing.length + outOfSync.length > 0, 'warning'],
      [unknown.length + unreadable.length > 0, 'unknown'],
    ],
    'ok',
  );
  const total = apps.length + unreadable.length;
  const parts = [
    degraded.length ? `degraded: ${degraded.join(', ')}` : '',
    missing.length ? `missing: ${missing.join(', ')}` : '',
    outOfSync.length ? `out of sync: ${outOfSync.join(', ')}` : '',
    unknown.length ? `health or sync unknown: ${unknown.join(', ')}` : '',
    unreadable.length ? `unreadable: ${listUnreadable(unreadable)}` : '',
  ].filter(Boolean);
  return [
    {
      id: 'argocd.applications',
      subsystem: 'argocd',
      status,
      reason: parts.length
        ? `${total} Applications; ${parts.join('; ')}`
        : `${total} Applications synced and healthy`,
      observedAt,
      details: {
        total,
        degraded,
        missing,
        outOfSync,
        unknown,
        ...(unreadable.length
          ? { unreadable: unreadable.slice(0, MAX_UNREADABLE_DETAILS) }
          : {}),
      },
    },
  ];
}
