/**
 * @jest-environment node
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import { gitopsPlugin } from './plugin';
import {
  PORTAL_TOKEN,
  RepositoryWithChanges,
  startRepositoryWithChanges,
} from './changes/__testUtils__/repositoryWithChanges';

jest.setTimeout(60_000);

let world: RepositoryWithChanges;

beforeAll(async () => {
  world = await startRepositoryWithChanges();
});

afterAll(async () => {
  await world.standin.close();
});

describe('the gitops backend plugin', () => {
  it('serves the pending changes at /api/gitops/changes, read from the configured repository', async () => {
    const { server } = await startTestBackend({
      features: [
        gitopsPlugin,
        mockServices.rootConfig.factory({ data: world.config }),
      ],
    });
    const res = await request(server).get('/api/gitops/changes');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ configured: true });
    expect(res.body.changes.map((c: { number: number }) => c.number)).toEqual(
      expect.arrayContaining([world.pulls.devCluster, world.pulls.component]),
    );
    expect(JSON.stringify(res.body)).not.toContain(PORTAL_TOKEN);
    // the read permission is registered with the plugin's permission metadata
    const metadata = await request(server).get(
      '/api/gitops/.well-known/backstage/permissions/metadata',
    );
    expect(
      metadata.body.permissions.map((p: { name: string }) => p.name),
    ).toContain('gitops.change.read');
  });

  it('says how to configure GitHub when no GitOps repository is configured', async () => {
    const { server } = await startTestBackend({
      features: [gitopsPlugin, mockServices.rootConfig.factory({ data: {} })],
    });
    const res = await request(server).get('/api/gitops/changes');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ configured: false, changes: [] });
    expect(res.body.reason).toContain('gitops.repository.url');
  });
});
