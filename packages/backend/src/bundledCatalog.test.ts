import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { portalTestDatabases, waitFor } from '@internal/test-support';
import { AddressInfo } from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

const repoRoot = path.resolve(__dirname, '../../..');

/** Entities the bundle holds: the root file's documents plus its Locations' targets. */
function countBundledEntities(): number {
  const rootFile = path.join(repoRoot, 'catalog-info.yaml');
  const roots = parseAllDocuments(fs.readFileSync(rootFile, 'utf8')).map(d =>
    d.toJS(),
  );
  let count = roots.length;
  for (const root of roots) {
    for (const target of root.spec?.targets ?? []) {
      count += parseAllDocuments(
        fs.readFileSync(path.join(repoRoot, target), 'utf8'),
      ).length;
    }
  }
  return count;
}
const databases = portalTestDatabases();

jest.setTimeout(60_000);

describe.each(databases.eachSupportedId())(
  'the bundled catalog on %s',
  databaseId => {
    it('loads the platform org with its parent group', async () => {
      const knex = await databases.init(databaseId);
      const { server } = await startTestBackend({
        features: [
          catalogPlugin,
          scaffolderEntityModel,
          mockServices.database.factory({ knex }),
          mockServices.rootLogger.factory({ level: 'warn' }),
          mockServices.rootConfig.factory({
            data: {
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
                    target: path.join(repoRoot, 'catalog-info.yaml'),
                  },
                ],
              },
            },
          }),
        ],
      });
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const headers = { Authorization: mockCredentials.user.header() };

      const groups = await waitFor(
        'the catalog or task to settle',
        async () => {
          const res = await fetch(
            `${base}/api/catalog/entities?filter=kind=group`,
            { headers },
          );
          if (res.status !== 200) {
            throw new Error(
              `catalog answered ${res.status}: ${await res.text()}`,
            );
          }
          const text = await res.text();
          if (!text) return undefined; // the catalog streams an empty body before its first entity
          const body = JSON.parse(text) as Array<{
            metadata: { name: string };
            spec: any;
          }>;
          return body.length >= 4 ? body : undefined;
        },
      );
      const byName = new Map(groups.map(g => [g.metadata.name, g]));

      // every bundled entity arrives (plus the Location the config registers for the root file)
      const expected = countBundledEntities() + 1;
      const total = await waitFor('the catalog or task to settle', async () => {
        const res = await fetch(
          `${base}/api/catalog/entities/by-query?limit=1`,
          { headers },
        );
        const body = await res.json();
        return body.totalItems >= expected ? body.totalItems : undefined;
      });
      expect(total).toBe(expected);
      expect([...byName.keys()].sort()).toEqual([
        'app-developers',
        'cloud-engineers',
        'platform-engineers',
        'proficientnow',
      ]);
      for (const team of [
        'platform-engineers',
        'cloud-engineers',
        'app-developers',
      ]) {
        expect(byName.get(team)!.spec.parent).toBe('proficientnow');
      }

      // relations are computed by the processing loop: priya is a member of platform-engineers
      const priya = await waitFor('the catalog or task to settle', async () => {
        const res = await fetch(
          `${base}/api/catalog/entities/by-name/user/default/priya.platform`,
          { headers },
        );
        if (res.status !== 200) return undefined;
        const body = await res.json();
        return body.relations?.length ? body : undefined;
      });
      expect(priya.relations).toContainEqual(
        expect.objectContaining({
          type: 'memberOf',
          targetRef: 'group:default/platform-engineers',
        }),
      );
    });
  },
);
