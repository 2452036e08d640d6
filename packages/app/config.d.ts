export interface Config {
  portal?: {
    /** Set by ./portal start when it runs the local stand-ins. */
    localStack?: {
      /** @visibility frontend */
      enabled?: boolean;
      /** Web address of the GitOps repository in the GitHub stand-in. @visibility frontend */
      github?: string;
    };
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
