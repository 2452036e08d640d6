import { HistoryPoint } from '../database/HealthStore';
import { downsampleHistory } from './downsampleHistory';

const since = new Date('2026-11-21T00:00:00Z');
const until = new Date('2026-11-22T00:00:00Z');

/** A day of rollups every 30 s (the default schedule): 2,880 points per series. */
function day(subsystem: string, dipAtMinute?: number): HistoryPoint[] {
  return Array.from({ length: 2880 }, (_, i) => ({
    subsystem,
    status:
      dipAtMinute !== undefined && i === dipAtMinute * 2 ? 'critical' : 'ok',
    observedAt: new Date(since.getTime() + i * 30_000).toISOString(),
  }));
}

describe('downsampleHistory', () => {
  it('keeps at most the asked number of points per series, oldest first', () => {
    const points = downsampleHistory(
      [...day('*'), ...day('ceph')],
      since,
      until,
      288,
    );
    expect(points.filter(p => p.subsystem === '*')).toHaveLength(288);
    expect(points.filter(p => p.subsystem === 'ceph')).toHaveLength(288);
    const times = points.map(p => p.observedAt);
    expect([...times].sort()).toEqual(times);
  });

  it('never hides a dip: a bucket keeps the worst status seen in it', () => {
    const points = downsampleHistory(day('*', 601), since, until, 288);
    expect(points.filter(p => p.status === 'critical')).toHaveLength(1);
    expect(points.filter(p => p.status === 'ok')).toHaveLength(287);
  });

  it('leaves a sparse history as it is (one point per bucket at most)', () => {
    const hourly = day('*').filter((_, i) => i % 120 === 0);
    expect(hourly).toHaveLength(24);
    expect(downsampleHistory(hourly, since, until, 288)).toEqual(hourly);
  });
});
