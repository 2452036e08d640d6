import {
  BackendFeature,
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import authModuleGuestProvider from '@backstage/plugin-auth-backend-module-guest-provider';
import { Config } from '@backstage/config';
import {
  oidcAuthenticator,
  oidcSignInResolvers,
} from '@backstage/plugin-auth-backend-module-oidc-provider';
import {
  authProvidersExtensionPoint,
  createOAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  CATALOG_USER_RESOLVER,
  createCatalogUserResolverFactory,
} from './catalogUserResolver';

/**
 * OIDC sign-in (Authentik in production) as the `oidc` provider, with
 * Backstage's OIDC authenticator and, besides its resolvers, ours:
 * `platformCatalogUser` (see createCatalogUserResolverFactory). Replaces
 * @backstage/plugin-auth-backend-module-oidc-provider's module, which would
 * register the same provider id.
 */
export const authModulePlatformOidc = createBackendModule({
  pluginId: 'auth',
  moduleId: 'platform-oidc-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        logger: coreServices.logger,
      },
      async init({ providers, catalog, auth, logger }) {
        providers.registerProvider({
          providerId: 'oidc',
          factory: createOAuthProviderFactory({
            authenticator: oidcAuthenticator,
            signInResolverFactories: {
              ...oidcSignInResolvers,
              [CATALOG_USER_RESOLVER]: createCatalogUserResolverFactory({
                catalog,
                auth,
                logger,
              }),
            },
          }),
        });
      },
    });
  },
});

/**
 * The sign-in methods this portal offers, by `portal.signIn.providers` name
 * (guest, authentik); the frontend's sign-in page reads the same key. The
 * backend installs the guest provider only when guest is offered, so a
 * configuration without it has no guest endpoint at all.
 */
export function signInProviders(config: Config): string[] {
  return config.getOptionalStringArray('portal.signIn.providers') ?? ['guest'];
}

/**
 * The auth plugin's sign-in modules for this configuration: OIDC always (it
 * stays idle without auth.providers.oidc), the guest provider only when
 * portal.signIn.providers offers guest.
 */
export function signInModules(config: Config): BackendFeature[] {
  return signInProviders(config).includes('guest')
    ? [authModulePlatformOidc, authModuleGuestProvider]
    : [authModulePlatformOidc];
}
