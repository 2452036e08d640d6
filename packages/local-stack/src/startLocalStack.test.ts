/**
 * @jest-environment node
 */
import { validateRendered } from '@internal/plugin-gitops-common';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { startLocalStack } from './startLocalStack';

jest.setTimeout(60_000);

describe('startLocalStack', () => {
  it('serves a GitOps repository seeded by the bootstrap generator and writes the config that points the portal at it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'local-stack-'));
    const stack = await startLocalStack({ dir, githubPort: 0 });
    try {
      const config = parse(readFileSync(stack.configPath, 'utf8'));
      expect(config.gitops.repository.url).toBe(
        'https://github.local/proficientnow/platform-gitops',
      );
      expect(config.integrations.github[0].apiBaseUrl).toBe(stack.github.url);
      expect(config.gitops.sealing.certificate).toMatch(
        /^-----BEGIN CERTIFICATE-----/,
      );

      const files = await stack.github
        .repo('proficientnow', 'platform-gitops')
        .readFiles('main');
      expect(files['argocd/root/root.yaml']).toContain(
        'repoURL: https://github.local/proficientnow/platform-gitops.git',
      );
      const res = await fetch(
        `${stack.github.url}/repos/proficientnow/platform-gitops`,
        {
          headers: {
            Authorization: `token ${config.integrations.github[0].token}`,
          },
        },
      );
      expect(res.status).toBe(200);
      // the seed is what the generator validated, byte for byte
      const manifests = Object.entries(files)
        .filter(([file]) => file.endsWith('.yaml'))
        .map(([file, text]) => ({ path: file, text }));
      expect(validateRendered({ files: manifests }).errors).toEqual([]);
    } finally {
      await stack.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
