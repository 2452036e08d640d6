/**
 * The portal's self-service backend pieces in a test backend (catalog,
 * scaffolder with our actions, the GitOps backend) against the GitHub
 * stand-in, with the portal's real permission policy deciding for a user
 * whose group memberships the test chooses; and helpers to run a template
 * as that user and read what the portal says back.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { permissionRules } from '@backstage/plugin-catalog-backend/alpha';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import {
  AuthorizeResult,
  PermissionCondition,
} from '@backstage/plugin-permission-common';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { GitHubStandin } from '@internal/github-standin';
import gitopsBackend from '@proficientnow/backstage-plugin-gitops-backend';
import { makeSealingKeys } from '@proficientnow/backstage-plugin-gitops-manifests-node/testUtils';
import gitopsModule from '@proficientnow/backstage-plugin-scaffolder-backend-module-gitops';
import { waitFor } from '@internal/test-support';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  PlatformPermissionPolicy,
  readPlatformPolicyOptions,
} from '../permissions/PlatformPermissionPolicy';

export const repoRoot = path.resolve(__dirname, '../../../..');
export const TOKEN = 'ghs_standin_token';
/** Someone else with write access to the repository, who edits pull requests on GitHub. */
export const EDITOR_TOKEN = 'ghp_someone_else_with_write_access';
export const SIGNING_KEY = 'the portal signing key of the self-service tests';
export const keys = makeSealingKeys();

export const PRIYA = 'user:default/priya.platform';
export const LENA = 'user:default/lena.dev';

export const BUNDLED_TEMPLATES = [
  'nested-cluster',
  'platform-component',
  'bootstrap-gitops',
  'portal-deployment',
];

export interface Portal {
  base: string;
  stop(): Promise<void>;
}

/**
 * Every permission check in the test backend is decided by the portal's real
 * policy for a user with the given group memberships. A conditional decision
 * on a catalog entity (gitops.change.update: the owners may) is applied the
 * way the permission backend has the catalog apply it: with the catalog's own
 * rule on the entity the catalog holds. (The permission backend's HTTP round
 * trip is covered by platformPermissionPolicyModule's own test; with the test
 * backend's mock tokens it refuses the catalog's on-behalf-of requests, so it
 * is not in this loop.)
 */
function permissionsDecidedByPolicy(
  ownership: string[],
  entityOf: (ref: string) => Promise<Entity | undefined>,
) {
  const policy = new PlatformPermissionPolicy(
    readPlatformPolicyOptions(new ConfigReader({})),
  );
  const user = {
    info: { userEntityRef: ownership[0], ownershipEntityRefs: ownership },
  } as any;
  const rules = Object.values(permissionRules);
  const applies = (condition: PermissionCondition, entity: Entity) => {
    const rule = rules.find(r => r.name === condition.rule);
    if (!rule) throw new Error(`no catalog rule ${condition.rule}`);
    return rule.apply(entity, condition.params as any);
  };
  return mockServices.permissions.mock({
    authorize: async requests =>
      Promise.all(
        requests.map(async request => {
          const decision = await policy.handle(
            { permission: (request as any).permission },
            user,
          );
          if (decision.result !== AuthorizeResult.CONDITIONAL) return decision;
          const ref = (request as any).resourceRef as string | undefined;
          const entity = ref ? await entityOf(ref) : undefined;
          const condition = decision.conditions as PermissionCondition;
          return {
            result:
              entity && applies(condition, entity)
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY,
          };
        }),
      ) as any,
    authorizeConditional: async requests =>
      requests.map(() => ({ result: AuthorizeResult.ALLOW })) as any,
  }).factory;
}

/** The portal's backend pieces for self-service, with the user's group memberships under the test's control. */
export async function startPortalBackend(
  standin: GitHubStandin,
  ownership: string[],
  options: {
    templates?: string[];
    features?: any[];
    gitops?: Record<string, unknown>;
  } = {},
): Promise<Portal> {
  let base = '';
  const entityOf = async (ref: string) => {
    const [kind, rest] = ref.split(':');
    const res = await fetch(
      `${base}/api/catalog/entities/by-name/${kind}/${rest}`,
      { headers: { Authorization: mockCredentials.service.header() } },
    );
    return res.status === 200 ? ((await res.json()) as Entity) : undefined;
  };
  const { server } = await startTestBackend({
    features: [
      catalogPlugin,
      scaffolderEntityModel,
      scaffolderPlugin,
      gitopsModule,
      gitopsBackend,
      ...(options.features ?? []),
      permissionsDecidedByPolicy(ownership, entityOf),
      mockServices.rootConfig.factory({
        data: {
          integrations: {
            github: [
              { host: 'github.local', apiBaseUrl: standin.url, token: TOKEN },
            ],
          },
          gitops: {
            repository: {
              url: 'https://github.local/proficientnow/platform-gitops',
            },
            sealing: { certificate: keys.certificatePem },
            changes: { signingKey: SIGNING_KEY },
            // the stand-in has no secondary rate limit to respect
            github: { writeInterval: { milliseconds: 0 } },
            ...options.gitops,
          },
          catalog: {
            rules: [
              {
                allow: [
                  'Group',
                  'User',
                  'Component',
                  'Location',
                  'Template',
                  'System',
                  'Domain',
                  'Resource',
                ],
              },
            ],
            locations: [
              {
                type: 'file',
                target: path.join(repoRoot, 'catalog/org/groups.yaml'),
              },
              {
                type: 'file',
                target: path.join(repoRoot, 'catalog/org/users.yaml'),
              },
              ...(options.templates ?? BUNDLED_TEMPLATES).map(name => ({
                type: 'file',
                target: path.join(repoRoot, `templates/${name}/template.yaml`),
              })),
            ],
          },
        },
      }),
    ],
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    stop: async () => {
      await server.stop();
    },
  };
}

export const headers = (user: string) => ({
  Authorization: mockCredentials.user.header(user),
  'content-type': 'application/json',
});

/** Runs a template as a user (with the form's secret fields, if any) and returns the finished task with its log. */
export async function runTemplate(
  portal: Portal,
  user: string,
  template: string,
  values: Record<string, unknown>,
  secrets?: Record<string, string>,
) {
  // the template, and the owner group the request names (actions refuse an owner the catalog lacks)
  const owner =
    typeof values.owner === 'string' && values.owner.startsWith('group:')
      ? values.owner
      : 'group:default/platform-engineers';
  const [, ownerName] = owner.split('/');
  for (const entity of [
    `template/default/${template}`,
    `group/default/${ownerName}`,
  ])
    await waitFor(`${entity} in the catalog`, async () => {
      const res = await fetch(
        `${portal.base}/api/catalog/entities/by-name/${entity}`,
        { headers: headers(user) },
      );
      return res.status === 200 ? true : undefined;
    });
  const created = await fetch(`${portal.base}/api/scaffolder/v2/tasks`, {
    method: 'POST',
    headers: headers(user),
    body: JSON.stringify({
      templateRef: `template:default/${template}`,
      values,
      ...(secrets ? { secrets } : {}),
    }),
  });
  if (created.status !== 201)
    throw new Error(
      `the scaffolder answered ${created.status}: ${await created.text()}`,
    );
  const { id } = await created.json();
  const task = await waitFor('the catalog or task to settle', async () => {
    const res = await fetch(`${portal.base}/api/scaffolder/v2/tasks/${id}`, {
      headers: headers(user),
    });
    const body = await res.json();
    return ['completed', 'failed', 'cancelled'].includes(body.status)
      ? body
      : undefined;
  });
  const events = await (
    await fetch(`${portal.base}/api/scaffolder/v2/tasks/${id}/events`, {
      headers: headers(user),
    })
  ).json();
  const log = events
    .map((e: any) => e.body?.message)
    .filter(Boolean)
    .join('\n');
  return { task, log, id: id as string };
}

/** The pending change of a pull request, as the GitOps backend reads it back from GitHub. */
export async function pendingChange(
  portal: Portal,
  user: string,
  number: number,
) {
  const res = await fetch(`${portal.base}/api/gitops/changes`, {
    headers: headers(user),
  });
  if (res.status !== 200)
    throw new Error(`GET /api/gitops/changes answered ${res.status}`);
  const answer = await res.json();
  if (!answer.configured)
    throw new Error('the changes service is not configured');
  return answer.changes.find((c: { number: number }) => c.number === number);
}
