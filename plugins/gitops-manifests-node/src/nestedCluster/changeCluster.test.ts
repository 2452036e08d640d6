/**
 * @jest-environment node
 */
import { DEFAULT_GITOPS_LAYOUT } from '@proficientnow/backstage-plugin-gitops-common';
import { parse } from 'yaml';
import { DEFAULT_NESTED_VLANS } from '../addresses/vlanPlan';
import { isManifestFile, KubeObject } from '../model';
import { addressesInRepository } from '../repository/addressAllocations';
import { serializeFiles } from '../serialize/yaml';
import { sshEd25519Key, validClusterRequest } from '../testUtils/fixtures';
import { makeSealingKeys, unsealValue } from '../testUtils/sealingKeys';
import { assertRenderedValid } from '../validateRendered';
import {
  ClusterChange,
  planResize,
  planRetire,
  planScaleWorkers,
  planUpgrade,
} from './changeCluster';
import { readClusterRecord } from './clusterRecord';
import { deriveJoinToken } from './joinToken';
import {
  nodeAllocationFiles,
  renderNestedCluster,
} from './renderNestedCluster';
import { DEFAULT_NESTED_PLATFORM, NestedClusterPlatform } from './request';

const keys = makeSealingKeys();
const KEY = 'the join token key of the day-2 tests, 32+ characters';
const layout = DEFAULT_GITOPS_LAYOUT;
const platform: NestedClusterPlatform = {
  ...DEFAULT_NESTED_PLATFORM,
  vlans: DEFAULT_NESTED_VLANS,
};
const options = {
  layout,
  sealingCertificatePem: keys.certificatePem,
  joinTokenKey: KEY,
};

/** A repository holding one created cluster, as a path -> text map. */
async function repositoryWithCluster(
  request = validClusterRequest({
    name: 'shop-dev',
    workers: { count: 2, size: 'small' },
    vlans: [105, 108],
  }),
) {
  const created = await renderNestedCluster(request, options);
  const files = new Map(serializeFiles(created.files));
  for (const [path, content] of nodeAllocationFiles(
    layout,
    created.cluster,
    created.nodes,
  ))
    files.set(path, content);
  return { created, files, text: (p: string) => files.get(p) };
}

function userDataOf(objects: KubeObject[], node: string): any {
  const sealed: any = objects.find(
    o => o.kind === 'SealedSecret' && o.metadata.name === `${node}-cloud-init`,
  );
  return parse(
    unsealValue(
      keys.privateKeyPem,
      `${sealed.metadata.namespace}/${sealed.metadata.name}`,
      sealed.spec.encryptedData.userdata,
    ),
  );
}

describe('day-2 changes to a nested cluster', () => {
  it('scaling up adds workers that join a running control plane with the token it was created with, and touches no existing node', async () => {
    const repo = await repositoryWithCluster();
    const recorded = readClusterRecord(repo.text, layout, 'shop-dev', platform);
    const taken = addressesInRepository(
      layout.clustersPath,
      repo.files.keys(),
      repo.text,
    );
    const change = (await planScaleWorkers(
      recorded,
      4,
      platform,
      taken,
      options,
    ))!;
    expect(change.summary).toBe(
      'workers 2 → 4: adds shop-dev-worker-3 and shop-dev-worker-4 at 192.168.105.24 and .25',
    );
    assertRenderedValid(change.rendered);
    const written = serializeFiles(change.rendered.files);
    expect([...written.keys()].sort()).toEqual([
      'clusters/dev/shop-dev/cluster-spec.yaml',
      'clusters/dev/shop-dev/kustomization.yaml',
      'clusters/dev/shop-dev/shop-dev-worker-3.yaml',
      'clusters/dev/shop-dev/shop-dev-worker-4.yaml',
    ]);
    // nothing else is written: every existing node file stays byte-identical
    expect(change.deletions).toEqual([]);
    expect([...change.extraFiles.keys()].sort()).toEqual([
      'clusters/allocations/vlan105/192.168.105.24.yaml',
      'clusters/allocations/vlan105/192.168.105.25.yaml',
      'clusters/allocations/vlan108/192.168.108.24.yaml',
      'clusters/allocations/vlan108/192.168.108.25.yaml',
    ]);

    // the new worker joins the first control plane with the token that node was installed with
    const objects = change.rendered.files.flatMap(f =>
      isManifestFile(f) ? f.objects : [],
    );
    const created = repo.created.files.flatMap(f =>
      isManifestFile(f) ? f.objects : [],
    );
    const founder = parse(
      userDataOf(created, 'shop-dev-cp-1').write_files[0].content,
    );
    const joining = parse(
      userDataOf(objects, 'shop-dev-worker-3').write_files[0].content,
    );
    expect(founder.persistentClusterToken).toBe(
      deriveJoinToken(KEY, 'shop-dev'),
    );
    expect(joining.join).toEqual({
      url: `192.168.105.21:25000/${founder.persistentClusterToken}`,
      worker: true,
    });
    const cpAddresses = recorded.record.nodes
      .filter(n => n.role === 'control-plane')
      .map(n => n.addresses.vlan105);
    expect(cpAddresses).toContain(joining.join.url.split(':')[0]);

    const kustomization = parse(
      written.get('clusters/dev/shop-dev/kustomization.yaml')!,
    );
    expect(kustomization.resources).toEqual([
      'namespace.yaml',
      'join-token.yaml',
      'cluster-spec.yaml',
      'shop-dev-cp-1.yaml',
      'shop-dev-worker-1.yaml',
      'shop-dev-worker-2.yaml',
      'shop-dev-worker-3.yaml',
      'shop-dev-worker-4.yaml',
    ]);
  });

  it('scaling a three-control-plane cluster keeps its API address: no new node takes the virtual IP, and the record keeps it', async () => {
    const repo = await repositoryWithCluster(
      validClusterRequest({
        name: 'shop-prod',
        environment: 'prod',
        controlPlane: { count: 3, size: 'medium' },
        workers: { count: 1, size: 'small' },
      }),
    );
    expect(repo.created.apiVip).toBe('192.168.105.25');
    const recorded = readClusterRecord(
      repo.text,
      layout,
      'shop-prod',
      platform,
    );
    expect(recorded.record.apiAddress).toBe('192.168.105.25');
    const change = (await planScaleWorkers(
      recorded,
      2,
      platform,
      [],
      options,
    ))!;
    expect(change.summary).toBe(
      'workers 1 → 2: adds shop-prod-worker-2 at 192.168.105.26',
    );
    const record = parse(
      parse(
        serializeFiles(change.rendered.files).get(
          'clusters/prod/shop-prod/cluster-spec.yaml',
        )!,
      ).data['cluster.yaml'],
    );
    expect(record.apiAddress).toBe('192.168.105.25');
  });

  it('scaling down removes the highest-numbered workers and frees their addresses; the same count changes nothing', async () => {
    const repo = await repositoryWithCluster(
      validClusterRequest({
        name: 'shop-dev',
        workers: { count: 3, size: 'small' },
      }),
    );
    const recorded = readClusterRecord(repo.text, layout, 'shop-dev', platform);
    const change = (await planScaleWorkers(
      recorded,
      1,
      platform,
      [],
      options,
    ))!;
    expect(change.summary).toBe(
      'workers 3 → 1: removes shop-dev-worker-2 and shop-dev-worker-3 (192.168.105.23 and .24)',
    );
    expect(change.deletions).toEqual([
      'clusters/dev/shop-dev/shop-dev-worker-2.yaml',
      'clusters/allocations/vlan105/192.168.105.23.yaml',
      'clusters/dev/shop-dev/shop-dev-worker-3.yaml',
      'clusters/allocations/vlan105/192.168.105.24.yaml',
    ]);
    expect(change.onMerge[0]).toContain(
      'microk8s kubectl drain shop-dev-worker-2',
    );
    expect(
      await planScaleWorkers(recorded, 3, platform, [], options),
    ).toBeUndefined();
  });

  it('refuses a worker count out of range, a cluster that is not there and a record that lies, by field', async () => {
    const repo = await repositoryWithCluster();
    const recorded = readClusterRecord(repo.text, layout, 'shop-dev', platform);
    await expect(
      planScaleWorkers(recorded, 51, platform, [], options),
    ).rejects.toThrow(/workerCount: must be between 0 and 50 \(got 51\)/);
    await expect(
      planScaleWorkers(recorded, 1.5, platform, [], options),
    ).rejects.toThrow(/workerCount: must be a whole number/);
    expect(() =>
      readClusterRecord(repo.text, layout, 'nope', platform),
    ).toThrow(/name: no nested cluster named "nope" in the repository/);
    const record = 'clusters/dev/shop-dev/cluster-spec.yaml';
    const tampered = new Map(repo.files);
    tampered.set(
      record,
      repo.files
        .get(record)!
        .replace('count', 'count')
        .replace(/memoryGiB: 4\b/, 'memoryGiB: 4000'),
    );
    expect(() =>
      readClusterRecord(p => tampered.get(p), layout, 'shop-dev', platform),
    ).toThrow(/cluster-spec\.yaml: .*memoryGiB/);
    tampered.set(record, 'a: *b');
    expect(() =>
      readClusterRecord(p => tampered.get(p), layout, 'shop-dev', platform),
    ).toThrow(/cluster-spec\.yaml/);
  });

  it('a scale without the join token key is refused: new nodes could not join', async () => {
    const repo = await repositoryWithCluster();
    const recorded = readClusterRecord(repo.text, layout, 'shop-dev', platform);
    await expect(
      planScaleWorkers(recorded, 3, platform, [], {
        layout,
        sealingCertificatePem: keys.certificatePem,
      }),
    ).rejects.toThrow(/joinTokenKey is not configured/);
  });

  it('resizing changes only the cores and memory of the VMs; the sealed cloud-init stays byte-identical', async () => {
    const repo = await repositoryWithCluster();
    const recorded = readClusterRecord(repo.text, layout, 'shop-dev', platform);
    const change = (await planResize(
      recorded,
      { role: 'worker', size: 'large' },
      repo.text,
    ))!;
    expect(change.summary).toBe(
      'worker nodes 2 vCPU, 4 GiB, 40 GiB disk → 8 vCPU, 16 GiB, 100 GiB disk (large)',
    );
    const path = 'clusters/dev/shop-dev/shop-dev-worker-1.yaml';
    const before = repo.files.get(path)!.split('---\n');
    const after = change.rendered.textFiles!.get(path)!.split('---\n');
    expect(after[0]).toBe(before[0]); // DataVolume
    expect(after[1]).toBe(before[1]); // SealedSecret
    const vm = parse(after[2]);
    expect(vm.spec.template.spec.domain.cpu.cores).toBe(8);
    expect(vm.spec.template.spec.domain.memory.guest).toBe('16Gi');
    expect(
      change.rendered.textFiles!.has(
        'clusters/dev/shop-dev/shop-dev-cp-1.yaml',
      ),
    ).toBe(false);
    expect(change.onMerge.join(' ')).toMatch(/RestartRequired/);
    // the edited files are validated as written
    expect(assertRenderedValid(change.rendered).checked.files).toBe(3);
    await expect(
      planResize(
        recorded,
        { role: 'worker', size: { cpu: 2, memoryGiB: 4, diskGiB: 20 } },
        repo.text,
      ),
    ).rejects.toThrow(/size.diskGiB: must be at least 40 GiB/);
    await expect(
      planResize(
        recorded,
        { role: 'worker', size: { cpu: 0, memoryGiB: 4, diskGiB: 40 } },
        repo.text,
      ),
    ).rejects.toThrow(/size.cpu: must be between 1 and 64 \(got 0\)/);
    expect(
      await planResize(recorded, { role: 'worker', size: 'small' }, repo.text),
    ).toBeUndefined();
  });

  it('retiring removes the folder, the Application and the addresses', async () => {
    const repo = await repositoryWithCluster();
    const recorded = readClusterRecord(repo.text, layout, 'shop-dev', platform);
    const change = planRetire(
      recorded,
      layout,
      [...repo.files.keys(), 'README.md'],
      repo.text,
    );
    expect(change.deletions).toEqual([...repo.files.keys()].sort());
    expect(change.summary).toBe(
      'retires shop-dev (dev): 3 nodes, 6 addresses freed',
    );
  });

  it('two clusters rendered against the same repository never share an address once the first is allocated', async () => {
    const repo = await repositoryWithCluster();
    const taken = addressesInRepository(
      layout.clustersPath,
      repo.files.keys(),
      repo.text,
    );
    const second = await renderNestedCluster(
      validClusterRequest({
        name: 'other-dev',
        sshPublicKeys: [sshEd25519Key(3)],
      }),
      { ...options, takenAddresses: taken },
    );
    const used = second.nodes.map(n => n.addresses.vlan105);
    for (const address of used) expect(taken.has(address)).toBe(false);
  });

  it('upgrades the MicroK8s channel by rolling replacement: workers first, then control planes one at a time, each step a change of its own', async () => {
    const repo = await repositoryWithCluster(
      validClusterRequest({
        name: 'shop-dev',
        workers: { count: 2, size: 'small' },
      }),
    );
    const read = () =>
      readClusterRecord(repo.text, layout, 'shop-dev', platform);
    /** What a merge of the change does to the repository. */
    const merge = (change: ClusterChange) => {
      for (const [p, c] of serializeFiles(change.rendered.files))
        repo.files.set(p, c);
      for (const [p, c] of change.rendered.textFiles ?? [])
        repo.files.set(p, c);
      for (const [p, c] of change.extraFiles) repo.files.set(p, c);
      for (const p of change.deletions) repo.files.delete(p);
    };
    const step = async () => {
      const change = await planUpgrade(read(), '1.33/stable', [], options);
      if (change) {
        assertRenderedValid(change.rendered);
        merge(change);
      }
      return change?.summary;
    };
    const before = new Map(repo.files);
    expect(await step()).toBe(
      'MicroK8s 1.32/stable → 1.33/stable: adds shop-dev-worker-3 at 192.168.105.24 to replace shop-dev-worker-1 (2 more nodes to replace after this)',
    );
    // the replaced node runs on, untouched; the new one installs the new channel
    expect(repo.files.get('clusters/dev/shop-dev/shop-dev-worker-1.yaml')).toBe(
      before.get('clusters/dev/shop-dev/shop-dev-worker-1.yaml'),
    );
    // while an upgrade is under way, the cluster is not scaled
    await expect(
      planScaleWorkers(read(), 3, platform, [], options),
    ).rejects.toThrow(
      /name: an upgrade of shop-dev to 1.33\/stable is under way \(shop-dev-worker-1 to be removed\)/,
    );
    await expect(
      planUpgrade(read(), '1.34/stable', [], options),
    ).rejects.toThrow(
      /channel: an upgrade of shop-dev to 1.33\/stable is under way/,
    );
    expect(await step()).toBe(
      'MicroK8s 1.33/stable: removes shop-dev-worker-1, replaced (2 nodes left on an older channel)',
    );
    expect(await step()).toMatch(
      /adds shop-dev-worker-4 .* to replace shop-dev-worker-2 \(1 more nodes/,
    );
    expect(await step()).toMatch(/removes shop-dev-worker-2/);
    expect(await step()).toMatch(
      /^MicroK8s 1\.32\/stable → 1\.33\/stable: adds shop-dev-cp-2 at 192\.168\.105\.\d+ to replace shop-dev-cp-1$/,
    );
    expect(await step()).toBe(
      'MicroK8s 1.33/stable: removes shop-dev-cp-1, replaced (upgrade done)',
    );
    expect(await step()).toBeUndefined();
    const record = read().record;
    expect(record.nodes.map(n => `${n.name} ${n.channel}`)).toEqual([
      'shop-dev-cp-2 1.33/stable',
      'shop-dev-worker-3 1.33/stable',
      'shop-dev-worker-4 1.33/stable',
    ]);
    expect(record.channel).toBe('1.33/stable');
  });

  it('refuses a downgrade, a skipped minor version and a channel that is not one, by field', async () => {
    const repo = await repositoryWithCluster();
    const recorded = readClusterRecord(repo.text, layout, 'shop-dev', platform);
    await expect(
      planUpgrade(recorded, '1.31/stable', [], options),
    ).rejects.toThrow(
      /channel: MicroK8s is not downgraded: shop-dev is on 1.32\/stable/,
    );
    await expect(
      planUpgrade(recorded, '1.34/stable', [], options),
    ).rejects.toThrow(/channel: upgrade one minor version at a time/);
    await expect(
      planUpgrade(recorded, '1.33/nightly', [], options),
    ).rejects.toThrow(/channel: must be a MicroK8s channel/);
    expect(
      await planUpgrade(recorded, '1.32/stable', [], options),
    ).toBeUndefined();
  });
});
