/*
 * Production builds of the app for the frontend benchmark, made in a scratch
 * copy of packages/app under .local/bench/frontend so the repository's own
 * packages/app (and its generated node_modules/__backstage-autodetected-
 * plugins__.js, which a running dev server reads) is never touched. The copy
 * sits inside the repository, so Node resolution still finds the root
 * node_modules. Not a benchmark of its own: driven by frontend.bench.ts.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  openSync,
  closeSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { kib } from './lib/format';

export const repoRoot = path.resolve(__dirname, '..');
export const scratchRoot = path.join(repoRoot, '.local', 'bench', 'frontend');
const cliBin = path.join(
  repoRoot,
  'node_modules',
  '@backstage',
  'cli',
  'bin',
  'backstage-cli',
);

const runningBuilds = new Set<ChildProcess>();

/** Stops a build in progress (the benchmark was interrupted). */
export function killRunningBuilds(): void {
  for (const child of runningBuilds) child.kill('SIGKILL');
}

export interface AppBuild {
  distDir: string;
  buildMs: number;
}

function tail(file: string, lines = 30): string {
  return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

/**
 * Builds the app as `backstage-cli package build` does for packages/app,
 * with these config files instead of app-config.yaml (`app.packages` is read
 * from them at build time), and moves the output to `<scratch>/dist-<name>`.
 */
export async function buildScratchApp(options: {
  name: string;
  configPaths: string[];
  /** default 15 minutes; a build here takes about one */
  timeoutMs?: number;
}): Promise<AppBuild> {
  const appDir = path.join(scratchRoot, 'app');
  rmSync(appDir, { recursive: true, force: true });
  mkdirSync(appDir, { recursive: true });
  const source = path.join(repoRoot, 'packages', 'app');
  for (const entry of ['package.json', 'config.d.ts', 'src', 'public']) {
    cpSync(path.join(source, entry), path.join(appDir, entry), {
      recursive: true,
    });
  }
  const logFile = path.join(scratchRoot, `build-${options.name}.log`);
  const out = openSync(logFile, 'w');
  const args = [
    cliBin,
    'package',
    'build',
    ...options.configPaths.flatMap(file => ['--config', file]),
  ];
  const started = performance.now();
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, args, {
        cwd: appDir,
        stdio: ['ignore', out, out],
        // libuv's io_uring once left a build here waiting forever on a file write
        env: { ...process.env, UV_USE_IO_URING: '0' },
      });
      runningBuilds.add(child);
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(
          new Error(
            `the ${options.name} build did not finish within ${
              (options.timeoutMs ?? 900_000) / 60_000
            } minutes (see ${logFile})`,
          ),
        );
      }, options.timeoutMs ?? 900_000);
      child.on('error', reject);
      child.on('exit', code => {
        runningBuilds.delete(child);
        clearTimeout(timer);
        resolve(code);
      });
    });
    if (code !== 0) {
      throw new Error(
        `the ${
          options.name
        } build failed (exit ${code})\n--- end of ${logFile} ---\n${tail(
          logFile,
        )}`,
      );
    }
  } finally {
    closeSync(out);
  }
  const buildMs = performance.now() - started;
  const distDir = path.join(scratchRoot, `dist-${options.name}`);
  rmSync(distDir, { recursive: true, force: true });
  renameSync(path.join(appDir, 'dist'), distDir);
  return { distDir, buildMs };
}

/** The frontend plugins the build discovered (the module `app.packages` generates). */
export function discoveredPlugins(): string[] {
  const text = readFileSync(
    path.join(
      scratchRoot,
      'app',
      'node_modules',
      '__backstage-autodetected-plugins__.js',
    ),
    'utf8',
  );
  return [...new Set([...text.matchAll(/name: "([^"]+)"/g)].map(m => m[1]))];
}

export interface Sizes {
  files: number;
  bytes: number;
  /** gzip at zlib's default level 6, what a server compressing on the fly sends */
  gzipBytes: number;
}

function sizeOf(files: string[]): Sizes {
  let bytes = 0;
  let gzipBytes = 0;
  for (const file of files) {
    const content = readFileSync(file);
    bytes += content.length;
    gzipBytes += gzipSync(content).length;
  }
  return { files: files.length, bytes, gzipBytes };
}

export interface DistSizes {
  /** every JavaScript file of the build (no source maps) */
  js: Sizes;
  css: Sizes;
  /** the scripts index.html loads before anything renders: what every page load pays */
  initialJs: Sizes;
}

export function measureDist(distDir: string): DistSizes {
  const staticDir = path.join(distDir, 'static');
  const all = readdirSync(staticDir).map(f => path.join(staticDir, f));
  const html = readFileSync(path.join(distDir, 'index.html'), 'utf8');
  const initial = [
    ...html.matchAll(/<script[^>]*src="\/static\/([^"]+)"/g),
  ].map(m => path.join(staticDir, m[1]));
  return {
    js: sizeOf(all.filter(f => f.endsWith('.js'))),
    css: sizeOf(all.filter(f => f.endsWith('.css'))),
    initialJs: sizeOf(initial),
  };
}

/** A chunk's name without its content hash: `6598.chunk.js`, `module-remixicon.js`. */
export function chunkName(file: string): string {
  return path.basename(file).replace(/\.[0-9a-f]{12}(\.chunk)?\.js$/, '$1.js');
}

export interface ChunkChange {
  chunk: string;
  /** minified bytes; 0 when the chunk does not exist in that build */
  without: number;
  with: number;
  /** for a chunk only in the second build: its largest sources, by package or plugin */
  holds?: string[];
}

/** `@backstage/ui` for a file in node_modules, `plugins/infra-health` for ours. */
function sourceOwner(source: string): string {
  const inModules = source.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (inModules) return inModules[1];
  const inRepo = source.match(/((?:plugins|packages)\/[^/]+)\//);
  return inRepo ? inRepo[1] : source;
}

function largestOwners(staticDir: string, file: string): string[] {
  try {
    const map = JSON.parse(
      readFileSync(path.join(staticDir, `${file}.map`), 'utf8'),
    );
    const owners = new Map<string, number>();
    for (const [source, bytes] of bytesBySource(
      readFileSync(path.join(staticDir, file), 'utf8'),
      map,
    )) {
      const owner = sourceOwner(source);
      owners.set(owner, (owners.get(owner) ?? 0) + bytes);
    }
    return [...owners]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([owner, bytes]) => `${owner} ${kib(bytes)} KiB`);
  } catch {
    return [];
  }
}

/**
 * The JavaScript chunks whose size differs between two builds of the same
 * app. Chunk ids are derived from the modules, so a chunk keeps its name
 * across builds unless what it holds changes.
 */
export function changedChunks(
  withoutDir: string,
  withDir: string,
): ChunkChange[] {
  const files = (distDir: string) =>
    new Map(
      readdirSync(path.join(distDir, 'static'))
        .filter(f => f.endsWith('.js'))
        .map(f => [chunkName(f), f]),
    );
  const size = (distDir: string, file?: string) =>
    file ? readFileSync(path.join(distDir, 'static', file)).length : 0;
  const before = files(withoutDir);
  const after = files(withDir);
  return [...new Set([...before.keys(), ...after.keys()])]
    .map(chunk => ({
      chunk,
      without: size(withoutDir, before.get(chunk)),
      with: size(withDir, after.get(chunk)),
      holds: before.has(chunk)
        ? undefined
        : largestOwners(path.join(withDir, 'static'), after.get(chunk)!),
    }))
    .filter(c => c.with !== c.without)
    .sort((a, b) => b.with - b.without - (a.with - a.without));
}

export interface OwnChunk {
  file: string;
  initial: boolean;
  /** our largest modules in the chunk, which say what loads it */
  holds: string[];
  /** minified bytes of the whole file, and its gzip */
  bytes: number;
  gzipBytes: number;
  /** minified bytes the source map traces to our modules */
  ownBytes: number;
}

export interface Attribution {
  chunks: OwnChunk[];
  /** minified bytes traced to our modules, over every chunk */
  ownBytes: number;
  /** our modules found in more than one chunk, with their minified bytes per copy */
  duplicatedModules: Array<{ module: string; bytes: number; copies: number }>;
  /** minified bytes of the copies beyond the first */
  duplicatedBytes: number;
}

const BASE64 =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The fields of one source-map segment (base64 VLQ, relative values). */
function decodeSegment(segment: string): number[] {
  const fields: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    if (digit < 0) throw new Error(`source map: bad VLQ digit '${char}'`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return fields;
}

/**
 * Minified bytes of a file per source, from its source map: every generated
 * segment counts up to the next one (or the end of its line), the way
 * source-map-explorer attributes a bundle. Characters, which for minified
 * JavaScript are bytes but for the odd non-ASCII string literal.
 */
export function bytesBySource(
  code: string,
  map: { sources: string[]; mappings: string },
): Map<string, number> {
  const bySource = new Map<string, number>();
  const lines = code.split('\n');
  let source = 0;
  let sourceLine = 0;
  let sourceColumn = 0;
  map.mappings.split(';').forEach((mapped, index) => {
    const line = lines[index] ?? '';
    let column = 0;
    const segments = mapped
      ? mapped.split(',').map(segment => {
          const fields = decodeSegment(segment);
          column += fields[0];
          if (fields.length >= 4) {
            source += fields[1];
            sourceLine += fields[2];
            sourceColumn += fields[3];
            return { column, source };
          }
          return { column, source: -1 };
        })
      : [];
    segments.forEach((segment, i) => {
      if (segment.source < 0) return;
      const end = segments[i + 1]?.column ?? line.length;
      const name = map.sources[segment.source];
      bySource.set(name, (bySource.get(name) ?? 0) + end - segment.column);
    });
  });
  return bySource;
}

/**
 * Which chunks of a build hold our modules (a source path matching `ours`)
 * and how many of their minified bytes are ours, from the source maps the
 * build writes next to every chunk.
 */
export function attributeChunks(distDir: string, ours: RegExp): Attribution {
  const staticDir = path.join(distDir, 'static');
  const html = readFileSync(path.join(distDir, 'index.html'), 'utf8');
  const initial = new Set(
    [...html.matchAll(/<script[^>]*src="\/static\/([^"]+)"/g)].map(m => m[1]),
  );
  const copies = new Map<string, number[]>();
  const chunks: OwnChunk[] = [];
  for (const file of readdirSync(staticDir).filter(f => f.endsWith('.js'))) {
    let mapText: string;
    try {
      mapText = readFileSync(path.join(staticDir, `${file}.map`), 'utf8');
    } catch {
      continue;
    }
    const map = JSON.parse(mapText);
    const own = [
      ...bytesBySource(readFileSync(path.join(staticDir, file), 'utf8'), map),
    ].filter(([source]) => ours.test(source));
    if (!own.length) continue;
    for (const [source, bytes] of own) {
      const module = source.replace(/^.*\/plugins\//, 'plugins/');
      copies.set(module, [...(copies.get(module) ?? []), bytes]);
    }
    const sizes = sizeOf([path.join(staticDir, file)]);
    chunks.push({
      file: `static/${file}`,
      initial: initial.has(file),
      holds: own
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([source]) => path.basename(source)),
      bytes: sizes.bytes,
      gzipBytes: sizes.gzipBytes,
      ownBytes: own.reduce((sum, [, bytes]) => sum + bytes, 0),
    });
  }
  chunks.sort(
    (a, b) => Number(b.initial) - Number(a.initial) || b.bytes - a.bytes,
  );
  const duplicatedModules = [...copies]
    .filter(([, sizes]) => sizes.length > 1)
    .map(([module, sizes]) => ({
      module,
      bytes: Math.max(...sizes),
      copies: sizes.length,
    }))
    .sort((a, b) => b.bytes * (b.copies - 1) - a.bytes * (a.copies - 1));
  return {
    chunks,
    ownBytes: chunks.reduce((sum, c) => sum + c.ownBytes, 0),
    duplicatedModules,
    duplicatedBytes: [...copies.values()].reduce(
      (sum, sizes) =>
        sum + sizes.reduce((a, b) => a + b, 0) - Math.max(...sizes),
      0,
    ),
  };
}
