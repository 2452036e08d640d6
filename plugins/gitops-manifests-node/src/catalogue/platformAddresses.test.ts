import { DEFAULT_GITOPS_LAYOUT } from '@proficientnow/backstage-plugin-gitops-common';
import { resolveComponentRequest } from '../appOfApps/componentRequest';
import { renderBootstrapTree } from '../appOfApps/renderBootstrapTree';
import { renderComponentApplication } from '../appOfApps/renderComponent';
import { isManifestFile, RenderedFile } from '../model';
import { RequestValidationError } from '../requests/RequestValidationError';
import { serializeFiles } from '../serialize/yaml';
import { findCatalogueComponent } from './components';
import {
  DEFAULT_PLATFORM_ADDRESSES,
  resolvePlatformAddresses,
} from './platformAddresses';

const OWNER = 'group:default/platform-engineers';
const CILIUM_PATH = 'argocd/apps/infrastructure/networking/cilium.yaml';

function ciliumValues(files: RenderedFile[]): Record<string, any> {
  const file = files.find(f => f.path === CILIUM_PATH);
  if (!file || !isManifestFile(file)) throw new Error(`no ${CILIUM_PATH}`);
  return (file.objects[0] as any).spec.source.helm.valuesObject;
}

describe('resolvePlatformAddresses', () => {
  it('gives the seeds addresses by default', () => {
    expect(resolvePlatformAddresses()).toEqual({
      apiServerVip: '192.168.102.10',
    });
    expect(resolvePlatformAddresses({})).toEqual(DEFAULT_PLATFORM_ADDRESSES);
  });

  it('takes given addresses over the defaults: IPv4, IPv6 or DNS names', () => {
    expect(resolvePlatformAddresses({ apiServerVip: '10.20.0.5' })).toEqual({
      apiServerVip: '10.20.0.5',
    });
    expect(resolvePlatformAddresses({ apiServerVip: 'fd00::10' })).toEqual({
      apiServerVip: 'fd00::10',
    });
    expect(
      resolvePlatformAddresses({
        apiServerVip: 'k8s-api.internal.example.org',
      }),
    ).toEqual({ apiServerVip: 'k8s-api.internal.example.org' });
  });

  it('rejects unknown names and values that are not addresses, all at once', () => {
    expect(() =>
      resolvePlatformAddresses({
        apiServerVIP: '10.0.0.1',
        apiServerVip: '10.0.0.1\nkey: injected',
      } as any),
    ).toThrow(
      'invalid platform addresses:\n' +
        '  - apiServerVIP: is not a platform address (known: apiServerVip)\n' +
        '  - apiServerVip: must be an IPv4 or IPv6 address or a DNS name (got "10.0.0.1\\nkey: injected")',
    );
  });
});

describe('platform addresses in rendered Applications', () => {
  it("renders the seeds' API VIP by default, as before the catalogue became data", () => {
    const { files } = renderComponentApplication(DEFAULT_GITOPS_LAYOUT, {
      name: 'cilium',
      owner: OWNER,
    });
    expect(ciliumValues(files)).toMatchObject({
      kubeProxyReplacement: true,
      k8sServiceHost: '192.168.102.10',
      k8sServicePort: 6443,
    });
    expect(serializeFiles(files).get(CILIUM_PATH)).toContain(
      '\n        k8sServiceHost: 192.168.102.10\n        k8sServicePort: 6443\n',
    );
  });

  it('renders the configured address, leaving the catalogue as it is', () => {
    const { files } = renderComponentApplication(
      DEFAULT_GITOPS_LAYOUT,
      { name: 'cilium', owner: OWNER },
      { apiServerVip: '10.20.0.5' },
    );
    expect(ciliumValues(files).k8sServiceHost).toBe('10.20.0.5');
    const catalogued = findCatalogueComponent('cilium')!.sources[0];
    expect(catalogued.type === 'helm' && catalogued.values).toMatchObject({
      k8sServiceHost: { $platformAddress: 'apiServerVip' },
    });
  });

  it('changes only the Applications that use an address in the bootstrap tree', () => {
    const defaults = serializeFiles(renderBootstrapTree(DEFAULT_GITOPS_LAYOUT));
    const custom = serializeFiles(
      renderBootstrapTree(
        DEFAULT_GITOPS_LAYOUT,
        {},
        { apiServerVip: '10.20.0.5' },
      ),
    );
    const changed = [...custom.keys()].filter(
      path => custom.get(path) !== defaults.get(path),
    );
    expect(changed).toEqual([CILIUM_PATH]);
    expect(custom.get(CILIUM_PATH)).toBe(
      defaults
        .get(CILIUM_PATH)!
        .replace('k8sServiceHost: 192.168.102.10', 'k8sServiceHost: 10.20.0.5'),
    );
  });

  it('substitutes references in request values too', () => {
    const component = resolveComponentRequest(
      {
        name: 'ingress-nginx',
        owner: OWNER,
        values: {
          controller: {
            extraArgs: {
              'publish-status-address': { $platformAddress: 'apiServerVip' },
            },
          },
        },
      },
      { apiServerVip: '10.20.0.5' },
    );
    expect(component.sources[0]).toMatchObject({
      values: {
        controller: { extraArgs: { 'publish-status-address': '10.20.0.5' } },
      },
    });
  });

  it('rejects an unknown address name, naming the component and the value path', () => {
    const request = {
      name: 'cilium',
      owner: OWNER,
      values: {
        hubble: { peers: [{ host: { $platformAddress: 'hubbleVip' } }] },
      },
    };
    expect(() =>
      renderComponentApplication(DEFAULT_GITOPS_LAYOUT, request),
    ).toThrow(RequestValidationError);
    expect(() =>
      renderComponentApplication(DEFAULT_GITOPS_LAYOUT, request),
    ).toThrow(
      'invalid request:\n  - sources[0].values.hubble.peers[0].host: component cilium refers to the unknown platform address "hubbleVip" (known: apiServerVip)',
    );
    expect(() =>
      renderBootstrapTree(DEFAULT_GITOPS_LAYOUT, {
        components: [
          { name: 'metallb', owner: OWNER },
          {
            name: 'custom',
            owner: OWNER,
            domain: 'applications',
            group: 'tools',
            sources: [
              {
                type: 'helm',
                repoURL: 'https://helm.cilium.io',
                chart: 'tool',
                version: '1.0.0',
                values: { host: { $platformAddress: 'apiServerVip', port: 1 } },
              },
            ],
          },
        ],
      }),
    ).toThrow(
      /components\[1\]\.sources\[0\]\.values\.host: component custom has a malformed platform address reference: it must be exactly \{ \$platformAddress: <name> \}/,
    );
  });

  it('fails on bad addresses before rendering anything', () => {
    expect(() =>
      renderBootstrapTree(DEFAULT_GITOPS_LAYOUT, {}, { apiServerVip: '' }),
    ).toThrow(/apiServerVip: must be an IPv4 or IPv6 address or a DNS name/);
  });
});
