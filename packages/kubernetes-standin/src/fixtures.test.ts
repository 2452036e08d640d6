/** @jest-environment node */
import { ManifestValidator } from '@proficientnow/backstage-plugin-gitops-manifests-node';
import {
  argoApplications,
  cephCluster,
  cephStatusFromCephJson,
  ciliumDaemonSet,
  ciliumOperatorDeployment,
  nestedCluster,
  nodes,
  platformCluster,
  readFixture,
  virtualMachines,
} from './fixtures';
import { KubeObject } from './types';

function withoutStatus(object: KubeObject): KubeObject {
  const { status: _status, ...rest } = object;
  return rest as KubeObject;
}

describe('fixtures', () => {
  it('builds nodes with kubelet conditions', () => {
    const list = nodes(4, {
      prefix: 'w',
      notReady: 1,
      pressure: 'DiskPressure',
      kubeletVersion: 'v1.30.2',
    });
    expect(list.map(n => n.metadata.name)).toEqual([
      'w-1',
      'w-2',
      'w-3',
      'w-4',
    ]);
    const condition = (i: number, type: string) =>
      list[i].status.conditions.find(c => c.type === type);
    expect(condition(0, 'DiskPressure')).toMatchObject({
      status: 'True',
      reason: 'KubeletHasDiskPressure',
    });
    expect(condition(1, 'Ready')).toMatchObject({
      status: 'True',
      reason: 'KubeletReady',
    });
    expect(condition(3, 'Ready')).toMatchObject({
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
    });
    expect(list[0].status.nodeInfo.kubeletVersion).toBe('v1.30.2');
    expect(list[0].metadata.labels).toHaveProperty([
      'node-role.kubernetes.io/control-plane',
    ]);
  });

  it('builds CephClusters from the Rook samples', () => {
    const ok = cephCluster({ health: 'HEALTH_OK' });
    expect(ok.status.ceph.health).toBe('HEALTH_OK');
    expect(ok.status.ceph.capacity?.bytesTotal).toBe(25757220864);

    const warn = cephCluster({ health: 'HEALTH_WARN' });
    expect(warn.status.ceph.health).toBe('HEALTH_WARN');
    expect(Object.keys(warn.status.ceph.details ?? {}).sort()).toEqual([
      'OSD_DOWN',
      'OSD_HOST_DOWN',
      'PG_AVAILABILITY',
      'POOL_APP_NOT_ENABLED',
    ]);
    expect(warn.status.ceph.details?.OSD_DOWN.message).toBe('1 osds down');

    const err = cephCluster({ health: 'HEALTH_ERR' });
    expect(err.status.ceph.health).toBe('HEALTH_ERR');
    expect(err.status.ceph.details?.OSD_FULL.severity).toBe('HEALTH_ERR');

    const live = cephCluster({ health: 'HEALTH_WARN', sample: 'live' });
    expect(Object.keys(live.status.ceph.details ?? {})).toContain(
      'OSD_ROOT_DOWN',
    );
  });

  it('maps ceph status JSON the way the derived Rook sample was made', () => {
    const mapped = cephStatusFromCephJson(
      readFixture('ceph-status-json-fixture.json')[0],
    );
    const derived = (
      readFixture('cephcluster-status-derived-warn.yaml')[0] as {
        status: { ceph: Record<string, unknown> };
      }
    ).status.ceph;
    expect(mapped.health).toBe(derived.health);
    expect(mapped.fsid).toBe(derived.fsid);
    expect(mapped.details).toEqual(derived.details);
    expect(mapped.capacity).toMatchObject({
      bytesTotal: (derived.capacity as { bytesTotal: number }).bytesTotal,
    });
  });

  it('builds Cilium workloads', () => {
    expect(ciliumDaemonSet({ desired: 3, ready: 2 })).toMatchObject({
      metadata: { name: 'cilium', namespace: 'kube-system' },
      status: {
        desiredNumberScheduled: 3,
        numberReady: 2,
        numberAvailable: 2,
        numberUnavailable: 1,
      },
    });
    expect(ciliumOperatorDeployment(false).status.conditions[0]).toMatchObject({
      type: 'Available',
      status: 'False',
    });
  });

  it('builds Argo CD applications and KubeVirt VMs that validate', () => {
    const validator = new ManifestValidator();
    const apps = argoApplications([
      { name: 'a', sync: 'Synced', health: 'Healthy' },
      { name: 'b', sync: 'OutOfSync', health: 'Degraded' },
    ]);
    expect(apps[1].status).toMatchObject({
      sync: { status: 'OutOfSync' },
      health: { status: 'Degraded' },
    });
    const vms = virtualMachines([
      {
        name: 'vm-1',
        namespace: 'ns',
        printableStatus: 'Running',
        ready: true,
      },
      { name: 'vm-2', namespace: 'ns', printableStatus: 'ErrorUnschedulable' },
      { name: 'vm-3', namespace: 'ns', printableStatus: 'Stopped' },
    ]);
    expect(vms.map(v => [v.status?.printableStatus, v.status?.ready])).toEqual([
      ['Running', true],
      ['ErrorUnschedulable', false],
      ['Stopped', false],
    ]);
    expect(vms[2].spec.runStrategy).toBe('Halted');
    const objects = [...apps, ...vms];
    expect(validator.validateManifests(objects.map(withoutStatus))).toEqual([]);
  });

  it('builds the demo fleet', () => {
    const platform = platformCluster();
    const kinds = new Set(platform.map(o => o.kind));
    for (const kind of [
      'Node',
      'DaemonSet',
      'CephCluster',
      'Application',
      'VirtualMachine',
      'Certificate',
    ]) {
      expect(kinds).toContain(kind);
    }
    expect(platform.filter(o => o.kind === 'Node')).toHaveLength(5);
    const prod = nestedCluster('prod', { degraded: true });
    expect(prod.find(o => o.kind === 'CephCluster')).toMatchObject({
      status: { ceph: { health: 'HEALTH_WARN' } },
    });
    expect(prod.find(o => o.kind === 'DaemonSet')).toMatchObject({
      status: { desiredNumberScheduled: 3, numberReady: 2 },
    });
  });
});
