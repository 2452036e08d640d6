import { ConfigReader } from '@backstage/config';
import { readInfraHealthSettings } from './config';

const read = (infraHealth: object) =>
  readInfraHealthSettings(new ConfigReader({ infraHealth }));

describe('readInfraHealthSettings', () => {
  it('starts from defaults a platform team can use', () => {
    const settings = readInfraHealthSettings(new ConfigReader({}));
    expect(settings).toMatchObject({
      sourceTimeoutMs: 5_000,
      concurrency: 8,
      staleAfterMs: 300_000,
      historyRetentionMs: 7 * 24 * 3_600_000,
      clusters: [],
      catalog: { enabled: true, tokens: {} },
    });
    expect(settings.schedule).toMatchObject({ frequency: { seconds: 30 } });
  });

  it('reads a cluster with its Prometheus, timeouts applied to both', () => {
    const settings = read({
      sourceTimeout: { seconds: 2 },
      clusters: [
        {
          name: 'platform',
          environment: 'platform',
          url: 'https://127.0.0.1:6443',
          token: 't',
          prometheus: {
            url: 'http://127.0.0.1:9090',
            cephSelector: { job: 'ceph' },
          },
        },
      ],
    });
    expect(settings.clusters[0]).toMatchObject({
      name: 'platform',
      kubernetes: { url: 'https://127.0.0.1:6443', timeoutMs: 2_000 },
      prometheus: { cephSelector: { job: 'ceph' }, timeoutMs: 2_000 },
    });
  });

  it.each([
    [
      { clusters: [{ name: 'Dev', url: 'http://127.0.0.1:1', token: 't' }] },
      "infraHealth.clusters[0].name: must be lower-case letters, digits, '-' or '.'; got 'Dev'",
    ],
    [
      { clusters: [{ name: 'dev', url: 'http://127.0.0.1:1' }] },
      /^infraHealth\.clusters\[0\]\.token: required with infraHealth\.clusters\[0\]\.url/,
    ],
    [
      {
        clusters: [
          { name: 'dev', url: 'http://127.0.0.1:1', token: 't' },
          { name: 'dev', url: 'http://127.0.0.1:2', token: 't' },
        ],
      },
      "infraHealth.clusters[1].name: 'dev' is configured twice",
    ],
    [
      { clusters: [{ name: 'dev', url: 'ftp://127.0.0.1', token: 't' }] },
      "infraHealth.clusters[0].url: must be an http(s) URL; got 'ftp://127.0.0.1'",
    ],
    [
      {
        clusters: [
          {
            name: 'dev',
            prometheus: { url: 'http://user:pw@127.0.0.1:9090' },
          },
        ],
      },
      'infraHealth.clusters[0].prometheus.url: must not carry credentials in the URL; use the token setting',
    ],
    [
      {
        clusters: [
          {
            name: 'dev',
            prometheus: {
              url: 'http://127.0.0.1:9090',
              selector: { 'bad-label': 'x' },
            },
          },
        ],
      },
      "infraHealth.clusters[0].prometheus.selector: 'bad-label' is not a Prometheus label name",
    ],
    [{ concurrency: 0 }, /^infraHealth\.concurrency: must be a whole number/],
  ])('refuses %j naming the key and the rule', (config, message) => {
    expect(() => read(config)).toThrow(message);
  });
});
