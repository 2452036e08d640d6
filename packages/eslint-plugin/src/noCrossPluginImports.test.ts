/**
 * @jest-environment node
 */
import { ESLint } from 'eslint';
import path from 'node:path';

jest.setTimeout(120_000);

const repoRoot = path.resolve(__dirname, '../../..');

/** Lints a snippet as if it were a file of a package, with that package's own configuration. */
async function lint(packageDir: string, code: string) {
  const eslint = new ESLint({ cwd: repoRoot });
  const [result] = await eslint.lintText(code, {
    filePath: path.join(repoRoot, packageDir, 'src/probe.ts'),
  });
  return result.messages
    .filter(m => m.ruleId === '@internal/no-cross-plugin-imports')
    .map(m => m.message);
}

describe('@internal/no-cross-plugin-imports, through the repository lint configuration', () => {
  it('fails a module importing another plugin module', async () => {
    expect(
      await lint(
        'plugins/catalog-backend-module-gitops',
        "import { createRenderClusterAction } from '@proficientnow/backstage-plugin-scaffolder-backend-module-gitops';\nexport const a = createRenderClusterAction;\n",
      ),
    ).toEqual([
      '@proficientnow/backstage-plugin-catalog-backend-module-gitops (backend-plugin-module) imports @proficientnow/backstage-plugin-scaffolder-backend-module-gitops (backend-plugin-module): plugins and modules never import each other; move what both need into a -common, -node or -react library.',
    ]);
  });

  it('fails a backend plugin importing a module, also by re-export, dynamic import or require', async () => {
    const messages = await lint(
      'plugins/infra-health-backend',
      [
        "export * from '@proficientnow/backstage-plugin-catalog-backend-module-gitops';",
        "export const b = () => import('@proficientnow/backstage-plugin-gitops-backend');",
        "export const c = require('@proficientnow/backstage-plugin-scaffolder-backend-module-gitops/package.json');",
      ].join('\n'),
    );
    expect(messages).toHaveLength(3);
  });

  it('lets plugins use libraries, and leaves the app and backend packages that compose plugins alone', async () => {
    expect(
      await lint(
        'plugins/gitops-backend',
        "import { gitopsRepositoryServiceRef } from '@proficientnow/backstage-plugin-gitops-node';\nimport { PendingChange } from '@proficientnow/backstage-plugin-gitops-common';\nexport const a = [gitopsRepositoryServiceRef] as unknown as PendingChange[];\n",
      ),
    ).toEqual([]);
    expect(
      await lint(
        'packages/backend',
        "export const a = () => import('@proficientnow/backstage-plugin-gitops-backend');\n",
      ),
    ).toEqual([]);
  });
});
