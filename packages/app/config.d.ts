export interface Config {
  portal?: {
    /** Set by ./portal start when it runs the local stand-ins. */
    localStack?: {
      /** @visibility frontend */
      enabled?: boolean;
      /** Web address of the GitOps repository in the GitHub stand-in. @visibility frontend */
      github?: string;
      /** `real` when a real single-node Ceph runs locally, else `stand-in`. @visibility frontend */
      ceph?: string;
      /** Where the local Ceph data comes from, in words. @visibility frontend */
      cephNote?: string;
      /** The local stack's control API (make a stand-in cluster degrade). */
      control?: string;
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
