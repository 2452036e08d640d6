import { ConfigReader } from '@backstage/config';
import { readGitHubClientSettings } from '../github/GitHubAccess';
import { readGitOpsConfig } from './readGitOpsConfig';

const REPO = { repository: { url: 'https://github.com/acme/gitops' } };

describe('readGitOpsConfig', () => {
  it('says whether a repository is configured, and defaults the rest', () => {
    expect(readGitOpsConfig(new ConfigReader({})).repositoryConfigured).toBe(
      false,
    );
    const config = readGitOpsConfig(new ConfigReader({ gitops: REPO }));
    expect(config).toMatchObject({
      repositoryConfigured: true,
      repository: { host: 'github.com', owner: 'acme', repo: 'gitops' },
      addresses: { apiServerVip: '192.168.102.10' },
    });
    expect(config.changeSigningKey).toBeUndefined();
  });

  it('signs with the configured key, or one derived from the backend secret', () => {
    const key = 'x'.repeat(40);
    expect(
      readGitOpsConfig(
        new ConfigReader({ gitops: { ...REPO, changes: { signingKey: key } } }),
      ).changeSigningKey,
    ).toBe(key);
    const derived = (secret: string) =>
      readGitOpsConfig(
        new ConfigReader({
          gitops: REPO,
          backend: { auth: { keys: [{ secret }] } },
        }),
      ).changeSigningKey;
    expect(derived('backend-secret-one')).toMatch(/^[0-9a-f]{64}$/);
    expect(derived('backend-secret-one')).toBe(derived('backend-secret-one'));
    expect(derived('backend-secret-one')).not.toBe(
      derived('backend-secret-two'),
    );
    expect(derived('backend-secret-one')).not.toContain('backend-secret-one');
  });

  it('derives join tokens from the configured key, or from a key of their own made from the backend secret', () => {
    const read = (data: object) =>
      readGitOpsConfig(new ConfigReader({ gitops: REPO, ...data }));
    const key = 'j'.repeat(40);
    expect(
      readGitOpsConfig(
        new ConfigReader({
          gitops: { ...REPO, nestedClusters: { joinTokenKey: key } },
        }),
      ).joinTokenKey,
    ).toBe(key);
    expect(read({}).joinTokenKey).toBeUndefined();
    const fromSecret = read({
      backend: { auth: { keys: [{ secret: 's1' }] } },
    });
    expect(fromSecret.joinTokenKey).toMatch(/^[0-9a-f]{64}$/);
    // one secret, two purposes: knowing the signing key tells nothing of the join tokens
    expect(fromSecret.joinTokenKey).not.toBe(fromSecret.changeSigningKey);
  });

  it.each([
    [
      { nestedClusters: { joinTokenKey: 'short' } },
      /gitops\.nestedClusters\.joinTokenKey must be at least 32 characters/,
    ],
    [
      { changes: { signingKey: 'short' } },
      /gitops\.changes\.signingKey must be at least 32 characters/,
    ],
    [
      { platform: { addresses: { apiServerVip: 'not an address!' } } },
      /^gitops\.platform\.addresses\.apiServerVip: must be an IPv4 or IPv6 address or a DNS name/,
    ],
    [
      { platform: { addresses: { ingressVip: '10.0.0.1' } } },
      /^gitops\.platform\.addresses\.ingressVip: is not a platform address/,
    ],
    [
      { repository: { url: 'github.com/acme' } },
      /gitops\.repository\.url must be a repository URL/,
    ],
  ])('names the key and the rule of a bad value: %j', (gitops, message) => {
    expect(() =>
      readGitOpsConfig(new ConfigReader({ gitops: { ...REPO, ...gitops } })),
    ).toThrow(message);
  });
});

describe('readGitHubClientSettings', () => {
  it('reads timeouts, attempts and waits as durations', () => {
    expect(
      readGitHubClientSettings(
        new ConfigReader({
          gitops: {
            github: {
              requestTimeout: '10s',
              maxAttempts: 2,
              maxWait: { seconds: 30 },
              totalWait: 'PT1M',
              writeInterval: { milliseconds: 0 },
            },
          },
        }),
      ),
    ).toEqual({
      requestTimeoutMs: 10_000,
      writeIntervalMs: 0,
      retry: { maxAttempts: 2, maxWaitMs: 30_000, totalWaitMs: 60_000 },
    });
  });

  it.each([
    [
      { maxAttempts: 0 },
      /gitops\.github\.maxAttempts must be a whole number from 1 to 10/,
    ],
    [{ maxAttempts: 2.5 }, /gitops\.github\.maxAttempts/],
    [
      { requestTimeout: '2h' },
      /gitops\.github\.requestTimeout must be a duration between 1 ms and 1 hour/,
    ],
  ])('names the key of a bad value: %j', (github, message) => {
    expect(() =>
      readGitHubClientSettings(new ConfigReader({ gitops: { github } })),
    ).toThrow(message);
  });
});
