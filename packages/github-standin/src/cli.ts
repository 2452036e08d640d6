/* eslint-disable no-console */
import { parseArgs } from 'node:util';
import { loadOpenApiValidator } from './OpenApiValidator';
import { seedFromDirectory } from './seedFromDirectory';
import { startGitHubStandin } from './startGitHubStandin';

const usage = `Usage: cli.ts [--port 7701] [--host 127.0.0.1] --seed <dir> [--token T ...] [--data-dir <dir>]

Starts the GitHub REST API stand-in. <dir> holds <owner>/<repo>/<files>;
each repository starts with one commit of those files on main.`;

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '7701' },
      host: { type: 'string', default: '127.0.0.1' },
      seed: { type: 'string' },
      token: { type: 'string', multiple: true },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const repos = values.seed ? await seedFromDirectory(values.seed) : [];
  await loadOpenApiValidator(); // load GitHub's description before the first request
  const standin = await startGitHubStandin({
    repos,
    port: Number(values.port),
    host: values.host,
    tokens: values.token,
    dataDir: values['data-dir'],
  });
  console.log(`GitHub stand-in listening on ${standin.url}`);
  console.log(`  API base URL: ${standin.apiBaseUrl} (or ${standin.url})`);
  console.log(`  token: ${standin.token}`);
  for (const repo of repos) {
    console.log(`  repository: ${standin.url}/${repo.owner}/${repo.name}`);
  }
  const stop = async () => {
    await standin.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
