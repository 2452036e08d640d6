import type { Entity } from '@backstage/catalog-model';
import {
  ApiBlueprint,
  coreExtensionData,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  mockApis,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { screen, within } from '@testing-library/react';
import { infraHealthApiRef } from '../api/InfraHealthApi';
import { InfraHealthClient } from '../api/InfraHealthClient';
import {
  cephHealthCard,
  changesSubPage,
  ciliumHealthCard,
  clusterHealthCard,
  fleetSubPage,
  infraHealthApi,
  infraHealthPage,
  infraHealthPlugin,
  pendingChangesCard,
} from './plugin';
import { mockInfraHealthApi } from '../__testUtils__/fixtures';
import plugin from '../alpha';

describe('infra-health plugin', () => {
  it('is the default export, so app.packages: all discovers it', () => {
    expect(plugin).toBe(infraHealthPlugin);
    expect(plugin.pluginId).toBe('infra-health');
  });

  it.each([
    'api:infra-health',
    'page:infra-health',
    'sub-page:infra-health/fleet',
    'sub-page:infra-health/changes',
    'entity-card:infra-health/cluster',
    'entity-card:infra-health/ceph',
    'entity-card:infra-health/cilium',
    'entity-card:infra-health/pending-changes',
  ] as const)(
    'has the extension %s that the README tells how to configure',
    id => {
      expect(infraHealthPlugin.getExtension(id)).toBeDefined();
    },
  );

  it('registers the client on discovery and fetchApi under infraHealthApiRef', () => {
    const factory = createExtensionTester(infraHealthApi).get(
      ApiBlueprint.dataRefs.factory,
    );
    expect(factory.api).toBe(infraHealthApiRef);
    expect(
      factory.factory({
        discoveryApi: mockApis.discovery(),
        fetchApi: mockApis.fetch(),
      }),
    ).toBeInstanceOf(InfraHealthClient);
  });

  it('puts /infra-health in the sidebar as Platform health, with an icon', () => {
    const page = createExtensionTester(infraHealthPage);
    expect(page.get(coreExtensionData.routePath)).toBe('/infra-health');
    expect(page.get(coreExtensionData.title)).toBe('Platform health');
    expect(page.get(coreExtensionData.icon)).toBeTruthy();
    expect(page.get(coreExtensionData.routeRef)).toBeDefined();
  });

  it('serves the fleet and the pending changes as tabs of the page, linked from the sidebar', async () => {
    renderTestApp({
      extensions: [infraHealthPage, fleetSubPage, changesSubPage],
      apis: [[infraHealthApiRef, mockInfraHealthApi()]],
      initialRouteEntries: ['/infra-health/changes'],
    });
    expect(
      await screen.findByRole('link', { name: '#41 New nested cluster dev-b' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Fleet' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Changes' })).toBeInTheDocument();
    const sidebar = screen.getByRole('navigation', { name: 'sidebar nav' });
    expect(
      within(sidebar).getByRole('link', { name: 'Platform health' }),
    ).toHaveAttribute('href', '/infra-health');
  });

  it('opens the fleet at /infra-health', async () => {
    renderTestApp({
      extensions: [infraHealthPage, fleetSubPage, changesSubPage],
      apis: [[infraHealthApiRef, mockInfraHealthApi()]],
      initialRouteEntries: ['/infra-health'],
    });
    expect(
      await screen.findByRole('radio', { name: 'Critical (1)' }),
    ).toBeInTheDocument();
  });

  it('links a card to the cluster on the fleet page', async () => {
    renderTestApp({
      extensions: [
        createTestEntityPage({
          entity: {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Resource',
            metadata: { name: 'dev-a' },
            spec: { type: 'kubernetes-cluster' },
          },
        }),
        clusterHealthCard,
        infraHealthPage,
        fleetSubPage,
      ],
      apis: [[infraHealthApiRef, mockInfraHealthApi()]],
    });
    expect(
      await screen.findByRole('link', { name: 'All checks on the fleet page' }),
    ).toHaveAttribute('href', '/infra-health/fleet?cluster=platform');
  });

  describe('entity cards', () => {
    const cards = [
      clusterHealthCard,
      cephHealthCard,
      ciliumHealthCard,
      pendingChangesCard,
    ];
    const titles = [
      'Cluster health',
      'Ceph',
      'Cilium',
      'Pending infrastructure changes',
    ];

    async function cardsShownOn(entity: Entity) {
      renderTestApp({
        extensions: [createTestEntityPage({ entity }), ...cards],
        apis: [[infraHealthApiRef, mockInfraHealthApi()]],
      });
      await screen.findAllByRole('heading', { level: 2 });
      return titles.filter(title =>
        screen.queryByRole('heading', { level: 2, name: title }),
      );
    }

    it('shows every card on a kubernetes-cluster Resource', async () => {
      expect(
        await cardsShownOn({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Resource',
          metadata: { name: 'dev-a' },
          spec: { type: 'kubernetes-cluster' },
        }),
      ).toEqual(titles);
    });

    it('shows the Ceph card and pending changes on the annotated rook-ceph component', async () => {
      expect(
        await cardsShownOn({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: 'rook-ceph',
            annotations: {
              'platform.proficientnow.io/health-cluster': 'platform',
            },
          },
          spec: { type: 'service' },
        }),
      ).toEqual(['Ceph', 'Pending infrastructure changes']);
    });

    it('shows only pending changes on another component', async () => {
      expect(
        await cardsShownOn({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'kafka' },
          spec: { type: 'service' },
        }),
      ).toEqual(['Pending infrastructure changes']);
    });
  });
});
