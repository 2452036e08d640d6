import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The plugin's page, /infra-health (its tabs live under it). */
export const rootRouteRef = createRouteRef();

/** The fleet tab; cards link here with `?cluster=<name>` to open a cluster's checks. */
export const fleetRouteRef = createRouteRef();

/** The pending changes tab. */
export const changesRouteRef = createRouteRef();
