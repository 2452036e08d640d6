/*
 * Time and memory to render and validate the GitOps generators' output:
 * nested clusters of 1+0, 3+5 and 3+50 nodes, and the full bootstrap tree.
 *
 * Each case runs in a child process of its own (so peak RSS belongs to that
 * case) and is measured side by side with a baseline in the same process:
 * serialising the same objects with the yaml library alone, the floor any
 * generator that writes YAML pays. Results are printed as a table and written
 * to bench/results/generators.json.
 *
 *   ./portal bench generators
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  isManifestFile,
  renderBootstrapTree,
  renderNestedCluster,
  RenderedFile,
  serializeFiles,
  toYaml,
  validateRendered,
} from '@proficientnow/backstage-plugin-gitops-manifests-node';
import { DEFAULT_GITOPS_LAYOUT } from '@proficientnow/backstage-plugin-gitops-common';
import {
  makeSealingKeys,
  sshEd25519Key,
} from '@proficientnow/backstage-plugin-gitops-manifests-node/testUtils';

type CaseName =
  | 'cluster-1+0'
  | 'cluster-3+5'
  | 'cluster-3+50'
  | 'bootstrap-tree';
const CASES: CaseName[] = [
  'cluster-1+0',
  'cluster-3+5',
  'cluster-3+50',
  'bootstrap-tree',
];
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 20);

interface CaseResult {
  case: CaseName;
  files: number;
  objects: number;
  renderMs: number;
  renderAndValidateMs: number;
  baselineSerializeMs: number;
  ratioToBaseline: number;
  heapMiB: number;
  peakRssMiB: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function renderCase(
  name: CaseName,
  certificatePem: string,
): Promise<{ files: RenderedFile[]; validate: () => void }> {
  if (name === 'bootstrap-tree') {
    const files = renderBootstrapTree(DEFAULT_GITOPS_LAYOUT);
    return { files, validate: () => assertClean(validateRendered({ files })) };
  }
  const [cp, workers] = name.replace('cluster-', '').split('+').map(Number);
  const result = await renderNestedCluster(
    {
      name: `bench-${cp}-${workers}`,
      environment: cp === 3 ? 'prod' : 'dev',
      owner: 'group:default/platform-engineers',
      controlPlane: { count: cp as 1 | 3, size: 'medium' },
      workers: { count: workers, size: 'large' },
      channel: '1.32/stable',
      vlans: [105, 108, 109],
      sshPublicKeys: [sshEd25519Key()],
    },
    { layout: DEFAULT_GITOPS_LAYOUT, sealingCertificatePem: certificatePem },
  );
  return {
    files: result.files,
    validate: () => assertClean(validateRendered(result)),
  };
}

function assertClean(report: ReturnType<typeof validateRendered>) {
  if (report.errors.length)
    throw new Error(
      `benchmark input is invalid: ${report.errors.length} errors`,
    );
}

async function measure(name: CaseName): Promise<CaseResult> {
  const { certificatePem } = makeSealingKeys();
  // warm up: schema compilation and JIT are one-off costs, not per request
  for (let i = 0; i < 3; i++)
    (await renderCase(name, certificatePem)).validate();

  const render: number[] = [];
  const renderValidate: number[] = [];
  const baseline: number[] = [];
  let last: RenderedFile[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    let t = performance.now();
    const { files } = await renderCase(name, certificatePem);
    serializeFiles(files);
    render.push(performance.now() - t);
    t = performance.now();
    const again = await renderCase(name, certificatePem);
    serializeFiles(again.files);
    again.validate();
    renderValidate.push(performance.now() - t);
    // baseline, same objects: a plain yaml serialisation of deep copies
    const objects = files.flatMap(f => (isManifestFile(f) ? f.objects : []));
    t = performance.now();
    objects.map(o => toYaml(JSON.parse(JSON.stringify(o)))).join('---\n');
    baseline.push(performance.now() - t);
    last = files;
  }
  (globalThis as any).gc?.();
  const objects = last.flatMap(f =>
    isManifestFile(f) ? f.objects : [],
  ).length;
  return {
    case: name,
    files: last.length,
    objects,
    renderMs: round(median(render)),
    renderAndValidateMs: round(median(renderValidate)),
    baselineSerializeMs: round(median(baseline)),
    ratioToBaseline: round(median(renderValidate) / median(baseline)),
    heapMiB: round(process.memoryUsage().heapUsed / 2 ** 20),
    peakRssMiB: round(process.resourceUsage().maxRSS / 1024),
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

async function main() {
  const only = process.argv[2] as CaseName | undefined;
  if (only) {
    process.stdout.write(JSON.stringify(await measure(only)));
    return;
  }
  const results: CaseResult[] = CASES.map(name =>
    JSON.parse(
      execFileSync(
        process.execPath,
        ['--expose-gc', ...process.execArgv, __filename, name],
        { encoding: 'utf8', maxBuffer: 1 << 20 },
      ),
    ),
  );
  const dir = path.join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'generators.json'),
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        iterations: ITERATIONS,
        results,
      },
      null,
      2,
    )}\n`,
  );
  console.log(
    `| case | files | objects | render (ms) | render + validate (ms) | baseline: yaml.stringify only (ms) | ratio to baseline | heap (MiB) | peak RSS (MiB) |`,
  );
  console.log(`| --- | --- | --- | --- | --- | --- | --- | --- | --- |`);
  for (const r of results) {
    console.log(
      `| ${r.case} | ${r.files} | ${r.objects} | ${r.renderMs} | ${r.renderAndValidateMs} | ${r.baselineSerializeMs} | ${r.ratioToBaseline}x | ${r.heapMiB} | ${r.peakRssMiB} |`,
    );
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
