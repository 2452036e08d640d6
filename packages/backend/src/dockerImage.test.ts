/**
 * @jest-environment node
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

// There is no Docker daemon where the tests run, so the Dockerfile is read
// as text and held to the rules that matter: they must not rot unnoticed.

const repoRoot = path.resolve(__dirname, '../../..');
const dockerfile = readFileSync(
  path.join(repoRoot, 'packages/backend/Dockerfile'),
  'utf8',
);
const dockerignore = readFileSync(path.join(repoRoot, '.dockerignore'), 'utf8')
  .split('\n')
  .map(line => line.trim())
  .filter(line => line && !line.startsWith('#'));

interface Instruction {
  keyword: string;
  args: string;
}

/** Dockerfile instructions, with continuation lines joined and comments dropped. */
function parseDockerfile(text: string): Instruction[] {
  const logical: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#') || (line === '' && current === '')) continue;
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    logical.push(current + line);
    current = '';
  }
  return logical
    .filter(line => line !== '')
    .map(line => {
      const [keyword, ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

const instructions = parseDockerfile(dockerfile);
const of = (keyword: string) =>
  instructions.filter(i => i.keyword === keyword).map(i => i.args);

/** The sources of every COPY (flags dropped, destination dropped). */
const copySources = of('COPY').flatMap(args => {
  const parts = args.split(/\s+/).filter(p => !p.startsWith('--'));
  return parts.slice(0, -1);
});

/** A Docker COPY pattern as a regular expression (`*` and `?` inside one path segment). */
function patternToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]');
  return new RegExp(`^${escaped}$`);
}

describe('packages/backend/Dockerfile', () => {
  it('builds on Node 22 (the toolchain the portal is tested with), slim Debian', () => {
    const from = of('FROM');
    expect(from).toHaveLength(1);
    expect(from[0]).toMatch(/^node:22(\.\d+)*-bookworm-slim$/);
  });

  it('runs as the unprivileged node user, switched to before the app is copied in', () => {
    const users = of('USER');
    expect(users.length).toBeGreaterThan(0);
    const lastUser = users[users.length - 1];
    expect(['root', '0', '0:0']).not.toContain(lastUser);
    expect(lastUser).toBe('node');
    const userIndex = instructions.findIndex(i => i.keyword === 'USER');
    const firstCopy = instructions.findIndex(i => i.keyword === 'COPY');
    expect(userIndex).toBeLessThan(firstCopy);
    // every COPY after that hands the files to node, not root
    expect(of('COPY').every(args => args.includes('--chown=node:node'))).toBe(
      true,
    );
  });

  it('follows the host-build recipe: skeleton, production-only install, bundle', () => {
    expect(of('WORKDIR')).toEqual(['/app']);
    expect(of('ENV')).toContain('NODE_ENV=production');
    expect(copySources).toEqual(
      expect.arrayContaining([
        'yarn.lock',
        'package.json',
        'packages/backend/dist/skeleton.tar.gz',
        'packages/backend/dist/bundle.tar.gz',
      ]),
    );
    const runs = of('RUN').join('\n');
    expect(runs).toContain('tar xzf skeleton.tar.gz');
    expect(runs).toContain('yarn workspaces focus --all --production');
    expect(runs).toContain('tar xzf bundle.tar.gz');
    // the tarballs are what `yarn build:backend` writes
    const rootPackage = JSON.parse(
      readFileSync(path.join(repoRoot, 'package.json'), 'utf8'),
    );
    expect(rootPackage.scripts['build:backend']).toBe(
      'yarn workspace backend build',
    );
  });

  it('starts the backend with config files that exist in the repository and are copied into the image', () => {
    const cmd = of('CMD');
    expect(cmd).toHaveLength(1);
    const argv: string[] = JSON.parse(cmd[0]);
    expect(argv.slice(0, 2)).toEqual(['node', 'packages/backend']);
    const configs = argv.filter((_arg, i) => argv[i - 1] === '--config');
    expect(configs).toEqual(['app-config.yaml', 'app-config.production.yaml']);
    for (const config of configs) {
      expect({
        config,
        exists: existsSync(path.join(repoRoot, config)),
      }).toEqual({ config, exists: true });
      expect(copySources).toContain(config);
    }
  });

  it('copies every file it names from the repository, the host build output aside', () => {
    const missing = copySources
      .filter(source => !source.startsWith('packages/backend/dist/'))
      .filter(source => !existsSync(path.join(repoRoot, source)));
    expect(missing).toEqual([]);
  });

  it('copies no secrets: no local config, env file, key or credential, by name or by wildcard', () => {
    const secretLooking = [
      'app-config.local.yaml',
      '.env',
      '.local/run/portal/stack/sealing.key',
      'github-app.pem',
      'tls.key',
    ];
    const leaks = copySources.flatMap(source =>
      secretLooking
        .filter(file => patternToRegExp(source).test(file))
        .map(file => `${source} would copy ${file}`),
    );
    expect(leaks).toEqual([]);
    expect(
      copySources.filter(s => /secret|credential|token|\.pem$|\.key$/i.test(s)),
    ).toEqual([]);
    // and no secret is baked in as a build argument or environment variable
    expect(
      [...of('ENV'), ...of('ARG')].filter(s =>
        /SECRET|TOKEN|PASSWORD|PRIVATE_KEY/i.test(s),
      ),
    ).toEqual([]);
  });

  it('keeps local configuration, credentials and the work tree out of the build context', () => {
    expect(dockerignore).toEqual(
      expect.arrayContaining([
        '*.local.yaml',
        '.env',
        '*.pem',
        '*.key',
        '.local',
        '.git',
        'node_modules',
      ]),
    );
  });
});
