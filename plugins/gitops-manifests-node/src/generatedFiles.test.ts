/**
 * @jest-environment node
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { renderBootstrapTree } from './appOfApps/renderBootstrapTree';
import { DEFAULT_GITOPS_LAYOUT } from '@proficientnow/backstage-plugin-gitops-common';
import { isManifestFile } from './model';
import { renderNestedCluster } from './nestedCluster/renderNestedCluster';
import { serializeFiles } from './serialize/yaml';
import { sshEd25519Key, validClusterRequest } from './testUtils/fixtures';
import { realTool, run } from './testUtils/realTools';
import { makeSealingKeys } from './testUtils/sealingKeys';
import {
  assertRenderedValid,
  GeneratedFilesInvalidError,
  validateRendered,
} from './validateRendered';

jest.setTimeout(120_000);

const keys = makeSealingKeys();
const prodRequest = validClusterRequest({
  name: 'shop-prod',
  environment: 'prod',
  controlPlane: { count: 3, size: 'large' },
  workers: { count: 5, size: 'xlarge' },
  vlans: [105, 108, 109],
  extraSANs: ['api.shop-prod.proficientnow.example'],
  sshPublicKeys: [sshEd25519Key(3)],
});

function writeTree(files: Map<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gitops-tree-'));
  for (const [file, content] of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

describe('generated files against the upstream schemas', () => {
  it('the full bootstrap tree is valid', () => {
    const report = assertRenderedValid({
      files: renderBootstrapTree(DEFAULT_GITOPS_LAYOUT),
    });
    expect(report.errors).toEqual([]);
    expect(report.checked.manifests).toBeGreaterThan(50);
  });

  it('a 3 control-plane + 5 worker prod cluster is valid, user-data and launch configurations included', async () => {
    const result = await renderNestedCluster(prodRequest, {
      layout: DEFAULT_GITOPS_LAYOUT,
      sealingCertificatePem: keys.certificatePem,
    });
    const report = assertRenderedValid(result);
    expect(report.checked).toEqual({
      manifests: expect.any(Number),
      cloudConfigs: 8,
      launchConfigs: 8,
      networkConfigs: 8,
      files: 13,
    });
  });

  it('names the file, object, path and rule of a generated object that breaks a schema', async () => {
    const result = await renderNestedCluster(validClusterRequest(), {
      layout: DEFAULT_GITOPS_LAYOUT,
      sealingCertificatePem: keys.certificatePem,
    });
    const vmFile = result.files.find(f =>
      f.path.endsWith('payments-dev-cp-1.yaml'),
    )!;
    if (!isManifestFile(vmFile)) throw new Error('expected manifests');
    const vm = vmFile.objects.find(o => o.kind === 'VirtualMachine') as any;
    vm.spec.runstrategy = vm.spec.runStrategy; // a typo the API server would silently drop
    vm.spec.template.spec.domain.cpu.cores = 'four';
    const { errors } = validateRendered(result);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: 'clusters/dev/payments-dev/payments-dev-cp-1.yaml',
          object: 'VirtualMachine payments-dev-cp-1',
          path: '/spec',
          rule: expect.stringMatching(/additional property.*runstrategy/),
        }),
        expect.objectContaining({
          path: '/spec/template/spec/domain/cpu/cores',
          rule: 'must be integer',
        }),
      ]),
    );
    expect(() => assertRenderedValid(result)).toThrow(
      GeneratedFilesInvalidError,
    );
  });
});

describe('generated files against the real tools', () => {
  it('cloud-init schema accepts every generated user-data', async () => {
    if (!realTool('cloud-init')) return;
    const result = await renderNestedCluster(prodRequest, {
      layout: DEFAULT_GITOPS_LAYOUT,
      sealingCertificatePem: keys.certificatePem,
    });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'user-data-'));
    try {
      const userData = result.sealedPlaintexts.filter(
        p => p.format === 'cloud-config',
      );
      expect(userData).toHaveLength(8);
      for (const [i, document] of userData.entries()) {
        const file = path.join(dir, `node-${i}.yaml`);
        writeFileSync(file, document.value);
        const { code, output } = run('cloud-init', [
          'schema',
          '--config-file',
          file,
        ]);
        expect({
          node: document.sealedInto,
          code,
          output: output.trim(),
        }).toEqual({
          node: document.sealedInto,
          code: 0,
          output: expect.stringMatching(/^Valid cloud-config/),
        });
      }
      // and the tool does catch a broken one, so the check above means something
      writeFileSync(
        path.join(dir, 'broken.yaml'),
        '#cloud-config\nwrite_files: 5\n',
      );
      expect(
        run('cloud-init', [
          'schema',
          '--config-file',
          path.join(dir, 'broken.yaml'),
        ]).code,
      ).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('kubectl kustomize builds every generated cluster folder and the networks folder', async () => {
    if (!realTool('kubectl')) return;
    const cluster = await renderNestedCluster(prodRequest, {
      layout: DEFAULT_GITOPS_LAYOUT,
      sealingCertificatePem: keys.certificatePem,
    });
    const tree = serializeFiles([
      ...renderBootstrapTree(DEFAULT_GITOPS_LAYOUT),
      ...cluster.files,
    ]);
    const dir = writeTree(tree);
    try {
      const folders = [...tree.keys()]
        .filter(f => f.endsWith('/kustomization.yaml'))
        .map(f => path.dirname(f));
      expect(folders.sort()).toEqual([
        'clusters/networks',
        'clusters/prod/shop-prod',
      ]);
      for (const folder of folders) {
        const { code, output } = run('kubectl', [
          'kustomize',
          path.join(dir, folder),
        ]);
        expect({ folder, code }).toEqual({ folder, code: 0 });
        const built = parseAllDocuments(output).map(d => d.toJS());
        const expected = [...tree]
          .filter(
            ([f]) =>
              f.startsWith(`${folder}/`) && !f.endsWith('kustomization.yaml'),
          )
          .flatMap(([, c]) => parseAllDocuments(c).map(d => d.toJS()));
        expect(built.map(o => `${o.kind}/${o.metadata.name}`).sort()).toEqual(
          expected.map(o => `${o.kind}/${o.metadata.name}`).sort(),
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
