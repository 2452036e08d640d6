/* eslint-disable no-console */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalStack } from './startLocalStack';

/**
 * Runs the local stand-ins in the foreground until stopped:
 *   node --require <backstage cli>/config/nodeTransform.cjs src/cli.ts --dir .local/stack
 * Prints "local stack ready: <config file>" when the portal may start.
 */
async function main() {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string', default: path.resolve('.local/stack') },
      'github-port': { type: 'string', default: '7701' },
    },
  });
  const dir = path.resolve(values.dir!);
  // a fresh repository on every start; the sealing key pair is kept
  rmSync(path.join(dir, 'app-config.stack.yaml'), { force: true });
  const stack = await startLocalStack({
    dir,
    githubPort: Number(values['github-port']),
  });
  console.log(
    `GitHub stand-in: ${stack.github.url} (repository ${stack.github.url}/proficientnow/platform-gitops)`,
  );
  console.log(`local stack ready: ${stack.configPath}`);
  const stop = async () => {
    await stack.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
