import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import type { JSX } from 'react';
import { infraHealthApiRef } from './api/InfraHealthApi';
import { InfraHealthClient } from './api/InfraHealthClient';
import {
  changesTabRouteRef,
  createTemplateRouteRef,
  fleetTabRouteRef,
  rootRouteRef,
} from './routes';

/*
 * The plugin for a legacy app (App.tsx with <FlatRoutes>, EntityPage.tsx with
 * EntityLayout). The page and the cards render the components the new
 * frontend system's extensions load (src/newFrontendSystem/plugin.tsx), with
 * the same route refs and the same API ref.
 */

/**
 * Platform health for a legacy app: the client (discovery + fetchApi), the
 * page with its Fleet and Changes tabs, and the entity cards. Routes `fleet`
 * and `changes` are the page's tabs; the external route `createTemplate` (a
 * scaffolder template's form, for the change cards) binds by default to
 * `scaffolder.selectedTemplate`.
 *
 * @public
 */
export const infraHealthPlugin = createPlugin({
  id: 'infra-health',
  apis: [
    createApiFactory({
      api: infraHealthApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new InfraHealthClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
    fleet: fleetTabRouteRef,
    changes: changesTabRouteRef,
  },
  externalRoutes: {
    createTemplate: createTemplateRouteRef,
  },
});

/**
 * The page: `<Route path="/infra-health" element={<InfraHealthPage />} />`,
 * with the Fleet tab (`/infra-health/fleet`, where `/infra-health` leads) and
 * the Changes tab (`/infra-health/changes`).
 *
 * @public
 */
export const InfraHealthPage: () => JSX.Element = infraHealthPlugin.provide(
  createRoutableExtension({
    name: 'InfraHealthPage',
    mountPoint: rootRouteRef,
    component: () =>
      import('./components/InfraHealthPage/InfraHealthPage').then(
        m => m.InfraHealthPage,
      ),
  }),
);

/**
 * Cluster health (nodes, control plane, Argo CD, KubeVirt, custom resources)
 * with a 24-hour sparkline; on an entity where `isInfraHealthCluster` holds.
 *
 * @public
 */
export const EntityClusterHealthCard: () => JSX.Element =
  infraHealthPlugin.provide(
    createComponentExtension({
      name: 'EntityClusterHealthCard',
      component: {
        lazy: () => import('./components/cards').then(m => m.ClusterCard),
      },
    }),
  );

/**
 * Ceph's health, capacity, OSDs, placement groups, monitors and pools; on an
 * entity where `isCephHealthAvailable` holds.
 *
 * @public
 */
export const EntityCephHealthCard: () => JSX.Element =
  infraHealthPlugin.provide(
    createComponentExtension({
      name: 'EntityCephHealthCard',
      component: {
        lazy: () => import('./components/cards').then(m => m.CephCard),
      },
    }),
  );

/**
 * Cilium's agents, operator, connectivity, drops, endpoints and policy
 * errors; on an entity where `isCiliumHealthAvailable` holds.
 *
 * @public
 */
export const EntityCiliumHealthCard: () => JSX.Element =
  infraHealthPlugin.provide(
    createComponentExtension({
      name: 'EntityCiliumHealthCard',
      component: {
        lazy: () => import('./components/cards').then(m => m.CiliumCard),
      },
    }),
  );

/**
 * The infrastructure pull requests waiting for approval whose target is the
 * entity, and its recent rollouts; on an entity where
 * `isPendingChangesAvailable` holds.
 *
 * @public
 */
export const EntityPendingChangesCard: () => JSX.Element =
  infraHealthPlugin.provide(
    createComponentExtension({
      name: 'EntityPendingChangesCard',
      component: {
        lazy: () =>
          import('./components/cards').then(m => m.PendingChangesCard),
      },
    }),
  );

/**
 * A nested cluster as the GitOps repository records it, with Scale, Resize,
 * Upgrade and Retire (scaffolder templates); on an entity where
 * `isClusterChangesAvailable` holds.
 *
 * @public
 */
export const EntityClusterChangesCard: () => JSX.Element =
  infraHealthPlugin.provide(
    createComponentExtension({
      name: 'EntityClusterChangesCard',
      component: {
        lazy: () =>
          import('./components/cards').then(m => m.ClusterChangesCard),
      },
    }),
  );

/**
 * A platform component as the GitOps repository records it (chart version,
 * values, sync wave), with Change and Remove (scaffolder templates); on an
 * entity where `isComponentChangesAvailable` holds.
 *
 * @public
 */
export const EntityComponentChangesCard: () => JSX.Element =
  infraHealthPlugin.provide(
    createComponentExtension({
      name: 'EntityComponentChangesCard',
      component: {
        lazy: () =>
          import('./components/cards').then(m => m.ComponentChangesCard),
      },
    }),
  );
