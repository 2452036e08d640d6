import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GitOpsActionDeps } from '../actions/deps';
import { GitHubAccess, readGitOpsConfig } from '@internal/plugin-gitops-node';

export const GROUPS = [
  ['platform-engineers', 'proficientnow/platform-engineers'],
  ['app-developers', 'proficientnow/app-developers'],
].map(([name, slug]) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'github.com/team-slug': slug },
  },
  spec: { type: 'team', children: [] },
}));

/**
 * Deps for the actions with the permission decision, the GitHub access and
 * the configuration under the test's control.
 */
export function makeDeps(options: {
  decide?: (
    permissionName: string,
  ) => AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  github?: GitHubAccess;
  config?: Record<string, unknown>;
  sealingCertificatePem?: string;
}): GitOpsActionDeps & { decisions: string[] } {
  const decisions: string[] = [];
  const permissions = mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(request => {
        const name = (request as { permission: { name: string } }).permission
          .name;
        decisions.push(name);
        return { result: options.decide?.(name) ?? AuthorizeResult.ALLOW };
      }) as any,
  });
  const config = readGitOpsConfig(
    new ConfigReader({
      gitops: {
        repository: {
          url: 'https://github.local/proficientnow/platform-gitops',
        },
        ...(options.sealingCertificatePem
          ? { sealing: { certificate: options.sealingCertificatePem } }
          : {}),
        ...options.config,
      },
    }),
  );
  const unreachable: GitHubAccess = {
    publisher: async () => {
      throw new Error('this test must not talk to GitHub');
    },
  };
  return {
    config,
    github: options.github ?? unreachable,
    permissions,
    catalog: catalogServiceMock({ entities: GROUPS as any }),
    decisions,
  };
}

export function actionContext<T extends Record<string, any>>(
  input: T,
  extra: Record<string, unknown> = {},
) {
  const workspacePath = mkdtempSync(path.join(os.tmpdir(), 'gitops-action-'));
  const ctx = createMockActionContext({
    input,
    workspacePath,
    getInitiatorCredentials: async () =>
      mockCredentials.user('user:default/lena.dev'),
    user: { ref: 'user:default/lena.dev' },
    ...extra,
  } as any);
  return ctx;
}
