/**
 * The corpus repositories through the real catalog, configured as a team
 * would (app-config): every expected entity is accepted by the catalog's
 * processing and carries the relations its metadata and rules give.
 *
 * @jest-environment node
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { waitFor } from '@internal/test-support';
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import express from 'express';
import gitopsProvider from './index';
import { liveAnswer } from './__testUtils__/liveAnswer';
import { manualScheduler } from './__testUtils__/manualScheduler';

jest.setTimeout(120_000);

const CORPUS = path.join(__dirname, '__testUtils__', 'corpus');

/**
 * The infra-health plugin's Argo CD Applications route, answering what the
 * layout says Argo CD holds: the provider reaches it as it reaches the real
 * one (discovery, a service token for infra-health).
 */
function infraHealthServing(answer: unknown) {
  return createBackendPlugin({
    pluginId: 'infra-health',
    register(env) {
      env.registerInit({
        deps: {
          http: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ http, httpAuth }) {
          const router = express.Router();
          router.get(
            '/clusters/platform/argocd/applications',
            (req, res, next) =>
              httpAuth
                .credentials(req, { allow: ['service'] })
                .then(() => res.json(answer), next),
          );
          http.use(router);
        },
      });
    },
  });
}

/** The entities a catalog already holds, as minimal catalog files. */
function catalogFile(refs: string[]): string {
  return refs
    .map(ref => {
      const [, kind, name] = /^(\w+):default\/(.+)$/.exec(ref)!;
      const base = { apiVersion: 'backstage.io/v1alpha1', metadata: { name } };
      switch (kind) {
        case 'group':
          return stringify({
            ...base,
            kind: 'Group',
            spec: { type: 'team', children: [] },
          });
        case 'system':
          return stringify({
            ...base,
            kind: 'System',
            spec: { owner: 'group:default/platform-team' },
          });
        default:
          return stringify({
            ...base,
            kind: 'Component',
            spec: {
              type: 'service',
              lifecycle: 'production',
              owner: 'group:default/platform-team',
            },
          });
      }
    })
    .join('---\n');
}

describe.each(readdirSync(CORPUS).sort())('the %s repository', layout => {
  it('reaches the catalog with every expected entity and relation', async () => {
    const expected = parse(
      readFileSync(path.join(CORPUS, layout, 'expected.yaml'), 'utf8'),
    );
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'corpus-catalog-'));
    const held = path.join(tmp, 'catalog.yaml');
    writeFileSync(held, catalogFile(expected.catalog));
    const scheduler = manualScheduler();
    const { server } = await startTestBackend({
      features: [
        scheduler.factory,
        catalogPlugin,
        gitopsProvider,
        ...(expected.live
          ? [infraHealthServing(liveAnswer('platform', expected.live))]
          : []),
        mockServices.rootConfig.factory({
          data: {
            gitops: {
              repository: {
                url: (
                  expected.options.repoURL ??
                  'https://github.com/acme/cluster-config'
                ).replace(/\.git$/, ''),
              },
              catalog: {
                localPath: path.join(CORPUS, layout),
                defaultOwner: expected.options.defaultOwner,
                rules: expected.options.rules,
                argocdClusters: expected.options.argocdClusters,
                ...(expected.live ? { live: { cluster: 'platform' } } : {}),
              },
            },
            catalog: {
              rules: [
                {
                  allow: [
                    'Group',
                    'System',
                    'Component',
                    'Resource',
                    'Location',
                  ],
                },
              ],
              locations: [{ type: 'file', target: held }],
            },
          },
        }),
      ],
    });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const headers = { Authorization: mockCredentials.user.header() };
    try {
      for (const want of expected.entities) {
        const [, kind, name] = /^(\w+):default\/(.+)$/.exec(want.ref)!;
        const wanted = [
          { type: 'ownedBy', targetRef: want.owner },
          ...(want.system ? [{ type: 'partOf', targetRef: want.system }] : []),
          ...(want.dependencyOf ?? []).map((targetRef: string) => ({
            type: 'dependencyOf',
            targetRef,
          })),
          ...(want.dependsOn ?? []).map((targetRef: string) => ({
            type: 'dependsOn',
            targetRef,
          })),
        ];
        // relations to what the catalog holds appear once it has read its own files
        // and the provider has refreshed again: the test plays the interval
        const relations = await waitFor(
          `${want.ref} with ${JSON.stringify(wanted)}`,
          async () => {
            await scheduler.next('gitops-entity-provider:refresh');
            const res = await fetch(
              `${base}/api/catalog/entities/by-name/${kind}/default/${name}`,
              { headers },
            );
            const body = res.status === 200 ? await res.json() : undefined;
            const have = body?.relations ?? [];
            return wanted.every(w =>
              have.some(
                (r: any) => r.type === w.type && r.targetRef === w.targetRef,
              ),
            )
              ? have
              : undefined;
          },
          30_000,
        );
        expect(relations).toEqual(expect.arrayContaining(wanted));
        const entity = await fetch(
          `${base}/api/catalog/entities/by-name/${kind}/default/${name}`,
          { headers },
        ).then(r => r.json());
        expect({
          ref: want.ref,
          deployment:
            entity.metadata.labels?.['platform.proficientnow.io/deployment'],
        }).toEqual({ ref: want.ref, deployment: want.deployment });
      }
      // and the summary a person opens to see what was read
      const summary = await fetch(
        `${base}/api/catalog/entities/by-name/resource/default/gitops-repository`,
        { headers },
      );
      expect(summary.status).toBe(200);
    } finally {
      await server.stop();
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
