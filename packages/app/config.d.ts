export interface Config {
  portal?: {
    signIn?: {
      /**
       * Sign-in methods offered on the sign-in page, in order. `guest` for local
       * runs; `authentik` for OIDC through Authentik (needs
       * auth.providers.oidc on the backend).
       * @visibility frontend
       */
      providers?: Array<'guest' | 'authentik'>;
    };
  };
}
