import { DEFAULT_NESTED_VLANS } from '../addresses/vlanPlan';
import { RequestValidationError } from '../requests/RequestValidationError';
import { sshEd25519Key, validClusterRequest } from '../testUtils/fixtures';
import {
  DEFAULT_NESTED_PLATFORM,
  NestedClusterRequest,
  resolveNestedClusterRequest,
} from './request';

const platform = { ...DEFAULT_NESTED_PLATFORM, vlans: DEFAULT_NESTED_VLANS };

function issuesOf(request: unknown): Array<{ field: string; rule: string }> {
  try {
    resolveNestedClusterRequest(request as NestedClusterRequest, platform);
  } catch (error) {
    if (error instanceof RequestValidationError) return error.issues;
    throw error;
  }
  return [];
}

const rsaKeyWithEd25519Body = sshEd25519Key().replace('ssh-ed25519', 'ssh-rsa');

/**
 * The corpus of bad requests: each breaks one rule and must be rejected with
 * an issue naming the field and the rule.
 */
const BAD_REQUESTS: Array<
  [
    string,
    Partial<NestedClusterRequest> | Record<string, unknown>,
    string,
    RegExp,
  ]
> = [
  ['uppercase name', { name: 'Payments' }, 'name', /DNS-1123 label/],
  ['name with underscore', { name: 'pay_ments' }, 'name', /DNS-1123 label/],
  [
    'name starting with a dash',
    { name: '-payments' },
    'name',
    /DNS-1123 label/,
  ],
  ['name ending with a dash', { name: 'payments-' }, 'name', /DNS-1123 label/],
  ['name too long', { name: 'a'.repeat(41) }, 'name', /at most 40 characters/],
  ['empty name', { name: '' }, 'name', /required/],
  [
    'name with a path separator',
    { name: 'dev/payments' },
    'name',
    /DNS-1123 label/,
  ],
  [
    'name with a newline',
    { name: 'payments\nkind: Secret' },
    'name',
    /DNS-1123 label/,
  ],
  [
    'name with YAML specials',
    { name: 'payments: {a: 1}' },
    'name',
    /DNS-1123 label/,
  ],
  ['name with a dot', { name: 'payments.dev' }, 'name', /DNS-1123 label/],
  ['number as name', { name: 42 }, 'name', /string/],
  [
    'unknown environment',
    { environment: 'production' },
    'environment',
    /one of dev, qa, staging, prod/,
  ],
  ['owner not a group', { owner: 'user:default/lena.dev' }, 'owner', /group/],
  [
    'owner with spaces',
    { owner: 'app developers' },
    'owner',
    /group entity reference/,
  ],
  [
    'owner with a newline',
    { owner: 'group:default/x\ny' },
    'owner',
    /group entity reference/,
  ],
  [
    'two control planes',
    { controlPlane: { count: 2, size: 'medium' } },
    'controlPlane.count',
    /one of 1, 3/,
  ],
  [
    'zero control planes',
    { controlPlane: { count: 0, size: 'medium' } },
    'controlPlane.count',
    /one of 1, 3/,
  ],
  [
    'prod with one control plane',
    { environment: 'prod', controlPlane: { count: 1, size: 'large' } },
    'controlPlane.count',
    /must be 3 for prod/,
  ],
  [
    'unknown size name',
    { controlPlane: { count: 1, size: 'huge' } },
    'controlPlane.size',
    /one of small, medium, large, xlarge/,
  ],
  [
    'cpu out of range',
    { workers: { count: 1, size: { cpu: 0, memoryGiB: 8, diskGiB: 40 } } },
    'workers.size.cpu',
    /between 1 and 64/,
  ],
  [
    'too many cpus',
    { workers: { count: 1, size: { cpu: 65, memoryGiB: 8, diskGiB: 40 } } },
    'workers.size.cpu',
    /between 1 and 64/,
  ],
  [
    'fractional memory',
    { workers: { count: 1, size: { cpu: 2, memoryGiB: 7.5, diskGiB: 40 } } },
    'workers.size.memoryGiB',
    /whole number/,
  ],
  [
    'memory too small',
    { workers: { count: 1, size: { cpu: 2, memoryGiB: 1, diskGiB: 40 } } },
    'workers.size.memoryGiB',
    /between 2 and 512/,
  ],
  [
    'disk too small',
    { workers: { count: 1, size: { cpu: 2, memoryGiB: 4, diskGiB: 10 } } },
    'workers.size.diskGiB',
    /between 20 and 4096/,
  ],
  [
    'disk as string',
    { workers: { count: 1, size: { cpu: 2, memoryGiB: 4, diskGiB: '40Gi' } } },
    'workers.size.diskGiB',
    /whole number/,
  ],
  [
    'negative workers',
    { workers: { count: -1, size: 'small' } },
    'workers.count',
    /between 0 and 50/,
  ],
  [
    'too many workers',
    { workers: { count: 51, size: 'small' } },
    'workers.count',
    /between 0 and 50/,
  ],
  ['missing workers', { workers: undefined }, 'workers', /required/],
  ['bad channel', { channel: 'stable' }, 'channel', /MicroK8s channel/],
  [
    'channel with shell',
    { channel: '1.32/stable; rm -rf /' },
    'channel',
    /MicroK8s channel/,
  ],
  ['unknown addon', { addons: ['dns', 'istio'] }, 'addons[1]', /one of dns/],
  ['addon listed twice', { addons: ['dns', 'dns'] }, 'addons', /twice/],
  [
    'unknown storage class',
    { storageClass: 'local-path' },
    'storageClass',
    /ceph-rbd/,
  ],
  ['unknown VLAN', { vlans: [105, 107] }, 'vlans[1]', /105, 108, 109/],
  ['VLAN listed twice', { vlans: [108, 108] }, 'vlans[1]', /twice/],
  ['no SSH keys', { sshPublicKeys: [] }, 'sshPublicKeys', /at least one/],
  [
    'malformed SSH key',
    { sshPublicKeys: ['ssh-ed25519 not-base64!!'] },
    'sshPublicKeys[0]',
    /not valid base64/,
  ],
  [
    'SSH key of an unknown type',
    { sshPublicKeys: ['ssh-dss AAAAB3NzaC1kc3MAAACBAP'] },
    'sshPublicKeys[0]',
    /unsupported key type/,
  ],
  [
    'SSH key whose body names another type',
    { sshPublicKeys: [rsaKeyWithEd25519Body] },
    'sshPublicKeys[0]',
    /does not hold a ssh-rsa key/,
  ],
  [
    'SSH key with a newline',
    { sshPublicKeys: [`${sshEd25519Key()}\nssh-ed25519 AAAA`] },
    'sshPublicKeys[0]',
    /single line/,
  ],
  [
    'SSH key without body',
    { sshPublicKeys: ['ssh-ed25519'] },
    'sshPublicKeys[0]',
    /must look like/,
  ],
  [
    'SAN with YAML specials',
    { extraSANs: ['api: x'] },
    'extraSANs[0]',
    /DNS name/,
  ],
  [
    'SAN with a bad IP',
    { extraSANs: ['192.168.105.300'] },
    'extraSANs[0]',
    /not a valid IPv4/,
  ],
  [
    'SAN with a path',
    { extraSANs: ['api.example.org/x'] },
    'extraSANs[0]',
    /DNS name/,
  ],
  [
    'unknown host spread',
    { hostSpread: 'anywhere' },
    'hostSpread',
    /one of required, preferred/,
  ],
];

describe('resolveNestedClusterRequest', () => {
  it('accepts a valid request and fills the defaults', () => {
    const cluster = resolveNestedClusterRequest(
      validClusterRequest(),
      platform,
    );
    expect(cluster.storageClass).toBe('ceph-rbd');
    expect(cluster.vlans.map(v => v.id)).toEqual([105]);
    expect(cluster.addons).toEqual([
      'dns',
      'rbac',
      'ingress',
      'cert-manager',
      'metrics-server',
      'community',
      'argocd',
    ]);
    expect(cluster.controlPlane.size).toEqual({
      cpu: 4,
      memoryGiB: 8,
      diskGiB: 60,
    });
  });

  it('keeps at least 40 bad requests in the corpus', () => {
    expect(BAD_REQUESTS.length).toBeGreaterThanOrEqual(40);
  });

  it.each(BAD_REQUESTS)(
    'rejects %s, naming the field',
    (_label, override, field, rule) => {
      const issues = issuesOf({ ...validClusterRequest(), ...override });
      const issue = issues.find(i => i.field === field);
      expect(issue).toBeDefined();
      expect(issue!.rule).toMatch(rule);
    },
  );

  it('reports every problem of a request at once', () => {
    const issues = issuesOf({
      ...validClusterRequest(),
      name: 'Bad_Name',
      environment: 'uat',
      storageClass: 'nfs',
    });
    expect(issues.map(i => i.field)).toEqual([
      'name',
      'environment',
      'storageClass',
    ]);
  });

  it('says what is wrong in the error message, field first', () => {
    expect(() =>
      resolveNestedClusterRequest(
        { ...validClusterRequest(), name: 'Bad' },
        platform,
      ),
    ).toThrow(/invalid request:\n {2}- name: must be a DNS-1123 label/);
  });
});
