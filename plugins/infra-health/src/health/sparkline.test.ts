import { sparklineModel, statusLevel } from './sparkline';

const since = new Date('2026-11-20T12:00:00Z');
const until = new Date('2026-11-21T12:00:00Z');
const frame = { since, until, width: 240, height: 30, label: 'platform' };

describe('sparklineModel', () => {
  it('maps statuses to rising levels: ok lowest, critical highest, unknown between ok and warning', () => {
    expect(
      ['ok', 'unknown', 'warning', 'critical'].map(s => statusLevel(s as any)),
    ).toEqual([0, 1, 2, 3]);
  });

  it('holds each status until the next observation and the last one until the end', () => {
    const model = sparklineModel(
      [
        { subsystem: '*', status: 'ok', observedAt: '2026-11-20T12:00:00Z' },
        {
          subsystem: '*',
          status: 'critical',
          observedAt: '2026-11-21T06:00:00Z',
        },
        { subsystem: '*', status: 'ok', observedAt: '2026-11-21T09:00:00Z' },
      ],
      { ...frame, subsystem: '*' },
    );
    expect(model.segments.map(s => [s.status, s.x1, s.x2])).toEqual([
      ['ok', 0, 180],
      ['critical', 180, 210],
      ['ok', 210, 240],
    ]);
    // trouble shows as a rise: critical is drawn higher (smaller y) than ok
    expect(model.segments[1].y).toBeLessThan(model.segments[0].y);
    expect(model.segments[1].y).toBe(2);
    expect(model.segments[0].y).toBe(28);
    expect(model.latest).toBe('ok');
    expect(model.summary).toBe(
      'platform: 3 observations; Critical 13%, OK 88% of the time; latest OK',
    );
  });

  it('keeps to the asked subsystem and window, in time order', () => {
    const model = sparklineModel(
      [
        {
          subsystem: 'ceph',
          status: 'warning',
          observedAt: '2026-11-21T00:00:00Z',
        },
        {
          subsystem: '*',
          status: 'critical',
          observedAt: '2026-11-19T00:00:00Z',
        },
        {
          subsystem: 'cilium',
          status: 'critical',
          observedAt: '2026-11-21T03:00:00Z',
        },
        { subsystem: 'ceph', status: 'ok', observedAt: '2026-11-20T18:00:00Z' },
      ],
      { ...frame, subsystem: 'ceph' },
    );
    expect(model.segments.map(s => s.status)).toEqual(['ok', 'warning']);
    expect(model.segments[0].x1).toBe(60);
  });

  it('says there is no history rather than drawing a healthy line', () => {
    const model = sparklineModel([], { ...frame, subsystem: '*' });
    expect(model.segments).toEqual([]);
    expect(model.latest).toBeUndefined();
    expect(model.summary).toBe('platform: no history in this period');
  });
});
