import { ConfigReader } from '@backstage/config';
import { readTrackingSettings } from './trackingConfig';

describe('readTrackingSettings', () => {
  it('defaults: on, every 30 s, stuck after 30 minutes, the catalog live cluster', () => {
    expect(
      readTrackingSettings(
        new ConfigReader({
          gitops: { catalog: { live: { cluster: 'platform' } } },
        }),
      ),
    ).toEqual({
      enabled: true,
      schedule: {
        frequency: { seconds: 30 },
        timeout: { minutes: 2 },
        initialDelay: { seconds: 10 },
      },
      stuckAfterMs: 30 * 60_000,
      clusters: ['platform'],
    });
    expect(readTrackingSettings(new ConfigReader({})).clusters).toEqual([]);
  });

  it('reads the keys, and names one out of range', () => {
    const settings = readTrackingSettings(
      new ConfigReader({
        gitops: {
          tracking: {
            enabled: false,
            stuckAfter: { minutes: 5 },
            clusters: ['hub'],
            schedule: { frequency: 'PT5S', timeout: { minutes: 1 } },
          },
        },
      }),
    );
    expect(settings).toMatchObject({
      enabled: false,
      stuckAfterMs: 300_000,
      clusters: ['hub'],
    });
    expect(() =>
      readTrackingSettings(
        new ConfigReader({
          gitops: { tracking: { stuckAfter: { seconds: 5 } } },
        }),
      ),
    ).toThrow(
      'gitops.tracking.stuckAfter must be between 1 minute and 1 day; got 5000 ms',
    );
  });
});
