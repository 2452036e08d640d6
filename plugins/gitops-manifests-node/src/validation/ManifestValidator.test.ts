import fs from 'fs';
import path from 'path';
import { parseAllDocuments } from 'yaml';
import {
  formatValidationErrors,
  ManifestValidationError,
  ManifestValidator,
} from './index';

const FIXTURES = path.join(__dirname, '__fixtures__');
const validator = new ManifestValidator();

function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

function fixtureObjects(name: string): Record<string, any>[] {
  return parseAllDocuments(fixture(name))
    .map(doc => doc.toJS())
    .filter(value => value !== null && value !== undefined);
}

/** `<path> <rule>` per error, the shape most assertions compare. */
function rules(errors: ManifestValidationError[]): string[] {
  return errors.map(e => `${e.path} ${e.rule}`);
}

const supported = new Set(
  ManifestValidator.supportedKinds().map(k => `${k.apiVersion} ${k.kind}`),
);

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

describe('upstream examples', () => {
  const manifestFixtures = [
    'argocd/application.yaml',
    'argocd/project.yaml',
    'kubevirt/vm-cirros.yaml',
    'kubevirt/vm-alpine-datavolume.yaml',
    'kubevirt/vm-pool-cirros.yaml',
    'kubevirt/vmi-nocloud.yaml',
    'kubevirt/vmi-multus-multiple-net.yaml',
    'kubevirt/cdi-registry-image-datavolume.yaml',
    'kubevirt/cdi-import-kubevirt-datavolume.yaml',
    'kubevirt/cdi-blank-image-datavolume.yaml',
    'metallb/ipaddresspool_simple.yaml',
    'metallb/simple_pool_adv_l2.yaml',
    'metallb/l2adv_with_node_selector.yaml',
    'multus/macvlan-pod.yml',
  ];

  it.each(manifestFixtures)('%s validates cleanly', name => {
    const objects = fixtureObjects(name).filter(o =>
      supported.has(`${o.apiVersion} ${o.kind}`),
    );
    expect(objects.length).toBeGreaterThan(0);
    for (const object of objects) {
      expect(validator.validateManifest(object, { file: name })).toEqual([]);
    }
  });

  it('validates the multi-document files as YAML text too', () => {
    const errors = validator.validateYaml(
      fixture('metallb/simple_pool_adv_l2.yaml'),
      {
        file: 'simple_pool_adv_l2.yaml',
      },
    );
    expect(errors).toEqual([]);
  });

  it('reports only the known placeholder problem in the Kube-OVN e2e example', () => {
    // The upstream file holds `<...>` test placeholders; excludeIps is then a
    // string instead of a list. Its Pods have no schema here.
    const errors = validator.validateYaml(
      fixture('kube-ovn/00-lnet-simple.yaml'),
      {
        file: '00-lnet-simple.yaml',
      },
    );
    expect(errors).toEqual([
      {
        object: 'Subnet lnet-simple-subnet1',
        file: '00-lnet-simple.yaml',
        path: '/spec/excludeIps',
        rule: 'must be array',
      },
      {
        object: 'Pod lnet-simple-pod1',
        file: '00-lnet-simple.yaml',
        path: '',
        rule: 'no schema for v1 Pod',
      },
      {
        object: 'Pod lnet-simple-pod2',
        file: '00-lnet-simple.yaml',
        path: '',
        rule: 'no schema for v1 Pod',
      },
    ]);
    const kinds = fixtureObjects('kube-ovn/00-lnet-simple.yaml').map(
      o => o.kind,
    );
    expect(kinds).toEqual(
      expect.arrayContaining([
        'Namespace',
        'ProviderNetwork',
        'Vlan',
        'NetworkAttachmentDefinition',
      ]),
    );
  });

  it('validates the MicroK8s launch configurations', () => {
    expect(
      validator.validateMicroK8sLaunchConfig(
        fixture('microk8s/launch-config-full.example.yaml'),
      ),
    ).toEqual([]);
    expect(
      validator.validateMicroK8sLaunchConfig(
        fixture('microk8s/microk8s.default.yaml'),
      ),
    ).toEqual([]);
  });

  it('validates the cloud-config and network data embedded in the KubeVirt example', () => {
    const [vmi] = fixtureObjects('kubevirt/vmi-multus-multiple-net.yaml');
    expect(validator.validateVirtualMachineCloudInit(vmi)).toEqual([]);

    const broken = clone(vmi);
    const volume = broken.spec.volumes.find((v: any) => v.cloudInitNoCloud);
    volume.cloudInitNoCloud.userData += '\nwrite_files: 5\n';
    volume.cloudInitNoCloud.networkData =
      'version: 2\nethernets:\n  eth1:\n    dhcp4: sometimes\n';
    expect(
      validator.validateVirtualMachineCloudInit(broken, { file: 'vmi.yaml' }),
    ).toEqual([
      {
        object:
          'cloud-config of VirtualMachineInstance vmi-multus-multiple-net',
        file: 'vmi.yaml',
        path: '/write_files',
        rule: 'must be array',
      },
      expect.objectContaining({
        object:
          'network-config of VirtualMachineInstance vmi-multus-multiple-net',
        path: '/ethernets/eth1/dhcp4',
      }),
    ]);
  });

  it('leaves shell-script user-data alone', () => {
    const [vmi] = fixtureObjects('kubevirt/vmi-nocloud.yaml');
    const userData = vmi.spec.volumes.find((v: any) => v.cloudInitNoCloud)
      .cloudInitNoCloud.userData as string;
    expect(userData.startsWith('#!/bin/sh')).toBe(true);
    expect(validator.validateVirtualMachineCloudInit(vmi)).toEqual([]);
  });
});

function virtualMachine(): Record<string, any> {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: {
      name: 'dev-cp-1',
      namespace: 'cluster-dev',
      labels: { 'app.kubernetes.io/part-of': 'dev', role: 'control-plane' },
    },
    spec: {
      runStrategy: 'Always',
      dataVolumeTemplates: [
        {
          metadata: { name: 'dev-cp-1-root' },
          spec: {
            source: {
              registry: { url: 'docker://quay.io/containerdisks/ubuntu:24.04' },
            },
            storage: { resources: { requests: { storage: '40Gi' } } },
          },
        },
      ],
      template: {
        metadata: { labels: { 'kubevirt.io/vm': 'dev-cp-1' } },
        spec: {
          domain: {
            cpu: { cores: 2, sockets: 1, threads: 1 },
            memory: { guest: '8Gi' },
            devices: {
              disks: [
                { name: 'root', disk: { bus: 'virtio' } },
                { name: 'cloudinit', disk: { bus: 'virtio' } },
              ],
              interfaces: [{ name: 'default', masquerade: {} }],
            },
          },
          networks: [{ name: 'default', pod: {} }],
          volumes: [
            { name: 'root', dataVolume: { name: 'dev-cp-1-root' } },
            {
              name: 'cloudinit',
              cloudInitNoCloud: { secretRef: { name: 'dev-cp-1-cloud-init' } },
            },
          ],
        },
      },
    },
  };
}

describe('VirtualMachine (kubevirt.io/v1, swagger definitions)', () => {
  it('accepts a generator-style VirtualMachine', () => {
    expect(validator.validateManifest(virtualMachine())).toEqual([]);
  });

  it('rejects a wrong type with its JSON pointer', () => {
    const vm = virtualMachine();
    vm.spec.template.spec.domain.cpu.cores = '2';
    expect(
      validator.validateManifest(vm, { file: 'clusters/dev/vm.yaml' }),
    ).toEqual([
      {
        object: 'VirtualMachine dev-cp-1',
        file: 'clusters/dev/vm.yaml',
        path: '/spec/template/spec/domain/cpu/cores',
        rule: 'must be integer',
      },
    ]);
  });

  it('rejects an unknown field the API server would silently prune (strict mode)', () => {
    const vm = virtualMachine();
    delete vm.spec.runStrategy;
    vm.spec.runstrategy = 'Always';
    expect(rules(validator.validateManifest(vm))).toEqual([
      '/spec must NOT have additional property "runstrategy"',
    ]);
    // Without strict mode the upstream schema alone lets it through.
    const lenient = new ManifestValidator(undefined, { strict: false });
    expect(lenient.validateManifest(vm)).toEqual([]);
  });

  it('rejects unknown fields in metadata and deep in the template', () => {
    const vm = virtualMachine();
    vm.metadata.lables = { a: 'b' };
    vm.spec.template.spec.domain.devices.disks[0].disk.buss = 'virtio';
    expect(rules(validator.validateManifest(vm))).toEqual([
      '/metadata must NOT have additional property "lables"',
      '/spec/template/spec/domain/devices/disks/0/disk must NOT have additional property "buss"',
    ]);
  });

  it('reports missing required fields', () => {
    const vm = virtualMachine();
    delete vm.spec.template;
    expect(rules(validator.validateManifest(vm))).toEqual([
      '/spec must have required property "template"',
    ]);
    const noSpec = virtualMachine();
    delete noSpec.spec;
    expect(rules(validator.validateManifest(noSpec))).toEqual([
      ' must have required property "spec"',
    ]);
  });

  it('checks probe ports with the upstream type (string or number)', () => {
    // KubeVirt's swagger inlines these IntOrString fields as
    // type: [string, number] instead of referencing IntOrString.
    const vm = virtualMachine();
    const probe: Record<string, any> = { tcpSocket: { port: 22 } };
    vm.spec.template.spec.readinessProbe = probe;
    expect(validator.validateManifest(vm)).toEqual([]);
    probe.tcpSocket.port = 'ssh';
    expect(validator.validateManifest(vm)).toEqual([]);
    probe.tcpSocket.port = true;
    expect(rules(validator.validateManifest(vm))).toEqual([
      '/spec/template/spec/readinessProbe/tcpSocket/port must be string or number',
    ]);
  });

  it('accepts quantities as strings or numbers', () => {
    const vm = virtualMachine();
    vm.spec.template.spec.domain.memory.guest = 8589934592;
    expect(validator.validateManifest(vm)).toEqual([]);
    vm.spec.template.spec.domain.memory.guest = { gi: 8 };
    expect(rules(validator.validateManifest(vm))).toEqual([
      '/spec/template/spec/domain/memory/guest must be string or integer or number',
    ]);
  });

  it('drops null-valued keys before validating', () => {
    const vm = virtualMachine();
    vm.spec.template.spec.domain.firmware = null;
    vm.metadata.annotations = null;
    expect(validator.validateManifest(vm)).toEqual([]);
    expect(vm.metadata.annotations).toBeNull(); // the input is left alone
  });
});

describe('VirtualMachinePool and VirtualMachineInstance', () => {
  it('accepts both forms of the IntOrString maxUnavailable, and nothing else', () => {
    const [pool] = fixtureObjects('kubevirt/vm-pool-cirros.yaml');
    pool.spec.maxUnavailable = 1;
    expect(validator.validateManifest(pool)).toEqual([]);
    pool.spec.maxUnavailable = '25%';
    expect(validator.validateManifest(pool)).toEqual([]);
    pool.spec.maxUnavailable = 1.5;
    expect(rules(validator.validateManifest(pool))).toEqual([
      '/spec/maxUnavailable must be integer or string',
    ]);
  });

  it('rejects a typo inside the pool template', () => {
    const [pool] = fixtureObjects('kubevirt/vm-pool-cirros.yaml');
    pool.spec.virtualMachineTemplate.spec.template.spec.domain.memory.guset =
      '1Gi';
    expect(rules(validator.validateManifest(pool))).toEqual([
      '/spec/virtualMachineTemplate/spec/template/spec/domain/memory must NOT have additional property "guset"',
    ]);
  });

  it('rejects a wrong type in a VMI', () => {
    const [vmi] = fixtureObjects('kubevirt/vmi-nocloud.yaml');
    vmi.spec.terminationGracePeriodSeconds = 'now';
    expect(rules(validator.validateManifest(vmi))).toEqual([
      '/spec/terminationGracePeriodSeconds must be integer',
    ]);
  });
});

describe('DataVolume (cdi.kubevirt.io/v1beta1)', () => {
  const dataVolume = () => ({
    apiVersion: 'cdi.kubevirt.io/v1beta1',
    kind: 'DataVolume',
    metadata: { name: 'ubuntu-2404' },
    spec: {
      source: {
        http: {
          url: 'https://cloud-images.ubuntu.com/noble/current/noble-server-cloudimg-amd64.img',
        },
      },
      storage: { resources: { requests: { storage: '20Gi' as unknown } } },
    },
  });

  it('accepts storage as a string or an integer, nothing else', () => {
    const dv = dataVolume();
    expect(validator.validateManifest(dv)).toEqual([]);
    dv.spec.storage.resources.requests.storage = 21474836480;
    expect(validator.validateManifest(dv)).toEqual([]);
    dv.spec.storage.resources.requests.storage = false;
    expect(rules(validator.validateManifest(dv))).toEqual([
      '/spec/storage/resources/requests/storage must be integer or string',
    ]);
  });

  it('rejects an enum value, an unknown field and a missing spec', () => {
    const dv: Record<string, any> = dataVolume();
    dv.spec.contentType = 'qcow2';
    dv.spec.sorce = {};
    expect(rules(validator.validateManifest(dv))).toEqual([
      '/spec must NOT have additional property "sorce"',
      '/spec/contentType must be one of "kubevirt", "archive"',
    ]);
    delete dv.spec;
    expect(rules(validator.validateManifest(dv))).toEqual([
      ' must have required property "spec"',
    ]);
  });
});

describe('Application and AppProject (argoproj.io/v1alpha1)', () => {
  const application = (): Record<string, any> => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: 'platform-root',
      namespace: 'argocd',
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: {
      project: 'infrastructure',
      source: {
        repoURL: 'https://github.com/example/platform-gitops.git',
        targetRevision: 'main',
        path: 'argocd/platform',
        helm: { valuesObject: { anything: { goes: [1, 'two'] } } },
      },
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: 'argocd',
      },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['CreateNamespace=true'],
      },
    },
  });

  it('accepts a valid Application, including free-form Helm values', () => {
    expect(validator.validateManifest(application())).toEqual([]);
  });

  it('rejects wrong types, unknown and missing fields', () => {
    const app = application();
    app.spec.syncPolicy.automated.prune = 'true';
    app.spec.source.targetRevison = 'main';
    delete app.spec.destination;
    expect(rules(validator.validateManifest(app))).toEqual([
      '/spec must have required property "destination"',
      '/spec/source must NOT have additional property "targetRevison"',
      '/spec/syncPolicy/automated/prune must be boolean',
    ]);
  });

  it('accepts kustomize replica counts as integer or string', () => {
    const app = application();
    delete app.spec.source.helm;
    app.spec.source.kustomize = {
      replicas: [
        { name: 'web', count: 2 },
        { name: 'api', count: '3' },
      ],
    };
    expect(validator.validateManifest(app)).toEqual([]);
    app.spec.source.kustomize.replicas[0].count = [2];
    expect(rules(validator.validateManifest(app))).toEqual([
      '/spec/source/kustomize/replicas/0/count must be integer or string',
    ]);
  });

  it('rejects an AppProject without spec or with a mistyped field', () => {
    const project: Record<string, any> = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: { name: 'infrastructure', namespace: 'argocd' },
      spec: {
        sourceRepos: ['https://github.com/example/platform-gitops.git'],
        destinations: [
          { server: 'https://kubernetes.default.svc', namespace: '*' },
        ],
      },
    };
    expect(validator.validateManifest(project)).toEqual([]);
    project.spec.sourceRepos = 'https://github.com/example/platform-gitops.git';
    project.spec.destination = [];
    expect(rules(validator.validateManifest(project))).toEqual([
      '/spec must NOT have additional property "destination"',
      '/spec/sourceRepos must be array',
    ]);
    delete project.spec;
    expect(rules(validator.validateManifest(project))).toEqual([
      ' must have required property "spec"',
    ]);
  });
});

describe('NetworkAttachmentDefinition (k8s.cni.cncf.io/v1)', () => {
  const nad = (): Record<string, any> => ({
    apiVersion: 'k8s.cni.cncf.io/v1',
    kind: 'NetworkAttachmentDefinition',
    metadata: { name: 'vlan-100', namespace: 'cluster-dev' },
    spec: {
      config: JSON.stringify({
        cniVersion: '0.3.1',
        type: 'kube-ovn',
        server_socket: '/run/openvswitch/kube-ovn-daemon.sock',
        provider: 'vlan-100.cluster-dev.ovn',
      }),
    },
  });

  it('accepts a CNI config and rejects one that is not JSON', () => {
    const object = nad();
    expect(validator.validateManifest(object)).toEqual([]);
    object.spec.config = '{ "cniVersion": "0.3.1", ';
    expect(rules(validator.validateManifest(object))).toEqual([
      '/spec/config must be a JSON object (a CNI configuration)',
    ]);
  });

  it('rejects a config object and a misspelt key', () => {
    const object = nad();
    object.spec.config = { cniVersion: '0.3.1' };
    expect(rules(validator.validateManifest(object))).toEqual([
      '/spec/config must be string',
    ]);
    const typo = nad();
    typo.spec.conifg = typo.spec.config;
    delete typo.spec.config;
    expect(rules(validator.validateManifest(typo))).toEqual([
      '/spec must NOT have additional property "conifg"',
    ]);
  });
});

describe('Kube-OVN Subnet, Vlan, ProviderNetwork (kubeovn.io/v1)', () => {
  it('checks a Subnet', () => {
    const subnet: Record<string, any> = {
      apiVersion: 'kubeovn.io/v1',
      kind: 'Subnet',
      metadata: { name: 'dev-vlan-100' },
      spec: {
        protocol: 'IPv4',
        cidrBlock: '10.100.0.0/24',
        gateway: '10.100.0.1',
        excludeIps: ['10.100.0.1..10.100.0.10'],
        provider: 'vlan-100.cluster-dev.ovn',
        vlan: 'vlan-100',
        mtu: 1500,
      },
    };
    expect(validator.validateManifest(subnet)).toEqual([]);
    subnet.spec.mtu = '1500';
    subnet.spec.cidr = '10.0.0.0/8';
    expect(rules(validator.validateManifest(subnet))).toEqual([
      '/spec must NOT have additional property "cidr"',
      '/spec/mtu must be integer',
    ]);
  });

  it('checks a Vlan', () => {
    const vlan: Record<string, any> = {
      apiVersion: 'kubeovn.io/v1',
      kind: 'Vlan',
      metadata: { name: 'vlan-100' },
      spec: { id: 100, provider: 'physnet1' },
    };
    expect(validator.validateManifest(vlan)).toEqual([]);
    vlan.spec.id = 'hundred';
    delete vlan.spec.provider;
    expect(rules(validator.validateManifest(vlan))).toEqual([
      '/spec must have required property "provider"',
      '/spec/id must be integer',
    ]);
  });

  it('checks a ProviderNetwork', () => {
    const network: Record<string, any> = {
      apiVersion: 'kubeovn.io/v1',
      kind: 'ProviderNetwork',
      metadata: { name: 'physnet1' },
      spec: { defaultInterface: 'eth1', excludeNodes: ['node-a'] },
    };
    expect(validator.validateManifest(network)).toEqual([]);
    delete network.spec.defaultInterface;
    network.spec.excludeNodes = 'node-a';
    expect(rules(validator.validateManifest(network))).toEqual([
      '/spec must have required property "defaultInterface"',
      '/spec/excludeNodes must be array',
    ]);
  });
});

describe('SealedSecret (bitnami.com/v1alpha1)', () => {
  const sealed = (): Record<string, any> => ({
    apiVersion: 'bitnami.com/v1alpha1',
    kind: 'SealedSecret',
    metadata: { name: 'dev-cp-1-cloud-init', namespace: 'cluster-dev' },
    spec: {
      encryptedData: { userdata: 'AgBy3i4OJSWK+PiTySYZZA==' },
      template: {
        type: 'Opaque',
        metadata: {
          name: 'dev-cp-1-cloud-init',
          labels: { a: 'b' },
          whatever: true,
        },
      },
    },
  });

  it('accepts a SealedSecret with a free-form template metadata', () => {
    expect(validator.validateManifest(sealed())).toEqual([]);
  });

  it('rejects a missing encryptedData and non-string values', () => {
    const object = sealed();
    object.spec.encryptedData.userdata = 42;
    expect(rules(validator.validateManifest(object))).toEqual([
      '/spec/encryptedData/userdata must be string',
    ]);
    delete object.spec.encryptedData;
    expect(rules(validator.validateManifest(object))).toEqual([
      '/spec must have required property "encryptedData"',
    ]);
  });
});

describe('MetalLB IPAddressPool and L2Advertisement (metallb.io/v1beta1)', () => {
  it('checks an IPAddressPool', () => {
    const pool: Record<string, any> = {
      apiVersion: 'metallb.io/v1beta1',
      kind: 'IPAddressPool',
      metadata: { name: 'platform', namespace: 'metallb-system' },
      spec: { addresses: ['192.168.10.240/28'], autoAssign: true },
    };
    expect(validator.validateManifest(pool)).toEqual([]);
    pool.spec.autoAssign = 'yes';
    expect(rules(validator.validateManifest(pool))).toEqual([
      '/spec/autoAssign must be boolean',
    ]);
    delete pool.spec.addresses;
    pool.spec.autoAssign = false;
    expect(rules(validator.validateManifest(pool))).toEqual([
      '/spec must have required property "addresses"',
    ]);
  });

  it('checks an L2Advertisement', () => {
    const advertisement: Record<string, any> = {
      apiVersion: 'metallb.io/v1beta1',
      kind: 'L2Advertisement',
      metadata: { name: 'platform', namespace: 'metallb-system' },
      spec: { ipAddressPools: ['platform'] },
    };
    expect(validator.validateManifest(advertisement)).toEqual([]);
    advertisement.spec.ipAddressPools = 'platform';
    advertisement.spec.interface = ['eth0'];
    expect(rules(validator.validateManifest(advertisement))).toEqual([
      '/spec must NOT have additional property "interface"',
      '/spec/ipAddressPools must be array',
    ]);
  });
});

describe('project-written schemas: Namespace, ConfigMap, Secret, Kustomization', () => {
  it('checks a Namespace and its DNS-1123 label name', () => {
    const namespace: Record<string, any> = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'cluster-dev',
        labels: { 'platform.example.com/environment': 'dev' },
      },
    };
    expect(validator.validateManifest(namespace)).toEqual([]);
    namespace.metadata.name = 'cluster.dev';
    namespace.metadata.labels['platform.example.com/environment'] = 'dev env';
    namespace.spec = { finalisers: [] };
    expect(rules(validator.validateManifest(namespace))).toEqual([
      '/metadata/name must be a DNS-1123 label (at most 63 lowercase alphanumerics or "-", starting and ending alphanumeric)',
      '/metadata/labels/platform.example.com~1environment must match pattern "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$"',
      '/spec must NOT have additional property "finalisers"',
    ]);
  });

  it('checks a ConfigMap', () => {
    const configMap: Record<string, any> = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: 'argocd' },
      data: { 'config.yaml': 'a: 1' },
    };
    expect(validator.validateManifest(configMap)).toEqual([]);
    configMap.data.replicas = 3;
    configMap.data['bad key'] = 'x';
    expect(rules(validator.validateManifest(configMap))).toEqual([
      '/data property name "bad key" must match pattern "^[-._a-zA-Z0-9]+$"',
      '/data/replicas must be string',
    ]);
  });

  it('checks a Secret', () => {
    const secret: Record<string, any> = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'repo-creds', namespace: 'argocd' },
      type: 'Opaque',
      data: { password: Buffer.from('hunter2').toString('base64') },
      stringData: { username: 'git' },
    };
    expect(validator.validateManifest(secret)).toEqual([]);
    secret.data.password = 'not base64!';
    secret.strinData = {};
    expect(rules(validator.validateManifest(secret))).toEqual([
      ' must NOT have additional property "strinData"',
      '/data/password must match format "byte"',
    ]);
  });

  it('checks a kustomization.yaml, whose metadata is optional', () => {
    const kustomization: Record<string, any> = {
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      namespace: 'cluster-dev',
      resources: ['namespace.yaml', 'vm-dev-cp-1.yaml'],
      commonLabels: { 'app.kubernetes.io/part-of': 'dev' },
      labels: [{ pairs: { env: 'dev' }, includeSelectors: false }],
      patches: [
        {
          path: 'patch.yaml',
          target: { kind: 'VirtualMachine', name: 'dev-.*' },
        },
      ],
    };
    expect(validator.validateManifest(kustomization)).toEqual([]);
    kustomization.resource = ['x.yaml'];
    kustomization.resources = 'namespace.yaml';
    kustomization.labels[0].pair = {};
    expect(rules(validator.validateManifest(kustomization))).toEqual([
      ' must NOT have additional property "resource"',
      '/labels/0 must NOT have additional property "pair"',
      '/resources must be array',
    ]);
    kustomization.metadata = { name: 'Not_A_Name' };
    expect(rules(validator.validateManifest(kustomization))).toContain(
      '/metadata/name must be a DNS-1123 subdomain (at most 253 lowercase alphanumerics, "-" or ".", starting and ending alphanumeric)',
    );
  });
});

describe('apiVersion, kind and metadata.name', () => {
  it('reports an unknown kind or version as an error', () => {
    const statefulSet = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'web' },
    };
    expect(
      validator.validateManifest(statefulSet, { file: 'web.yaml' }),
    ).toEqual([
      {
        object: 'StatefulSet web',
        file: 'web.yaml',
        path: '',
        rule: 'no schema for apps/v1 StatefulSet',
      },
    ]);
    const oldApp = {
      apiVersion: 'argoproj.io/v1beta1',
      kind: 'Application',
      metadata: { name: 'a' },
    };
    expect(rules(validator.validateManifest(oldApp))).toEqual([
      ' no schema for argoproj.io/v1beta1 Application',
    ]);
  });

  it('requires apiVersion and kind', () => {
    expect(
      rules(validator.validateManifest({ metadata: { name: 'x' } })),
    ).toEqual([
      ' must have required property "apiVersion"',
      ' must have required property "kind"',
    ]);
    expect(rules(validator.validateManifest('kind: Namespace'))).toEqual([
      ' must be object',
    ]);
  });

  it('requires metadata.name to be a DNS-1123 subdomain of at most 253 characters', () => {
    const vm = virtualMachine();
    expect(validator.validateManifest(vm)).toEqual([]);
    vm.metadata.name = 'a.b-c.d';
    expect(validator.validateManifest(vm)).toEqual([]);

    const nameRule =
      'must be a DNS-1123 subdomain (at most 253 lowercase alphanumerics, "-" or ".", starting and ending alphanumeric)';
    for (const bad of [
      'Dev-CP-1',
      'dev_cp_1',
      '-dev',
      'dev.',
      `${'a'.repeat(250)}.bcd`,
    ]) {
      vm.metadata.name = bad;
      expect(validator.validateManifest(vm)).toEqual([
        {
          object: `VirtualMachine ${bad}`,
          path: '/metadata/name',
          rule: nameRule,
        },
      ]);
    }
    vm.metadata.name = `${'a'.repeat(249)}.bcd`; // exactly 253
    expect(validator.validateManifest(vm)).toEqual([]);

    delete vm.metadata.name;
    expect(rules(validator.validateManifest(vm))).toEqual([
      '/metadata must have required property "name"',
    ]);
    delete vm.metadata;
    expect(rules(validator.validateManifest(vm))).toEqual([
      ' must have required property "metadata"',
    ]);
  });

  it('checks the name even when the kind is unknown', () => {
    const object = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'Web' },
    };
    expect(rules(validator.validateManifest(object))).toEqual([
      expect.stringMatching(/^\/metadata\/name must be a DNS-1123 subdomain/),
      ' no schema for apps/v1 StatefulSet',
    ]);
  });

  it('reads YAML text with YAML 1.1 scalars, as Kubernetes tooling does', () => {
    // A plain `yes` is a boolean to go-yaml v2, so this label value is not a string.
    const text =
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: dev\n  labels:\n    managed: yes\n';
    expect(rules(validator.validateYaml(text))).toEqual([
      '/metadata/labels/managed must be string',
    ]);
    // go-yaml v2 has no base-60 integers and keeps timestamps as strings.
    const strings =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: times\ndata:\n  mac: 02:00:00:00:00:01\n  day: 2026-01-31\n';
    expect(validator.validateYaml(strings)).toEqual([]);
    expect(
      rules(validator.validateYaml('a: [1\n', { file: 'x.yaml' })),
    ).toEqual([expect.stringMatching(/^ is not valid YAML: /)]);
  });
});

describe('cloud-config', () => {
  const valid = [
    '#cloud-config',
    'hostname: dev-cp-1',
    'fqdn: dev-cp-1.dev.example.com',
    'users:',
    '  - name: ubuntu',
    '    groups: [sudo]',
    '    shell: /bin/bash',
    "    sudo: 'ALL=(ALL) NOPASSWD:ALL'",
    '    ssh_authorized_keys:',
    '      - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHhT admin@example.com',
    'ssh_pwauth: false',
    'package_update: true',
    'packages: [qemu-guest-agent, snapd]',
    'write_files:',
    '  - path: /var/tmp/microk8s-launch.yaml',
    "    permissions: '0600'",
    '    content: |',
    '      version: 0.2.0',
    'runcmd:',
    '  - [snap, install, microk8s, --classic, --channel=1.36/stable]',
    '  - systemctl enable --now qemu-guest-agent',
    '',
  ].join('\n');

  it('accepts a valid cloud-config', () => {
    expect(validator.validateCloudConfig(valid)).toEqual([]);
  });

  it('names /write_files when it is not a list', () => {
    const userData = '#cloud-config\nhostname: dev-cp-1\nwrite_files: 5\n';
    expect(
      validator.validateCloudConfig(userData, {
        object: 'VirtualMachine dev-cp-1',
        file: 'clusters/dev/dev-cp-1/cloud-init.yaml',
      }),
    ).toEqual([
      {
        object: 'cloud-config of VirtualMachine dev-cp-1',
        file: 'clusters/dev/dev-cp-1/cloud-init.yaml',
        path: '/write_files',
        rule: 'must be array',
      },
    ]);
  });

  it('requires the #cloud-config header line', () => {
    expect(
      validator.validateCloudConfig(valid.replace('#cloud-config\n', '')),
    ).toEqual([
      {
        object: 'cloud-config',
        path: '',
        rule: 'must start with the line "#cloud-config"',
      },
    ]);
    expect(rules(validator.validateCloudConfig(`\n${valid}`))).toEqual([
      ' must start with the line "#cloud-config"',
    ]);
  });

  it('rejects unknown top-level keys and invalid YAML', () => {
    expect(
      rules(validator.validateCloudConfig('#cloud-config\nwrite_file: []\n')),
    ).toEqual([' must NOT have additional property "write_file"']);
    expect(
      rules(validator.validateCloudConfig('#cloud-config\nusers: [\n')),
    ).toEqual([expect.stringMatching(/^ is not valid YAML: /)]);
  });

  it('reads YAML 1.1 like PyYAML: an unquoted 0644 is a number', () => {
    const userData =
      '#cloud-config\nwrite_files:\n  - path: /etc/x\n    permissions: 0644\n';
    expect(rules(validator.validateCloudConfig(userData))).toEqual([
      '/write_files/0/permissions must be string',
    ]);
  });

  it('reads YAML 1.1 like PyYAML: an unquoted 12:30 is a base-60 number', () => {
    const userData = '#cloud-config\nhostname: 12:30\n';
    expect(rules(validator.validateCloudConfig(userData))).toEqual([
      '/hostname must be string',
    ]);
  });

  it('accepts an empty cloud-config', () => {
    expect(validator.validateCloudConfig('#cloud-config\n')).toEqual([]);
  });
});

describe('network-config v2', () => {
  const config = {
    version: 2,
    ethernets: {
      enp1s0: {
        match: { macaddress: '02:00:00:00:00:01' },
        'set-name': 'enp1s0',
        addresses: ['10.100.0.11/24'],
        routes: [{ to: 'default', via: '10.100.0.1' }],
        nameservers: { addresses: ['10.100.0.1'], search: ['dev.example.com'] },
      },
    },
  };

  it('accepts a config with and without the network: wrapper, and as YAML text', () => {
    expect(validator.validateNetworkConfig(config)).toEqual([]);
    expect(validator.validateNetworkConfig({ network: config })).toEqual([]);
    expect(
      validator.validateNetworkConfig(
        'version: 2\nethernets:\n  eth0:\n    dhcp4: true\n',
      ),
    ).toEqual([]);
  });

  it('rejects wrong values', () => {
    const bad = clone(config) as Record<string, any>;
    bad.ethernets.enp1s0.addresses = '10.100.0.11/24';
    const errors = validator.validateNetworkConfig(bad, {
      object: 'VirtualMachine dev-cp-1',
    });
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0].object).toBe('network-config of VirtualMachine dev-cp-1');
    expect(rules(errors)).toContain(
      '/ethernets/enp1s0/addresses must be array',
    );
    expect(
      rules(validator.validateNetworkConfig({ version: 1, config: [] })),
    ).toEqual([
      ' must NOT have additional property "config"',
      '/version must be one of 2',
    ]);
    expect(
      rules(
        validator.validateNetworkConfig({
          network: { version: 2, ethernet: {} },
          extra: 1,
        }),
      ),
    ).toEqual([
      ' must NOT have additional property "extra"',
      '/network must NOT have additional property "ethernet"',
    ]);
  });
});

describe('MicroK8s launch configuration', () => {
  it('rejects an unknown key and a missing version', () => {
    expect(
      validator.validateMicroK8sLaunchConfig(
        { version: '0.2.0', extraKubeletArg: { '--max-pods': '250' } },
        { object: 'VirtualMachine dev-cp-1' },
      ),
    ).toEqual([
      {
        object: 'MicroK8s launch configuration of VirtualMachine dev-cp-1',
        path: '',
        rule: 'must NOT have additional property "extraKubeletArg"',
      },
    ]);
    expect(
      rules(
        validator.validateMicroK8sLaunchConfig({ addons: [{ name: 'dns' }] }),
      ),
    ).toEqual([' must have required property "version"']);
  });

  it('keeps null argument values, which remove an argument', () => {
    expect(
      validator.validateMicroK8sLaunchConfig({
        version: '0.2.0',
        extraKubeAPIServerArgs: { '--event-ttl': null },
      }),
    ).toEqual([]);
  });

  it('checks every document of a multi-document file', () => {
    const text = 'version: 0.1.0\n---\nversion: 0.2.0\naddons: dns\n';
    expect(rules(validator.validateMicroK8sLaunchConfig(text))).toEqual([
      '/addons must be array',
    ]);
  });
});

describe('formatValidationErrors', () => {
  it('prints one line per error', () => {
    expect(
      formatValidationErrors([
        {
          object: 'VirtualMachine dev-cp-1',
          file: 'clusters/dev/dev-cp-1/vm.yaml',
          path: '/spec/template/spec/domain/cpu/cores',
          rule: 'must be integer',
        },
        {
          object: 'cloud-config of VirtualMachine dev-cp-1',
          path: '',
          rule: 'must start with the line "#cloud-config"',
        },
      ]),
    ).toBe(
      [
        'clusters/dev/dev-cp-1/vm.yaml: VirtualMachine dev-cp-1 at /spec/template/spec/domain/cpu/cores: must be integer',
        'cloud-config of VirtualMachine dev-cp-1 at (root): must start with the line "#cloud-config"',
      ].join('\n'),
    );
    expect(formatValidationErrors([])).toBe('');
  });
});

describe('schema location', () => {
  it('supports every kind the generators emit', () => {
    expect([...supported].sort()).toEqual(
      [
        'argoproj.io/v1alpha1 AppProject',
        'argoproj.io/v1alpha1 Application',
        'bitnami.com/v1alpha1 SealedSecret',
        'cdi.kubevirt.io/v1beta1 DataVolume',
        'k8s.cni.cncf.io/v1 NetworkAttachmentDefinition',
        'kubeovn.io/v1 ProviderNetwork',
        'kubeovn.io/v1 Subnet',
        'kubeovn.io/v1 Vlan',
        'kubevirt.io/v1 VirtualMachine',
        'kubevirt.io/v1 VirtualMachineInstance',
        'kustomize.config.k8s.io/v1beta1 Kustomization',
        'metallb.io/v1beta1 IPAddressPool',
        'metallb.io/v1beta1 L2Advertisement',
        'pool.kubevirt.io/v1beta1 VirtualMachinePool',
        'v1 ConfigMap',
        'v1 Namespace',
        'v1 Secret',
        'apps/v1 Deployment',
        'networking.k8s.io/v1 Ingress',
        'policy/v1 PodDisruptionBudget',
        'postgresql.cnpg.io/v1 Cluster',
        'v1 Service',
        'v1 ServiceAccount',
      ].sort(),
    );
    for (const kind of ManifestValidator.supportedKinds()) {
      expect(
        fs.existsSync(
          path.resolve(__dirname, '../../schemas', kind.schemaFile),
        ),
      ).toBe(true);
    }
  });

  it('fails loudly when the schema folder is wrong', () => {
    const broken = new ManifestValidator('/nonexistent/schemas');
    expect(() => broken.validateManifest(virtualMachine())).toThrow(/ENOENT/);
  });
});

describe('Kubernetes built-in kinds (the OpenAPI v3 subset)', () => {
  const service = (spec: Record<string, unknown>, labels = {}) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'shop', labels },
    spec,
  });

  it('accepts int-or-string ports and quantities as the API server does', () => {
    expect(
      validator.validateManifest(
        service({ ports: [{ port: 80, targetPort: 'http' }] }),
      ),
    ).toEqual([]);
    expect(
      validator.validateManifest(
        service({ ports: [{ port: 80, targetPort: 8080 }] }),
      ),
    ).toEqual([]);
    expect(
      rules(
        validator.validateManifest(
          service({ ports: [{ port: 80, targetPort: true }] }),
        ),
      ),
    ).toEqual(['/spec/ports/0/targetPort must be integer or string']);
  });

  it('closes the upstream objects: a misspelt field is an error, not silently pruned', () => {
    expect(
      rules(validator.validateManifest(service({ selectors: { app: 'web' } }))),
    ).toEqual(['/spec must NOT have additional property "selectors"']);
  });

  it('checks label keys and values like the API server, on top of the upstream ObjectMeta', () => {
    expect(
      rules(
        validator.validateManifest(
          service({ ports: [{ port: 80 }] }, { 'bad key!': 'x' }),
        ),
      ),
    ).toEqual([
      expect.stringMatching(
        /^\/metadata\/labels property name "bad key!" must match pattern/,
      ),
    ]);
  });

  it('names a Service with a DNS-1123 label, as Services require', () => {
    const dotted = { ...service({}), metadata: { name: 'web.shop' } };
    expect(rules(validator.validateManifest(dotted))).toEqual([
      expect.stringMatching(/^\/metadata\/name must be a DNS-1123 label/),
    ]);
  });
});
