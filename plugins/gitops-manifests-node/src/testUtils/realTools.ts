import { execFileSync, spawnSync } from 'node:child_process';

/**
 * The real validators from Debian (`cloud-init schema`) and the machine
 * (`kubectl kustomize`). `./portal test` installs them and sets
 * PORTAL_REQUIRE_REAL_TOOLS, so there a missing tool fails the run; a plain
 * `yarn test` on a laptop without them skips those checks and says so.
 */
export function realTool(name: 'cloud-init' | 'kubectl'): boolean {
  const found = spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
  if (!found && process.env.PORTAL_REQUIRE_REAL_TOOLS) {
    throw new Error(
      `${name} is required by ./portal test but is not installed`,
    );
  }
  return found;
}

export function run(
  command: string,
  args: string[],
): { code: number; output: string } {
  try {
    const output = execFileSync(command, args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { code: 0, output };
  } catch (error: any) {
    return {
      code: error.status ?? 1,
      output: `${error.stdout ?? ''}${error.stderr ?? ''}`,
    };
  }
}
