import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
  SubPageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { RiHeartPulseLine } from '@remixicon/react';
import { infraHealthApiRef } from '../api/InfraHealthApi';
import { InfraHealthClient } from '../api/InfraHealthClient';
import {
  cephCardFilter,
  ciliumCardFilter,
  clusterCardFilter,
  clusterChangesCardFilter,
  componentChangesCardFilter,
  pendingChangesCardFilter,
} from '../entity/filters';
import {
  changesRouteRef,
  createTemplateRouteRef,
  fleetRouteRef,
  rootRouteRef,
} from '../routes';

export const infraHealthApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: infraHealthApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new InfraHealthClient({ discoveryApi, fetchApi }),
    }),
});

/** /infra-health in the sidebar as "Platform health"; its tabs are the sub-pages below. */
export const infraHealthPage = PageBlueprint.make({
  params: {
    path: '/infra-health',
    title: 'Platform health',
    icon: <RiHeartPulseLine size={20} aria-hidden />,
    routeRef: rootRouteRef,
  },
});

export const fleetSubPage = SubPageBlueprint.make({
  name: 'fleet',
  params: {
    path: 'fleet',
    title: 'Fleet',
    routeRef: fleetRouteRef,
    loader: () =>
      import('../components/FleetPage/FleetPage').then(m => <m.FleetPage />),
  },
});

export const changesSubPage = SubPageBlueprint.make({
  name: 'changes',
  params: {
    path: 'changes',
    title: 'Changes',
    routeRef: changesRouteRef,
    loader: () =>
      import('../components/PendingChanges/PendingChangesPage').then(m => (
        <m.PendingChangesPage />
      )),
  },
});

export const clusterHealthCard = EntityCardBlueprint.make({
  name: 'cluster',
  params: {
    filter: clusterCardFilter,
    loader: () => import('../components/cards').then(m => <m.ClusterCard />),
  },
});

export const cephHealthCard = EntityCardBlueprint.make({
  name: 'ceph',
  params: {
    filter: cephCardFilter,
    loader: () => import('../components/cards').then(m => <m.CephCard />),
  },
});

export const ciliumHealthCard = EntityCardBlueprint.make({
  name: 'cilium',
  params: {
    filter: ciliumCardFilter,
    loader: () => import('../components/cards').then(m => <m.CiliumCard />),
  },
});

export const pendingChangesCard = EntityCardBlueprint.make({
  name: 'pending-changes',
  params: {
    filter: pendingChangesCardFilter,
    loader: () =>
      import('../components/cards').then(m => <m.PendingChangesCard />),
  },
});

export const clusterChangesCard = EntityCardBlueprint.make({
  name: 'cluster-changes',
  params: {
    filter: clusterChangesCardFilter,
    loader: () =>
      import('../components/cards').then(m => <m.ClusterChangesCard />),
  },
});

export const componentChangesCard = EntityCardBlueprint.make({
  name: 'component-changes',
  params: {
    filter: componentChangesCardFilter,
    loader: () =>
      import('../components/cards').then(m => <m.ComponentChangesCard />),
  },
});

/**
 * Health at a glance: the fleet page and the pending changes under
 * /infra-health, and Ceph, Cilium, cluster and pending-changes cards on the
 * entities they concern; on a nested cluster's page, the changes that apply
 * to it (scale, resize, retire), and on a component's page its changes (chart
 * version, values, sync wave, removal), each a pull request.
 */
export const infraHealthPlugin = createFrontendPlugin({
  pluginId: 'infra-health',
  title: 'Platform health',
  icon: <RiHeartPulseLine size={20} aria-hidden />,
  routes: {
    root: rootRouteRef,
    fleet: fleetRouteRef,
    changes: changesRouteRef,
  },
  externalRoutes: {
    createTemplate: createTemplateRouteRef,
  },
  extensions: [
    infraHealthApi,
    infraHealthPage,
    fleetSubPage,
    changesSubPage,
    clusterHealthCard,
    cephHealthCard,
    ciliumHealthCard,
    pendingChangesCard,
    clusterChangesCard,
    componentChangesCard,
  ],
});
