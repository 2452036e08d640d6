import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { authorizeGitOpsChange } from './authorizeGitOpsChange';

const rules = { environments: ['prod'], domains: ['infrastructure'] };
const credentials = {} as BackstageCredentials;

/** A permission service that allows exactly the named permissions, and records what it was asked. */
function permissions(allowed: string[]) {
  const asked: Array<{ permission: string; resourceRef?: string }> = [];
  const service = {
    authorize: async (requests: any[]) =>
      requests.map(r => {
        asked.push({
          permission: r.permission.name,
          ...(r.resourceRef ? { resourceRef: r.resourceRef } : {}),
        });
        return {
          result: allowed.includes(r.permission.name) ? 'ALLOW' : 'DENY',
        };
      }),
  } as unknown as PermissionsService;
  return { service, asked };
}

describe('authorizeGitOpsChange', () => {
  it('asks gitops.change.create for a new change, and the protected permission for prod, infrastructure and removals', async () => {
    const { service, asked } = permissions([
      'gitops.change.create',
      'gitops.change.protected.create',
    ]);
    const decide = (
      change: Parameters<typeof authorizeGitOpsChange>[0]['change'],
    ) =>
      authorizeGitOpsChange({
        permissions: service,
        credentials,
        rules,
        change,
      });
    await expect(
      decide({ environment: 'dev', what: 'a dev cluster' }),
    ).resolves.toEqual({ protected: false });
    await expect(
      decide({ environment: 'prod', what: 'a prod cluster' }),
    ).resolves.toEqual({ protected: true });
    await expect(
      decide({ domain: 'infrastructure', what: 'velero' }),
    ).resolves.toEqual({ protected: true });
    await expect(
      decide({ environment: 'dev', what: 'x', removal: true }),
    ).resolves.toEqual({ protected: true });
    expect(asked.map(a => a.permission)).toEqual([
      'gitops.change.create',
      'gitops.change.protected.create',
      'gitops.change.protected.create',
      'gitops.change.protected.create',
    ]);
  });

  it('decides a change to an existing target on the target', async () => {
    const { service, asked } = permissions([]);
    await expect(
      authorizeGitOpsChange({
        permissions: service,
        credentials,
        rules,
        change: { what: 'a change', targetRef: 'resource:default/a' },
      }),
    ).rejects.toThrow(
      'not allowed to request a change: only the owners of resource:default/a (and the platform admin groups) may change it',
    );
    expect(asked).toEqual([
      { permission: 'gitops.change.update', resourceRef: 'resource:default/a' },
    ]);
  });

  it('says why a protected change is refused, naming the permission when asked to', async () => {
    const { service } = permissions(['gitops.change.create']);
    const change = { environment: 'prod', what: 'a prod cluster' };
    const message =
      'not allowed to request a prod cluster: the prod environment is protected; only the platform admin groups may request changes to it';
    await expect(
      authorizeGitOpsChange({
        permissions: service,
        credentials,
        rules,
        change,
      }),
    ).rejects.toThrow(new RegExp(`^${message}$`));
    await expect(
      authorizeGitOpsChange({
        permissions: service,
        credentials,
        rules,
        change,
        namePermission: true,
      }),
    ).rejects.toThrow(`${message} (gitops.change.protected.create)`);
  });
});
