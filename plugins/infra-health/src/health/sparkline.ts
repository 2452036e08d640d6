import {
  HealthStatus,
  SEVERITY,
} from '@proficientnow/backstage-plugin-infra-health-common';
import type { HealthHistoryPoint } from '../api/types';
import { STATUS_LABELS, STATUSES_WORST_FIRST } from './statusLevels';

/** One flat stretch of the line: a status held from one observation to the next. */
export interface SparklineSegment {
  status: HealthStatus;
  x1: number;
  x2: number;
  y: number;
}

export interface SparklineModel {
  segments: SparklineSegment[];
  /** The latest status in the window, if any. */
  latest?: HealthStatus;
  /** What the line shows, in words, for screen readers and the hover title. */
  summary: string;
}

const MAX_LEVEL = Math.max(...Object.values(SEVERITY));

/** A status as a height: ok at the bottom, critical at the top, so trouble shows as a rise. */
export function statusLevel(status: HealthStatus): number {
  return SEVERITY[status];
}

/**
 * Lays out a step line of one rollup's history over a time window: each
 * observation holds until the next one (or the end of the window). Points of
 * other subsystems and outside the window are left out.
 */
export function sparklineModel(
  history: HealthHistoryPoint[],
  options: {
    subsystem: string;
    label: string;
    since: Date;
    until: Date;
    width: number;
    height: number;
  },
): SparklineModel {
  const start = options.since.getTime();
  const end = options.until.getTime();
  const span = Math.max(end - start, 1);
  const pad = 2;
  const points = history
    .filter(p => p.subsystem === options.subsystem && p.status in SEVERITY)
    .map(p => ({ status: p.status, at: Date.parse(p.observedAt) }))
    .filter(p => Number.isFinite(p.at) && p.at >= start && p.at <= end)
    .sort((a, b) => a.at - b.at);
  if (points.length === 0) {
    return {
      segments: [],
      summary: `${options.label}: no history in this period`,
    };
  }
  const x = (at: number) => ((at - start) / span) * options.width;
  const y = (status: HealthStatus) =>
    options.height -
    pad -
    (statusLevel(status) / MAX_LEVEL) * (options.height - 2 * pad);
  const segments: SparklineSegment[] = points.map((p, i) => ({
    status: p.status,
    x1: x(p.at),
    x2: x(i + 1 < points.length ? points[i + 1].at : end),
    y: y(p.status),
  }));
  const covered = end - points[0].at;
  const share = new Map<HealthStatus, number>();
  points.forEach((p, i) => {
    const until = i + 1 < points.length ? points[i + 1].at : end;
    share.set(p.status, (share.get(p.status) ?? 0) + (until - p.at));
  });
  const shares = STATUSES_WORST_FIRST.filter(s => share.has(s))
    .map(
      s =>
        `${STATUS_LABELS[s]} ${
          covered > 0 ? Math.round(((share.get(s) ?? 0) / covered) * 100) : 100
        }%`,
    )
    .join(', ');
  const latest = points[points.length - 1].status;
  return {
    segments,
    latest,
    summary: `${options.label}: ${points.length} observations; ${shares} of the time; latest ${STATUS_LABELS[latest]}`,
  };
}
