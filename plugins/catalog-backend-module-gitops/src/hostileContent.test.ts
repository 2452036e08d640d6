/**
 * A repository with every kind of hostile file, read through the real entry
 * point (the provider on a checkout): each bad file is skipped with its path
 * and reason, and every other entity still reaches the catalog.
 *
 * @jest-environment node
 */
import { mockServices } from '@backstage/backend-test-utils';
import { DirectoryRepositoryReader } from '@proficientnow/backstage-plugin-gitops-node';
import {
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { GitOpsEntityProvider } from './GitOpsEntityProvider';
import { ReaderRepositorySource } from './repositorySources';
import { rejectedByCatalog } from './__testUtils__/validateEntities';

const application = (name: string) =>
  stringify({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: 'argocd' },
    spec: {
      project: 'default',
      source: { repoURL: 'https://charts.example', chart: name },
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: name,
      },
    },
  });

function aliasBomb(): string {
  // nine levels of nine aliases: 9^9 nodes if expanded
  const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 9; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  return `${lines.join(
    '\n',
  )}\nkind: Application\napiVersion: argoproj.io/v1alpha1\nmetadata: { name: bomb }\n`;
}

let checkout: string;
beforeAll(() => {
  checkout = mkdtempSync(path.join(os.tmpdir(), 'hostile-gitops-'));
  const write = (file: string, content: string | Buffer) => {
    mkdirSync(path.dirname(path.join(checkout, file)), { recursive: true });
    writeFileSync(path.join(checkout, file), content);
  };
  for (const name of ['alpha', 'bravo', 'charlie'])
    write(`apps/${name}.yaml`, application(name));
  write('apps/bomb.yaml', aliasBomb());
  write('apps/deep.yaml', `${'['.repeat(5000)}${']'.repeat(5000)}\n`);
  write(
    'apps/nested.yaml',
    `a:\n${'  '.repeat(1)}${Array.from(
      { length: 80 },
      (_, i) => `${'  '.repeat(i + 1)}k${i}:`,
    ).join('\n')} 1\n`,
  );
  write(
    'apps/huge.yaml',
    `${application('huge')}# ${'x'.repeat(600 * 1024)}\n`,
  );
  write(
    'apps/latin1.yaml',
    Buffer.from([0x6b, 0x69, 0x6e, 0x64, 0x3a, 0x20, 0xe9, 0xff, 0x0a]),
  );
  write('apps/binary.yaml', Buffer.from([0x00, 0x01, 0x02, 0x6b, 0x00, 0xff]));
  write(
    'apps/broken.yaml',
    'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: [unclosed\n',
  );
  write(`apps/${'n'.repeat(240)}.yaml`, application('long-file-name'));
  write('apps/long-name.yaml', application('x'.repeat(300)));
  write('team-a/twin.yaml', application('twin'));
  write('team-b/twin.yaml', application('twin'));
  write(
    'apps/unresolvable-set.yaml',
    stringify({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ApplicationSet',
      metadata: { name: 'from-pull-requests', namespace: 'argocd' },
      spec: {
        generators: [{ pullRequest: { github: { owner: 'acme', repo: 'x' } } }],
        template: { metadata: { name: 'pr-{{number}}' }, spec: {} },
      },
    }),
  );
  symlinkSync('/etc/hostname', path.join(checkout, 'apps/link.yaml'));
});
afterAll(() => rmSync(checkout, { recursive: true, force: true }));

it('skips each hostile file with its path and reason and keeps every other entity', async () => {
  const logger = mockServices.logger.mock();
  const applyMutation = jest.fn(async (_: any) => {});
  const provider = new GitOpsEntityProvider({
    source: new ReaderRepositorySource({
      reader: new DirectoryRepositoryReader(checkout),
      maxFileBytes: 512 * 1024,
    }),
    logger,
    maxFileBytes: 512 * 1024,
    defaultOwner: 'platform-team',
  });
  await provider.connect({ applyMutation, refresh: jest.fn() });
  const result = await provider.refresh();

  const reasons = Object.fromEntries(
    result.skipped.map(item => [item.path, item.reason]),
  );
  expect(reasons).toEqual({
    'apps/bomb.yaml': expect.stringMatching(/too many YAML aliases/),
    'apps/deep.yaml': 'nested too deep for the YAML parser',
    'apps/nested.yaml': expect.stringMatching(/nested deeper than 64 levels/),
    'apps/huge.yaml': expect.stringMatching(/larger than 524288 bytes/),
    'apps/latin1.yaml': 'not UTF-8 text',
    'apps/binary.yaml': expect.stringMatching(/binary content|not UTF-8/),
    'apps/broken.yaml': expect.stringMatching(/malformed YAML/),
    'apps/link.yaml': expect.stringMatching(/link/),
    'apps/long-name.yaml': expect.stringMatching(
      /without a valid metadata\.name/,
    ),
    'team-a/twin.yaml': expect.stringMatching(
      /duplicate name twin \(also in team-b\/twin\.yaml\)/,
    ),
    'team-b/twin.yaml': expect.stringMatching(
      /duplicate name twin \(also in team-a\/twin\.yaml\)/,
    ),
    'apps/unresolvable-set.yaml': expect.stringMatching(
      /ApplicationSet from-pull-requests: pullRequest generator: resolved only by Argo CD/,
    ),
  });

  const emitted = applyMutation.mock.calls[0][0].entities.map(
    (e: any) => e.entity,
  );
  const names = emitted.map((e: any) => e.metadata.name).sort();
  expect(names).toEqual([
    'alpha',
    'bravo',
    'charlie',
    'from-pull-requests',
    'gitops-repository',
    // a 250-character file name is a file like any other
    'long-file-name',
  ]);
  expect(await rejectedByCatalog(emitted)).toEqual([]);

  // the summary a person opens in the portal names the reasons
  const summary = emitted.find(
    (e: any) => e.metadata.name === 'gitops-repository',
  );
  expect(summary.metadata.description).toMatch(/Skipped 12: /);
  expect(summary.metadata.description).toMatch(/1 alias expansion/);
  expect(
    JSON.parse(
      summary.metadata.annotations[
        'platform.proficientnow.io/ingestion-summary'
      ],
    ),
  ).toMatchObject({ applications: 7, applicationSets: 1, skipped: 12 });
  // one warning line for the refresh, not one per file
  expect(logger.warn).toHaveBeenCalledTimes(1);
});
