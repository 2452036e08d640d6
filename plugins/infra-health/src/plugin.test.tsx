import type { Entity } from '@backstage/catalog-model';
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ReactNode } from 'react';
import { Route, Routes } from 'react-router-dom';
import {
  EntityCephHealthCard,
  EntityClusterChangesCard,
  EntityClusterHealthCard,
  EntityPendingChangesCard,
  infraHealthApiRef,
  InfraHealthClient,
  InfraHealthPage,
  infraHealthPlugin,
  isCephHealthAvailable,
  isCiliumHealthAvailable,
  isClusterChangesAvailable,
  isComponentChangesAvailable,
  isInfraHealthCluster,
  isPendingChangesAvailable,
} from './index';
import { createTemplateRouteRef, rootRouteRef } from './routes';
import { mockInfraHealthApi } from './__testUtils__/fixtures';

/*
 * The legacy entry (src/index.ts) in a legacy test app (@backstage/test-utils:
 * core-app-api's routing, no new-frontend-system route resolution), rendering
 * the page and the cards the way a legacy App.tsx and EntityPage.tsx do.
 */

const platformResource: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'platform-cluster',
    annotations: { 'platform.proficientnow.io/health-cluster': 'platform' },
  },
  spec: { type: 'kubernetes-cluster', owner: 'group:default/platform' },
};

const nestedCluster: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'dev-a',
    tags: ['kubevirt'],
    annotations: { 'backstage.io/kubernetes-id': 'dev-a' },
  },
  spec: { type: 'kubernetes-cluster', owner: 'group:default/app-developers' },
};

function entity(
  kind: string,
  name: string,
  annotations?: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, ...(annotations ? { annotations } : {}) },
    spec: { type: 'service' },
  };
}

/** As a legacy App.tsx mounts it: `<Route path="/infra-health" element={<InfraHealthPage />} />`. */
async function renderPage(path: string, api = mockInfraHealthApi()) {
  await renderInTestApp(
    <TestApiProvider apis={[[infraHealthApiRef, api]]}>
      <Routes>
        <Route path="/infra-health/*" element={<InfraHealthPage />} />
      </Routes>
    </TestApiProvider>,
    {
      routeEntries: [path],
      mountedRoutes: { '/infra-health': rootRouteRef },
    },
  );
  return api;
}

/** As a legacy EntityPage.tsx shows a card: inside the entity's EntityProvider. */
async function renderCard(
  card: ReactNode,
  onEntity: Entity,
  mountedRoutes: Parameters<typeof renderInTestApp>[1] = {
    mountedRoutes: { '/infra-health': rootRouteRef },
  },
) {
  const api = mockInfraHealthApi();
  await renderInTestApp(
    <TestApiProvider apis={[[infraHealthApiRef, api]]}>
      <EntityProvider entity={onEntity}>{card}</EntityProvider>
    </TestApiProvider>,
    mountedRoutes,
  );
  return api;
}

describe('legacy frontend system entry', () => {
  it('is a legacy plugin whose API factory builds the client on discovery and fetchApi', () => {
    expect(infraHealthPlugin.getId()).toBe('infra-health');
    const factory = [...infraHealthPlugin.getApis()].find(
      f => f.api.id === infraHealthApiRef.id,
    );
    expect(factory?.deps).toEqual({
      discoveryApi: discoveryApiRef,
      fetchApi: fetchApiRef,
    });
    expect(
      factory?.factory({
        discoveryApi: mockApis.discovery(),
        fetchApi: { fetch: jest.fn() },
      }),
    ).toBeInstanceOf(InfraHealthClient);
    expect(Object.keys(infraHealthPlugin.routes)).toEqual([
      'root',
      'fleet',
      'changes',
    ]);
    expect(infraHealthPlugin.externalRoutes.createTemplate).toBe(
      createTemplateRouteRef,
    );
  });

  describe('InfraHealthPage', () => {
    it('opens the fleet at /infra-health, with the clusters worst first', async () => {
      const api = await renderPage('/infra-health');
      const table = await screen.findByRole('grid');
      const names = within(table)
        .getAllByRole('row')
        .slice(1)
        .map(row => within(row).getAllByRole('rowheader')[0].textContent);
      expect(names.map(n => n?.replace('Stale', ''))).toEqual([
        'platform',
        'qa-1',
        'prod-a',
        'dev-a',
      ]);
      expect(api.getFleet).toHaveBeenCalled();
      expect(
        screen.getByRole('heading', { level: 1, name: 'Platform health' }),
      ).toBeInTheDocument();
      expect(screen.getByRole('tab', { name: 'Fleet' })).toHaveAttribute(
        'aria-selected',
        'true',
      );
    });

    it('serves the pending changes in the Changes tab, and goes back to the fleet', async () => {
      await renderPage('/infra-health/changes');
      expect(
        await screen.findByRole('link', {
          name: '#41 New nested cluster dev-b',
        }),
      ).toBeInTheDocument();
      expect(screen.getByRole('tab', { name: 'Changes' })).toHaveAttribute(
        'aria-selected',
        'true',
      );
      await userEvent.click(screen.getByRole('tab', { name: 'Fleet' }));
      expect(await screen.findByRole('grid')).toBeInTheDocument();
    });
  });

  describe('entity cards', () => {
    it('EntityCephHealthCard shows Ceph’s status and active checks for the entity’s cluster', async () => {
      const api = await renderCard(<EntityCephHealthCard />, platformResource);
      const health = await screen.findByRole('region', {
        name: 'Ceph health',
      });
      expect(api.getCluster).toHaveBeenCalledWith('platform');
      expect(
        screen.getByRole('heading', { level: 2, name: 'Ceph' }),
      ).toBeInTheDocument();
      const active = within(health).getByRole('list', {
        name: 'Active Ceph health checks',
      });
      expect(
        within(active).getByText('OSD_DOWN: 1 osds down'),
      ).toBeInTheDocument();
      expect(within(active).getAllByText('Warning')).toHaveLength(2);
    });

    it('EntityClusterHealthCard shows the cluster’s nodes and links to it on the page’s fleet tab', async () => {
      const api = await renderCard(
        <EntityClusterHealthCard />,
        platformResource,
      );
      const nodes = await screen.findByRole('region', { name: 'Nodes' });
      expect(api.getCluster).toHaveBeenCalledWith('platform');
      expect(within(nodes).getByText('g3-worker-2')).toBeInTheDocument();
      expect(
        screen.getByRole('link', { name: 'All checks on the fleet page' }),
      ).toHaveAttribute('href', '/infra-health/fleet?cluster=platform');
    });

    it('EntityClusterHealthCard leaves the fleet link out when the app has no InfraHealthPage', async () => {
      await renderCard(<EntityClusterHealthCard />, platformResource, {});
      expect(
        await screen.findByRole('region', { name: 'Nodes' }),
      ).toBeInTheDocument();
      expect(
        screen.queryByRole('link', { name: 'All checks on the fleet page' }),
      ).not.toBeInTheDocument();
    });

    it('EntityPendingChangesCard lists the entity’s changes and links to the Changes tab', async () => {
      const api = await renderCard(<EntityPendingChangesCard />, nestedCluster);
      expect(
        await screen.findByRole('list', { name: 'Pending changes' }),
      ).toBeInTheDocument();
      expect(api.getPendingChanges).toHaveBeenCalledWith({ target: 'dev-a' });
      expect(screen.getByRole('link', { name: 'All changes' })).toHaveAttribute(
        'href',
        '/infra-health/changes',
      );
    });

    it('EntityClusterChangesCard opens the day-2 templates through the bound createTemplate route', async () => {
      await renderCard(<EntityClusterChangesCard />, nestedCluster, {
        mountedRoutes: {
          '/create/templates/:namespace/:templateName': createTemplateRouteRef,
        },
      });
      const scale = await screen.findByRole('link', { name: 'Scale workers' });
      expect(scale.getAttribute('href')).toMatch(
        /^\/create\/templates\/default\/nested-cluster-scale\?formData=/,
      );
    });
  });

  it('exports predicates for EntitySwitch.Case that match where the new system’s filters put each card', () => {
    const ceph = entity('Component', 'rook-ceph', {
      'platform.proficientnow.io/health-cluster': 'platform',
    });
    const cilium = entity('Component', 'cilium', {
      'platform.proficientnow.io/health-cluster': 'platform',
    });
    const unannotatedCeph = entity('Component', 'rook-ceph');
    const argoApp = entity('Component', 'postgres', {
      'argocd/app-name': 'postgres',
    });
    const kafka = entity('Component', 'kafka');
    const predicates = {
      isInfraHealthCluster,
      isCephHealthAvailable,
      isCiliumHealthAvailable,
      isPendingChangesAvailable,
      isClusterChangesAvailable,
      isComponentChangesAvailable,
    };
    const holding = (e: Entity) =>
      Object.entries(predicates)
        .filter(([, holds]) => holds(e))
        .map(([name]) => name);

    expect(holding(nestedCluster)).toEqual([
      'isInfraHealthCluster',
      'isCephHealthAvailable',
      'isCiliumHealthAvailable',
      'isPendingChangesAvailable',
      'isClusterChangesAvailable',
    ]);
    expect(holding(platformResource)).toEqual([
      'isInfraHealthCluster',
      'isCephHealthAvailable',
      'isCiliumHealthAvailable',
      'isPendingChangesAvailable',
    ]);
    expect(holding(ceph)).toEqual([
      'isCephHealthAvailable',
      'isPendingChangesAvailable',
    ]);
    expect(holding(cilium)).toEqual([
      'isCiliumHealthAvailable',
      'isPendingChangesAvailable',
    ]);
    expect(holding(unannotatedCeph)).toEqual(['isPendingChangesAvailable']);
    expect(holding(argoApp)).toEqual([
      'isPendingChangesAvailable',
      'isComponentChangesAvailable',
    ]);
    expect(holding(kafka)).toEqual(['isPendingChangesAvailable']);
    expect(holding(entity('Group', 'platform'))).toEqual([]);
  });
});
