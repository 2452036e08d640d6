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

  describe('customResources', () => {
    const certificates = {
      group: 'cert-manager.io',
      version: 'v1',
      plural: 'certificates',
      kind: 'Certificate',
    };
    const capiClusters = {
      group: 'cluster.x-k8s.io',
      version: 'v1beta1',
      plural: 'clusters',
      kind: 'Cluster',
      title: 'CAPI clusters',
      namespace: 'nested-dev',
    };
    const cluster = (name: string, extra: object = {}) => ({
      name,
      url: `https://${name}.example:6443`,
      token: 't',
      ...extra,
    });

    it('reads none by default', () => {
      expect(read({}).customResources).toEqual([]);
      expect(
        read({ clusters: [cluster('dev')] }).clusters[0].kubernetes
          ?.customResources,
      ).toEqual([]);
    });

    it('reads the kinds for every cluster; a cluster’s own list replaces them, [] turning them off', () => {
      const settings = read({
        customResources: [certificates, capiClusters],
        clusters: [
          cluster('platform'),
          cluster('dev', { customResources: [certificates] }),
          cluster('qa', { customResources: [] }),
        ],
      });
      expect(settings.customResources).toEqual([certificates, capiClusters]);
      expect(
        settings.clusters.map(c => [
          c.name,
          c.kubernetes?.customResources?.map(k => k.kind),
        ]),
      ).toEqual([
        ['platform', ['Certificate', 'Cluster']],
        ['dev', ['Certificate']],
        ['qa', []],
      ]);
    });

    it.each([
      [
        'a group without a dot',
        { customResources: [{ ...certificates, group: 'certmanager' }] },
        "infraHealth.customResources[0].group: must be the API group of a custom resource: a lower-case DNS name with a dot, e.g. cert-manager.io; got 'certmanager'",
      ],
      [
        'a group in capitals',
        { customResources: [{ ...certificates, group: 'Cert-Manager.io' }] },
        /^infraHealth\.customResources\[0\]\.group: must be the API group/,
      ],
      [
        'a version in capitals',
        { customResources: [{ ...certificates, version: 'V1' }] },
        "infraHealth.customResources[0].version: must be an API version, e.g. v1 or v1beta1; got 'V1'",
      ],
      [
        'a plural in capitals',
        { customResources: [{ ...certificates, plural: 'Certificates' }] },
        "infraHealth.customResources[0].plural: must be the lower-case plural of the resource as in its URL, e.g. certificates; got 'Certificates'",
      ],
      [
        'a plural with a slash',
        {
          customResources: [{ ...certificates, plural: 'certificates/status' }],
        },
        /^infraHealth\.customResources\[0\]\.plural: must be the lower-case plural/,
      ],
      [
        'a kind in lower case',
        { customResources: [{ ...certificates, kind: 'certificate' }] },
        "infraHealth.customResources[0].kind: must be the kind in CamelCase, e.g. Certificate; got 'certificate'",
      ],
      [
        'a namespace that is no name',
        {
          customResources: [{ ...certificates, namespace: 'Platform_Portal' }],
        },
        "infraHealth.customResources[0].namespace: must be a namespace name (lower-case letters, digits and -); got 'Platform_Portal'",
      ],
      [
        'a blank title',
        { customResources: [{ ...certificates, title: '  ' }] },
        "infraHealth.customResources[0].title: must be a name of 1 to 80 characters; got '  '",
      ],
      [
        'a misspelt key',
        { customResources: [{ ...certificates, namspace: 'x' }] },
        'infraHealth.customResources[0].namspace: not a setting of a custom resource kind (group, version, plural, kind, title, namespace)',
      ],
      [
        'the same resource twice',
        {
          customResources: [
            certificates,
            { ...certificates, version: 'v1alpha2', namespace: 'x' },
          ],
        },
        'infraHealth.customResources[1]: certificates.cert-manager.io is configured twice (also at infraHealth.customResources[0]); list it once, without namespace to read every namespace',
      ],
      [
        'no kind',
        { customResources: [{ ...certificates, kind: undefined }] },
        /infraHealth\.customResources\[0\]\.kind/,
      ],
      [
        '51 kinds',
        {
          customResources: Array.from({ length: 51 }, (_, i) => ({
            ...certificates,
            plural: `kind${i}`,
          })),
        },
        'infraHealth.customResources: at most 50 kinds (each is a request per cluster and cycle); got 51',
      ],
      [
        'a bad group in a cluster’s own list',
        {
          clusters: [
            cluster('dev', {
              customResources: [{ ...certificates, group: 'example' }],
            }),
          ],
        },
        /^infraHealth\.clusters\[0\]\.customResources\[0\]\.group: must be the API group/,
      ],
    ])('refuses %s, naming the key and the rule', (_label, config, message) => {
      expect(() => read(config)).toThrow(message);
    });
  });
});
