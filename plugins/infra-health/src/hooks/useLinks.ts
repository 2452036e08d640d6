import {
  AnyParams,
  ExternalRouteRef,
  RouteFunc,
  RouteRef,
  SubRouteRef,
  useRouteRef,
} from '@backstage/core-plugin-api';
import {
  routeResolutionApiRef,
  useApiHolder,
} from '@backstage/frontend-plugin-api';
import {
  changesRouteRef,
  changesTabRouteRef,
  createTemplateRouteRef,
  fleetRouteRef,
  fleetTabRouteRef,
} from '../routes';

/**
 * A route's link in either frontend system, or undefined when the app does
 * not have that route (a page left out or disabled, an external route not
 * bound); the components then leave the link out.
 *
 * core-plugin-api's `useRouteRef` asks the new frontend system's route
 * resolution first and a legacy app's routing context otherwise (the one from
 * frontend-plugin-api knows only the former), but it throws where a route is
 * missing. It throws after all its own hooks have run, so catching keeps the
 * hook order.
 */
function useOptionalRouteRef<Params extends AnyParams>(
  routeRef: RouteRef<Params> | SubRouteRef<Params> | ExternalRouteRef<Params>,
): RouteFunc<Params> | undefined {
  try {
    return useRouteRef(routeRef as RouteRef<Params>);
  } catch {
    return undefined;
  }
}

/** True in an app of the new frontend system (it has the route resolution API). */
function useIsNewFrontendSystem(): boolean {
  return Boolean(useApiHolder().get(routeResolutionApiRef));
}

/**
 * One of the page's tabs: the sub-page's own route in the new frontend system
 * (it may be moved or disabled there), the path under the legacy
 * `InfraHealthPage` in a legacy app.
 */
function useTabLink(
  subPage: RouteRef<undefined>,
  legacyTab: SubRouteRef<undefined>,
): (() => string) | undefined {
  const newSystem = useIsNewFrontendSystem();
  const subPageLink = useOptionalRouteRef(subPage);
  const legacyTabLink = useOptionalRouteRef(legacyTab);
  return newSystem ? subPageLink : legacyTabLink;
}

/** The fleet tab, or undefined when the app has no fleet page. */
export function useFleetLink() {
  return useTabLink(fleetRouteRef, fleetTabRouteRef);
}

/** The pending changes tab, or undefined when the app has no changes page. */
export function useChangesLink() {
  return useTabLink(changesRouteRef, changesTabRouteRef);
}

/** A scaffolder template's form, or undefined when the external route is not bound. */
export function useTemplateLink() {
  return useOptionalRouteRef(createTemplateRouteRef);
}
