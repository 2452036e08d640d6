import { SEVERITY } from '@proficientnow/backstage-plugin-infra-health-common';
import { HistoryPoint } from '../database/HealthStore';

/**
 * Keeps a history answer small whatever the collection frequency: the window
 * is cut into `maxPoints` equal buckets and each series keeps one point per
 * bucket, the worst status seen in it (a sparkline must not hide a dip), at
 * the time of the bucket's last observation. Input is oldest first; so is
 * the output.
 */
export function downsampleHistory(
  points: HistoryPoint[],
  since: Date,
  until: Date,
  maxPoints: number,
): HistoryPoint[] {
  const span = Math.max(1, until.getTime() - since.getTime());
  const bucketMs = span / maxPoints;
  const buckets = new Map<string, HistoryPoint>();
  for (const point of points) {
    const index = Math.min(
      maxPoints - 1,
      Math.max(
        0,
        Math.floor((Date.parse(point.observedAt) - since.getTime()) / bucketMs),
      ),
    );
    const key = `${point.subsystem}\u0000${index}`;
    const kept = buckets.get(key);
    if (!kept) {
      buckets.set(key, { ...point });
    } else {
      buckets.set(key, {
        subsystem: point.subsystem,
        status:
          SEVERITY[point.status] > SEVERITY[kept.status]
            ? point.status
            : kept.status,
        observedAt: point.observedAt,
      });
    }
  }
  return [...buckets.values()].sort(
    (a, b) =>
      a.observedAt.localeCompare(b.observedAt) ||
      a.subsystem.localeCompare(b.subsystem),
  );
}
