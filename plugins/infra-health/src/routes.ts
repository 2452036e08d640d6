import {
  createExternalRouteRef,
  createRouteRef,
  createSubRouteRef,
} from '@backstage/core-plugin-api';

/*
 * The route refs come from @backstage/core-plugin-api: its refs carry both
 * the legacy routing fields and the new frontend system's, so one set serves
 * `createPlugin`/`createRoutableExtension` (src/index.ts) and
 * `createFrontendPlugin`/`PageBlueprint` (src/alpha.tsx) alike. Refs made with
 * @backstage/frontend-plugin-api are unknown to a legacy app's router.
 */

/** The plugin's page, /infra-health (its tabs live under it). */
export const rootRouteRef = createRouteRef({ id: 'infra-health' });

/**
 * The fleet tab (new frontend system: the fleet sub-page's own route); cards
 * link here with `?cluster=<name>` to open a cluster's checks.
 */
export const fleetRouteRef = createRouteRef({ id: 'infra-health/fleet' });

/** The pending changes tab (new frontend system: the changes sub-page). */
export const changesRouteRef = createRouteRef({ id: 'infra-health/changes' });

/**
 * The fleet tab of the legacy `InfraHealthPage`: a legacy app mounts only the
 * page, so its tabs are paths under it.
 */
export const fleetTabRouteRef = createSubRouteRef({
  id: 'infra-health/fleet-tab',
  parent: rootRouteRef,
  path: '/fleet',
});

/** The changes tab of the legacy `InfraHealthPage`. */
export const changesTabRouteRef = createSubRouteRef({
  id: 'infra-health/changes-tab',
  parent: rootRouteRef,
  path: '/changes',
});

/**
 * A template's form in the scaffolder (`/create/templates/:namespace/:templateName`),
 * bound by default to the scaffolder's selected-template route; the change
 * card opens day-2 templates through it with the form filled in. Optional: an
 * app without the scaffolder still shows the change cards, without the buttons.
 */
export const createTemplateRouteRef = createExternalRouteRef({
  id: 'infra-health/create-template',
  params: ['namespace', 'templateName'],
  optional: true,
  defaultTarget: 'scaffolder.selectedTemplate',
});
