import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import {
  createSignInResolverFactory,
  OAuthAuthenticatorResult,
  SignInResolver,
} from '@backstage/plugin-auth-node';
import type { OidcAuthResult } from '@backstage/plugin-auth-backend-module-oidc-provider';
import { CatalogService } from '@backstage/plugin-catalog-node';

/** The name the resolver goes by in auth.providers.oidc.<env>.signIn.resolvers. */
export const CATALOG_USER_RESOLVER = 'platformCatalogUser';

/** What the identity provider says about the person, read from its userinfo answer. */
interface Claims {
  email?: string;
  emailVerified: boolean;
  username?: string;
  groups?: unknown;
}

function claimsOf(result: OAuthAuthenticatorResult<OidcAuthResult>): Claims {
  const info = (result.fullProfile?.userinfo ?? {}) as Record<string, unknown>;
  const text = (v: unknown) =>
    typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  return {
    email: text(info.email),
    emailVerified: info.email_verified === true,
    username: text(info.preferred_username),
    groups: info.groups,
  };
}

/** Who the person is, in words for a message and a log line: never a token. */
function whoIs(claims: Claims): string {
  return (
    claims.email ?? claims.username ?? 'a person without email or username'
  );
}

/**
 * Signs in an OIDC (Authentik) user as their catalog User entity, and only
 * then: the entity is found by the verified `email` claim
 * (spec.profile.email), else by `preferred_username` (metadata.name in the
 * default namespace). Ownership and group membership come from the catalog
 * (memberOf), never from the token. The `groups` claim is checked against
 * the catalog: a group the catalog does not hold means the two disagree, and
 * the sign-in is refused rather than guessed.
 */
export function createCatalogUserResolverFactory(deps: {
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
}) {
  return createSignInResolverFactory({
    optionsSchema: undefined,
    create(): SignInResolver<OAuthAuthenticatorResult<OidcAuthResult>> {
      return async (info, ctx) => {
        const claims = claimsOf(info.result);
        const refuse = (error: Error) => {
          deps.logger.warn(
            `sign-in refused for ${whoIs(claims)}: ${error.message}`,
          );
          throw error;
        };

        let found: string | undefined;
        if (claims.email && claims.emailVerified) {
          found = await ctx
            .findCatalogUser({ filter: { 'spec.profile.email': claims.email } })
            .then(({ entity }) => stringifyEntityRef(entity))
            .catch(() => undefined);
        }
        if (!found && claims.username) {
          found = await ctx
            .findCatalogUser({
              entityRef: { kind: 'User', name: claims.username },
            })
            .then(({ entity }) => stringifyEntityRef(entity))
            .catch(() => undefined);
        }
        if (!found) {
          const tried = [
            claims.email && claims.emailVerified
              ? `spec.profile.email ${claims.email}`
              : undefined,
            claims.username ? `the name ${claims.username}` : undefined,
          ].filter(Boolean);
          // NotAllowedError, not NotFoundError: the latter would be swallowed
          // for a generic message by the resolver chain
          return refuse(
            new NotAllowedError(
              `${whoIs(
                claims,
              )} is not a user of this portal: no User entity in the catalog has ${
                tried.length
                  ? tried.join(' or ')
                  : 'a verified email or a username to match'
              }${
                claims.email && !claims.emailVerified
                  ? ` (the identity provider has not verified ${claims.email})`
                  : ''
              }. Ask the platform team to add you to the catalog.`,
            ),
          );
        }

        if (claims.groups !== undefined) {
          if (
            !Array.isArray(claims.groups) ||
            claims.groups.some(g => typeof g !== 'string')
          ) {
            return refuse(
              new NotAllowedError(
                `the identity provider's groups claim for ${whoIs(
                  claims,
                )} must be a list of group names`,
              ),
            );
          }
          const named = [...new Set(claims.groups as string[])];
          if (named.length > 0) {
            const { items } = await deps.catalog.getEntities(
              {
                filter: { kind: 'Group', 'metadata.name': named },
                fields: ['metadata.name'],
              },
              { credentials: await deps.auth.getOwnServiceCredentials() },
            );
            const held = new Set(
              items.map(e => e.metadata.name.toLocaleLowerCase('en-US')),
            );
            const missing = named.filter(
              g => !held.has(g.toLocaleLowerCase('en-US')),
            );
            if (missing.length > 0) {
              return refuse(
                new NotAllowedError(
                  `the identity provider puts ${whoIs(claims)} in ${missing
                    .map(g => `'${g}'`)
                    .join(', ')}, which ${
                    missing.length === 1 ? 'is not a group' : 'are not groups'
                  } in the catalog; the two must agree before ${found} can sign in. Add the group to the catalog or take the person out of it in the identity provider.`,
                ),
              );
            }
          }
        }

        deps.logger.info(`signed in ${whoIs(claims)} as ${found}`);
        return ctx.signInWithCatalogUser({ entityRef: found });
      };
    },
  });
}
