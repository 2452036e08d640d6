/**
 * @jest-environment node
 */
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { portalTestDatabases } from '@internal/test-support';
import express from 'express';
import request from 'supertest';
import { ChangeStore, StoredChange } from './ChangeStore';
import { createTrackedChangesRouter } from './createTrackedChangesRouter';

const databases = portalTestDatabases();

const change = (number: number, over: Partial<StoredChange>): StoredChange => ({
  repository: 'proficientnow/platform-gitops',
  number,
  title: `change ${number}`,
  url: `https://github.local/proficientnow/platform-gitops/pull/${number}`,
  kind: 'cluster',
  action: 'scale',
  targetRef: 'resource:default/web-dev',
  environment: 'dev',
  owner: 'group:default/app-developers',
  state: 'healthy',
  headSha: 'a'.repeat(40),
  openedAt: '2026-12-07T10:00:00.000Z',
  updatedAt: `2026-12-07T10:0${number}:00.000Z`,
  applications: [],
  ...over,
});

describe.each(databases.eachSupportedId())(
  'GET /changes/history on %s',
  databaseId => {
    async function app(
      result:
        | AuthorizeResult.ALLOW
        | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
    ) {
      const knex = await databases.init(databaseId);
      const store = await ChangeStore.create(mockServices.database({ knex }));
      await store.put(change(1, {}));
      await store.put(
        change(2, {
          targetRef: 'resource:default/shop-prod',
          environment: 'prod',
          owner: 'group:default/platform-engineers',
          state: 'failed',
          notifiedState: 'failed',
        }),
      );
      const router = createTrackedChangesRouter({
        store,
        trackedAt: () => '2026-12-07T10:09:00.000Z',
        httpAuth: mockServices.httpAuth({
          defaultCredentials: mockCredentials.none(),
        }),
        permissions: mockServices.permissions({ result }),
      });
      const errors = MiddlewareFactory.create({
        config: mockServices.rootConfig(),
        logger: mockServices.logger.mock(),
      }).error();
      return express().use(router).use(errors);
    }
    const user = { Authorization: mockCredentials.user.header() };

    it('answers the tracked changes newest first, filtered, without what the tracker keeps for itself', async () => {
      const server = await app();
      const all = await request(server).get('/changes/history').set(user);
      expect(all.status).toBe(200);
      expect(all.body.trackedAt).toBe('2026-12-07T10:09:00.000Z');
      expect(all.body.changes.map((c: any) => c.number)).toEqual([2, 1]);
      expect(all.body.changes[0]).not.toHaveProperty('headSha');
      expect(all.body.changes[0]).not.toHaveProperty('notifiedState');
      for (const [query, numbers] of [
        ['environment=prod', [2]],
        ['state=healthy', [1]],
        ['owner=group:default/app-developers', [1]],
        ['target=shop-prod', [2]],
        ['limit=1', [2]],
      ] as const) {
        const res = await request(server)
          .get(`/changes/history?${query}`)
          .set(user);
        expect(res.body.changes.map((c: any) => c.number)).toEqual(numbers);
      }
    });

    it.each([
      ['state=done', /invalid query: state /],
      ['owner=platform-engineers', /owner must be a group entity ref/],
      ['limit=0', /invalid query: limit /],
      ['environment=Prod', /environment must be a lowercase name/],
      [
        'page=2',
        /unknown parameter page \(only environment, owner, state, target and limit\)/,
      ],
    ])('refuses ?%s with 400 naming the parameter', async (query, message) => {
      const res = await request(await app())
        .get(`/changes/history?${query}`)
        .set(user);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    });

    it('needs gitops.change.read and a caller', async () => {
      expect((await request(await app()).get('/changes/history')).status).toBe(
        401,
      );
      expect(
        (
          await request(await app(AuthorizeResult.DENY))
            .get('/changes/history')
            .set(user)
        ).status,
      ).toBe(403);
    });
  },
);
