import { SignInPage, SignInProviderConfig } from '@backstage/core-components';
import { OAuth2 } from '@backstage/core-app-api';
import {
  ApiBlueprint,
  BackstageIdentityApi,
  configApiRef,
  createApiRef,
  createFrontendModule,
  discoveryApiRef,
  oauthRequestApiRef,
  OpenIdConnectApi,
  ProfileInfoApi,
  SessionApi,
  useApi,
} from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import { SignInPageProps } from '@backstage/core-plugin-api';

/** OIDC sign-in through Authentik, the platform's identity provider (seed RFCs). */
export const authentikAuthApiRef = createApiRef<
  OpenIdConnectApi & ProfileInfoApi & BackstageIdentityApi & SessionApi
>({ id: 'auth.authentik' });

const authentikAuthApi = ApiBlueprint.make({
  name: 'authentik',
  params: defineParams =>
    defineParams({
      api: authentikAuthApiRef,
      deps: {
        configApi: configApiRef,
        discoveryApi: discoveryApiRef,
        oauthRequestApi: oauthRequestApiRef,
      },
      factory: ({ configApi, discoveryApi, oauthRequestApi }) =>
        OAuth2.create({
          configApi,
          discoveryApi,
          oauthRequestApi,
          // the backend's OIDC provider module registers itself as 'oidc'
          provider: { id: 'oidc', title: 'Authentik', icon: () => null },
          environment: configApi.getOptionalString('auth.environment'),
          defaultScopes: ['openid', 'profile', 'email'],
        }),
    }),
});

/** The sign-in methods the portal knows, by their `portal.signIn.providers` name. */
const SIGN_IN_METHODS: Record<string, 'guest' | SignInProviderConfig> = {
  guest: 'guest',
  authentik: {
    id: 'authentik',
    title: 'Authentik',
    message: 'Sign in with your ProficientNow account',
    apiRef: authentikAuthApiRef,
  },
};

/**
 * Offers the sign-in methods named in `portal.signIn.providers`: the guest
 * provider for local runs, Authentik (OIDC) in production.
 */
export function PortalSignInPage(props: SignInPageProps) {
  const configApi = useApi(configApiRef);
  const names = configApi.getOptionalStringArray('portal.signIn.providers') ?? [
    'guest',
  ];
  const offered = names.flatMap(name => {
    const method = SIGN_IN_METHODS[name];
    return method ? [method] : [];
  });
  return (
    <SignInPage
      {...props}
      auto
      providers={offered.length > 0 ? offered : ['guest']}
    />
  );
}

const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => PortalSignInPage,
  },
});

export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [signInPage, authentikAuthApi],
});
