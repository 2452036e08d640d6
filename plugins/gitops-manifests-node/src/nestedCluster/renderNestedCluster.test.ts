/**
 * @jest-environment node
 */
import { parse } from 'yaml';
import { DEFAULT_GITOPS_LAYOUT } from '@proficientnow/backstage-plugin-gitops-common';
import { isManifestFile, KubeObject } from '../model';
import { collectAllocatedAddresses } from '../repository/collectAllocatedAddresses';
import { serializeFiles } from '../serialize/yaml';
import { sshEd25519Key, validClusterRequest } from '../testUtils/fixtures';
import { makeSealingKeys, unsealValue } from '../testUtils/sealingKeys';
import { renderNestedCluster } from './renderNestedCluster';

const keys = makeSealingKeys();
const TOKEN = '0123456789abcdef0123456789abcdef';
const options = {
  layout: DEFAULT_GITOPS_LAYOUT,
  sealingCertificatePem: keys.certificatePem,
  joinToken: TOKEN,
};

const prodRequest = validClusterRequest({
  name: 'shop-prod',
  environment: 'prod',
  owner: 'group:default/app-developers',
  controlPlane: { count: 3, size: 'large' },
  workers: { count: 5, size: 'xlarge' },
  vlans: [105, 108, 109],
  extraSANs: ['api.shop-prod.proficientnow.example'],
  sshPublicKeys: [sshEd25519Key(1), sshEd25519Key(2, 'second@proficientnow')],
});

function objectsOf(
  result: Awaited<ReturnType<typeof renderNestedCluster>>,
): KubeObject[] {
  return result.files.flatMap(file =>
    isManifestFile(file) ? file.objects : [],
  );
}

function find(objects: KubeObject[], kind: string, name: string) {
  const found = objects.find(o => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found as any;
}

function unsealUserData(objects: KubeObject[], node: string): any {
  const sealed = find(objects, 'SealedSecret', `${node}-cloud-init`);
  const text = unsealValue(
    keys.privateKeyPem,
    `${sealed.metadata.namespace}/${sealed.metadata.name}`,
    sealed.spec.encryptedData.userdata,
  );
  expect(text.startsWith('#cloud-config\n')).toBe(true);
  return parse(text);
}

describe('renderNestedCluster', () => {
  it('renders a 3 control-plane + 5 worker prod cluster: one DataVolume, sealed cloud-init and VM per node', async () => {
    const result = await renderNestedCluster(prodRequest, options);
    const objects = objectsOf(result);
    expect(result.nodes.map(n => n.name)).toEqual([
      'shop-prod-cp-1',
      'shop-prod-cp-2',
      'shop-prod-cp-3',
      'shop-prod-worker-1',
      'shop-prod-worker-2',
      'shop-prod-worker-3',
      'shop-prod-worker-4',
      'shop-prod-worker-5',
    ]);
    expect(objects.filter(o => o.kind === 'VirtualMachine')).toHaveLength(8);
    expect(objects.filter(o => o.kind === 'DataVolume')).toHaveLength(8);
    expect(objects.filter(o => o.kind === 'SealedSecret')).toHaveLength(9); // 8 cloud-init + join token
    expect(result.folder).toBe('clusters/prod/shop-prod');
    expect([...serializeFiles(result.files).keys()]).toEqual([
      'argocd/apps/environments/clusters/shop-prod.yaml',
      'clusters/prod/shop-prod/cluster-spec.yaml',
      'clusters/prod/shop-prod/join-token.yaml',
      'clusters/prod/shop-prod/kustomization.yaml',
      'clusters/prod/shop-prod/namespace.yaml',
      ...result.nodes.map(n => `clusters/prod/shop-prod/${n.name}.yaml`).sort(),
    ]);

    const vm = find(objects, 'VirtualMachine', 'shop-prod-cp-2');
    expect(vm.spec.runStrategy).toBe('Always');
    expect(vm.spec.running).toBeUndefined();
    expect(vm.spec.template.spec.domain.cpu.cores).toBe(8);
    expect(vm.spec.template.spec.domain.memory.guest).toBe('16Gi');
    expect(vm.spec.template.metadata.annotations).toEqual({
      'vlan105.nested-networks.ovn.kubernetes.io/ip_address': '192.168.105.22',
      'vlan108.nested-networks.ovn.kubernetes.io/ip_address': '192.168.108.22',
      'vlan109.nested-networks.ovn.kubernetes.io/ip_address': '192.168.109.22',
    });
    expect(vm.spec.template.spec.networks[0]).toEqual({
      name: 'vlan105',
      multus: { networkName: 'nested-networks/vlan105', default: true },
    });
    // control planes may not share a host
    expect(
      vm.spec.template.spec.affinity.podAntiAffinity
        .requiredDuringSchedulingIgnoredDuringExecution,
    ).toHaveLength(1);

    const disk = find(objects, 'DataVolume', 'shop-prod-worker-1-rootdisk');
    expect(disk.spec.storage.storageClassName).toBe('ceph-rbd');
    expect(disk.spec.storage.resources.requests.storage).toBe('200Gi');

    const app = find(objects, 'Application', 'cluster-shop-prod');
    expect(app.spec.source.path).toBe('clusters/prod/shop-prod');
    expect(app.spec.project).toBe('environments');
    expect(app.spec.syncPolicy.automated.prune).toBe(false); // prod VMs are never pruned by a sync
  });

  it('the first node forms the cluster; every other node joins it by IP; every control plane accepts the token', async () => {
    const result = await renderNestedCluster(prodRequest, options);
    const objects = objectsOf(result);
    const first = parse(
      unsealUserData(objects, 'shop-prod-cp-1').write_files[0].content,
    );
    expect(first).toMatchObject({
      version: '0.2.0',
      persistentClusterToken: TOKEN,
    });
    expect(first.join).toBeUndefined();
    expect(first.addons.map((a: any) => a.name)).toContain('argocd');
    expect(first.extraSANs).toEqual([
      '192.168.105.21',
      // the API's virtual IP, after the eight nodes
      '192.168.105.29',
      'api.shop-prod.clusters.proficientnow.internal',
      'api.shop-prod.proficientnow.example',
    ]);

    const cp2 = parse(
      unsealUserData(objects, 'shop-prod-cp-2').write_files[0].content,
    );
    expect(cp2.join).toEqual({
      url: `192.168.105.21:25000/${TOKEN}`,
      worker: false,
    });
    // so joins keep working once the first node is gone
    expect(cp2.persistentClusterToken).toBe(TOKEN);
    expect(cp2.addons).toBeUndefined();

    const worker = unsealUserData(objects, 'shop-prod-worker-5');
    expect(
      parse(worker.write_files[0].content).persistentClusterToken,
    ).toBeUndefined();
    expect(parse(worker.write_files[0].content).join).toEqual({
      url: `192.168.105.21:25000/${TOKEN}`,
      worker: true,
    });
    expect(worker.write_files[0].path).toBe('/etc/microk8s.yaml');
    expect(worker.snap.commands[0]).toEqual([
      'snap',
      'install',
      'microk8s',
      '--classic',
      '--channel=1.32/stable',
    ]);
    expect(worker.users[0].ssh_authorized_keys).toHaveLength(2);
  });

  it('gives a three-control-plane cluster an API address that answers while any control plane is up', async () => {
    const result = await renderNestedCluster(prodRequest, options);
    const objects = objectsOf(result);
    expect(result.apiVip).toBe('192.168.105.29');
    expect(result.apiServerAddress).toBe('https://192.168.105.29:16443');
    const namespace = find(objects, 'Namespace', 'shop-prod');
    expect(
      namespace.metadata.annotations[
        'platform.proficientnow.io/api-server-address'
      ],
    ).toBe('https://192.168.105.29:16443');
    const app = find(objects, 'Application', 'cluster-shop-prod');
    expect(app.spec.info).toContainEqual({
      name: 'API server address',
      value: 'https://192.168.105.29:16443',
    });
    // every control plane runs keepalived for the VIP; workers do not
    for (const node of ['shop-prod-cp-1', 'shop-prod-cp-2', 'shop-prod-cp-3']) {
      const userData = unsealUserData(objects, node);
      expect(userData.packages).toEqual(['keepalived']);
      const conf = userData.write_files.find(
        (f: any) => f.path === '/etc/keepalived/keepalived.conf',
      ).content;
      expect(conf).toContain('virtual_router_id 29');
      expect(conf).toContain('192.168.105.29/24 dev vlan105');
      expect(conf).toContain(`priority ${200 - Number(node.slice(-1))}`);
      expect(conf).toContain(
        'script "/bin/bash -c \'</dev/tcp/127.0.0.1/16443\'"',
      );
      expect(userData.runcmd).toContainEqual([
        'systemctl',
        'enable',
        '--now',
        'keepalived',
      ]);
    }
    expect(
      unsealUserData(objects, 'shop-prod-worker-1').packages,
    ).toBeUndefined();
    // one control plane: its own address, no VIP
    const single = await renderNestedCluster(
      validClusterRequest({ name: 'one-dev' }),
      options,
    );
    expect(single.apiVip).toBeUndefined();
    expect(single.apiServerAddress).toBe('https://192.168.105.21:16443');
  });

  it('never writes the join token in plaintext', async () => {
    const result = await renderNestedCluster(prodRequest, options);
    for (const [path, content] of serializeFiles(result.files)) {
      expect({ path, leaks: content.includes(TOKEN) }).toEqual({
        path,
        leaks: false,
      });
    }
    const token = find(
      objectsOf(result),
      'SealedSecret',
      'shop-prod-join-token',
    );
    expect(
      unsealValue(
        keys.privateKeyPem,
        'shop-prod/shop-prod-join-token',
        token.spec.encryptedData.token,
      ),
    ).toBe(TOKEN);
  });

  it('renders byte-identical files for the same request, apart from the sealed values', async () => {
    const mask = (files: Map<string, string>) =>
      new Map(
        [...files].map(([path, content]) => [
          path,
          content.replace(/^( {4}\S+: )[A-Za-z0-9+/=]{100,}$/gm, '$1<sealed>'),
        ]),
      );
    const a = serializeFiles(
      (await renderNestedCluster(prodRequest, options)).files,
    );
    const b = serializeFiles(
      (await renderNestedCluster(prodRequest, options)).files,
    );
    expect(mask(a)).toEqual(mask(b));
    // everything without a sealed value is identical byte for byte
    const unsealed = (files: Map<string, string>) =>
      [...files].filter(([, content]) => !content.includes('SealedSecret'));
    expect(unsealed(b)).toEqual(unsealed(a));
    expect(unsealed(a).length).toBeGreaterThan(0);
    // and the mask hid only sealed values
    expect([...mask(a).values()].join('\n')).toContain('userdata: <sealed>');
  });

  it('does not reuse the addresses of clusters already in the repository', async () => {
    const existing = serializeFiles(
      (
        await renderNestedCluster(
          validClusterRequest({ name: 'first' }),
          options,
        )
      ).files,
    );
    const taken = collectAllocatedAddresses(
      [...existing].map(([path, content]) => ({ path, content })),
    );
    expect([...taken].sort()).toEqual([
      '192.168.105.21',
      '192.168.105.22',
      '192.168.105.23',
    ]);
    const second = await renderNestedCluster(
      validClusterRequest({ name: 'second' }),
      { ...options, takenAddresses: taken },
    );
    expect(second.nodes.map(n => n.addresses.vlan105)).toEqual([
      '192.168.105.24',
      '192.168.105.25',
      '192.168.105.26',
    ]);
  });

  it('generates a 32-character token when none is given', async () => {
    const result = await renderNestedCluster(validClusterRequest(), {
      layout: DEFAULT_GITOPS_LAYOUT,
      sealingCertificatePem: keys.certificatePem,
    });
    const token = result.sealedPlaintexts.find(p => p.key === 'token')!.value;
    expect(token).toMatch(/^[0-9a-f]{32}$/);
  });

  it('renders nothing for a bad request or without a sealing certificate', async () => {
    await expect(
      renderNestedCluster(validClusterRequest({ name: 'Bad' }), options),
    ).rejects.toThrow(/name: must be a DNS-1123 label/);
    await expect(
      renderNestedCluster(validClusterRequest(), {
        ...options,
        sealingCertificatePem: '',
      }),
    ).rejects.toThrow(/no sealing certificate/);
  });
});
