import permissionPlugin from '@backstage/plugin-permission-backend';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AddressInfo } from 'node:net';
import { platformPermissionPolicyModule } from './platformPermissionPolicyModule';

// generous under load: these start real servers on a two-core machine shared with other tests
jest.setTimeout(30_000);

/** Asks the running permission backend what it decides for one user. */
async function decide(ownershipEntityRefs: string[], permissionName: string) {
  const { server } = await startTestBackend({
    features: [
      permissionPlugin,
      platformPermissionPolicyModule,
      mockServices.userInfo.mock({
        getUserInfo: async () => ({
          userEntityRef: ownershipEntityRefs[0],
          ownershipEntityRefs,
        }),
      }).factory,
      mockServices.rootConfig.factory({
        data: { permission: { enabled: true } },
      }),
    ],
  });
  const port = (server.address() as AddressInfo).port;
  const res = await fetch(`http://127.0.0.1:${port}/api/permission/authorize`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      Authorization: mockCredentials.user.header('user:default/someone'),
    },
    body: JSON.stringify({
      items: [
        {
          id: '1',
          permission: {
            type: 'basic',
            name: permissionName,
            attributes: { action: 'delete' },
          },
        },
      ],
    }),
  });
  expect(res.status).toBe(200);
  const body = await res.json();
  await server.close();
  return body.items[0].result;
}

describe('platformPermissionPolicyModule in the permission backend', () => {
  it('allows a platform engineer to delete catalog entities', async () => {
    await expect(
      decide(
        ['user:default/priya.platform', 'group:default/platform-engineers'],
        'catalog.entity.delete',
      ),
    ).resolves.toBe('ALLOW');
  });

  it('denies an application developer', async () => {
    await expect(
      decide(
        ['user:default/lena.dev', 'group:default/app-developers'],
        'catalog.entity.delete',
      ),
    ).resolves.toBe('DENY');
  });
});
