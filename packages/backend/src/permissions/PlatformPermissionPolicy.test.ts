import { ConfigReader } from '@backstage/config';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  PlatformPermissionPolicy,
  readPlatformPolicyOptions,
} from './PlatformPermissionPolicy';

const deleteEntity = createPermission({
  name: 'catalog.entity.delete',
  attributes: { action: 'delete' },
});
const createLocation = createPermission({
  name: 'catalog.location.create',
  attributes: { action: 'create' },
});
const protectedChange = createPermission({
  name: 'gitops.change.protected.create',
  attributes: { action: 'create' },
});
const ordinaryChange = createPermission({
  name: 'gitops.change.create',
  attributes: { action: 'create' },
});
const readEntity = createPermission({
  name: 'catalog.entity.read',
  attributes: { action: 'read' },
});

function userIn(...ownershipEntityRefs: string[]): PolicyQueryUser {
  return {
    info: {
      userEntityRef: ownershipEntityRefs[0] ?? 'user:default/someone',
      ownershipEntityRefs,
    },
  } as PolicyQueryUser;
}

describe('PlatformPermissionPolicy', () => {
  const policy = new PlatformPermissionPolicy(
    readPlatformPolicyOptions(new ConfigReader({})),
  );

  it('lets platform engineers change the catalog sources', async () => {
    const priya = userIn(
      'user:default/priya.platform',
      'group:default/platform-engineers',
    );
    await expect(
      policy.handle({ permission: deleteEntity }, priya),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    await expect(
      policy.handle({ permission: createLocation }, priya),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('denies catalog changes to everyone else', async () => {
    const lena = userIn(
      'user:default/lena.dev',
      'group:default/app-developers',
    );
    await expect(
      policy.handle({ permission: deleteEntity }, lena),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
    await expect(
      policy.handle({ permission: createLocation }, undefined),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('keeps protected GitOps changes (prod clusters, infrastructure) for platform engineers', async () => {
    const priya = userIn(
      'user:default/priya.platform',
      'group:default/platform-engineers',
    );
    const lena = userIn(
      'user:default/lena.dev',
      'group:default/app-developers',
    );
    await expect(
      policy.handle({ permission: protectedChange }, priya),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    await expect(
      policy.handle({ permission: protectedChange }, lena),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
    await expect(
      policy.handle({ permission: ordinaryChange }, lena),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('lets every signed-in user read', async () => {
    const lena = userIn(
      'user:default/lena.dev',
      'group:default/app-developers',
    );
    await expect(
      policy.handle({ permission: readEntity }, lena),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('takes the admin groups from configuration', async () => {
    const custom = new PlatformPermissionPolicy(
      readPlatformPolicyOptions(
        new ConfigReader({
          portal: {
            permissions: { platformAdminGroups: ['group:default/sre'] },
          },
        }),
      ),
    );
    await expect(
      custom.handle(
        { permission: deleteEntity },
        userIn(
          'user:default/priya.platform',
          'group:default/platform-engineers',
        ),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
    await expect(
      custom.handle(
        { permission: deleteEntity },
        userIn('user:default/sam', 'group:default/sre'),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('rejects an admin group that is not a group entity ref, naming the key', () => {
    expect(() =>
      readPlatformPolicyOptions(
        new ConfigReader({
          portal: {
            permissions: { platformAdminGroups: ['platform-engineers'] },
          },
        }),
      ),
    ).toThrow(
      /portal\.permissions\.platformAdminGroups\[0\].*group entity ref/,
    );
  });
});

describe('changes to what exists', () => {
  const policy = new PlatformPermissionPolicy(
    readPlatformPolicyOptions(new ConfigReader({})),
  );
  const update = createPermission({
    name: 'gitops.change.update',
    attributes: { action: 'update' },
    resourceType: 'catalog-entity',
  });

  it('are the owners\u2019: a condition on the entity the catalog applies (isEntityOwner with the user\u2019s ownership refs)', async () => {
    const lena = userIn(
      'user:default/lena.dev',
      'group:default/app-developers',
    );
    await expect(policy.handle({ permission: update }, lena)).resolves.toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: {
          claims: ['user:default/lena.dev', 'group:default/app-developers'],
        },
      },
    });
  });

  it('are allowed outright to the platform admin groups, and denied without a user', async () => {
    await expect(
      policy.handle(
        { permission: update },
        userIn(
          'user:default/priya.platform',
          'group:default/platform-engineers',
        ),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    await expect(policy.handle({ permission: update })).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
  });
});
