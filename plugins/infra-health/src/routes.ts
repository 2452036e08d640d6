import {
  createExternalRouteRef,
  createRouteRef,
} from '@backstage/frontend-plugin-api';

/** The plugin's page, /infra-health (its tabs live under it). */
export const rootRouteRef = createRouteRef();

/** The fleet tab; cards link here with `?cluster=<name>` to open a cluster's checks. */
export const fleetRouteRef = createRouteRef();

/** The pending changes tab. */
export const changesRouteRef = createRouteRef();

/**
 * A template's form in the scaffolder (`/create/templates/:namespace/:templateName`),
 * bound by default to the scaffolder's selected-template route; the change
 * card opens day-2 templates through it with the form filled in.
 */
export const createTemplateRouteRef = createExternalRouteRef({
  params: ['namespace', 'templateName'],
  defaultTarget: 'scaffolder.selectedTemplate',
});
