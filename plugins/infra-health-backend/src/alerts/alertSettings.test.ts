import { ConfigReader } from '@backstage/config';
import { readAlertSettings } from './alertSettings';

describe('readAlertSettings', () => {
  it('defaults: on, 2 minutes of debounce, the platform engineers, no issues', () => {
    expect(readAlertSettings(new ConfigReader({}))).toEqual({
      enabled: true,
      debounceMs: 120_000,
      defaultOwner: 'group:default/platform-engineers',
    });
  });

  it('reads the issues repository and its delay', () => {
    expect(
      readAlertSettings(
        new ConfigReader({
          infraHealth: {
            alerts: {
              debounce: { seconds: 0 },
              issues: {
                repository: 'https://github.com/proficientnow/platform-alerts',
                after: { minutes: 5 },
              },
            },
          },
        }),
      ),
    ).toMatchObject({
      debounceMs: 0,
      issues: {
        host: 'github.com',
        owner: 'proficientnow',
        repo: 'platform-alerts',
        afterMs: 300_000,
      },
    });
  });

  it.each([
    [
      { owner: 'platform-engineers' },
      "infraHealth.alerts.owner must be a group entity ref like group:default/platform-engineers; got 'platform-engineers'",
    ],
    [
      { debounce: { hours: 2 } },
      'infraHealth.alerts.debounce must be between 0 s and 60 minutes; got 7200000 ms',
    ],
    [
      { issues: { repository: 'platform-alerts' } },
      /infraHealth\.alerts\.issues\.repository must be a repository URL/,
    ],
    [
      {
        issues: { repository: 'https://github.com/a/b', after: { seconds: 1 } },
      },
      'infraHealth.alerts.issues.after must be between 60 s and 1440 minutes; got 1000 ms',
    ],
  ])('names the key of a bad value %j', (alerts, message) => {
    expect(() =>
      readAlertSettings(new ConfigReader({ infraHealth: { alerts } })),
    ).toThrow(message);
  });
});
