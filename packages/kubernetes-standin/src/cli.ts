/* eslint-disable no-console */
import { parseArgs } from 'node:util';
import {
  nestedCluster,
  NESTED_CLUSTER_MISSING_RESOURCES,
  platformCluster,
} from './fixtures';
import { startKubernetesStandin } from './startKubernetesStandin';

const usage = `Usage: cli.ts [--port 7702]

Starts the Kubernetes API stand-in on 127.0.0.1 with a demo fleet:
platform (5 nodes, Cilium, Rook HEALTH_OK, Argo CD), dev (healthy nested
cluster) and prod (degraded: Ceph HEALTH_WARN, one Cilium agent not ready).`;

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '7702' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const standin = await startKubernetesStandin({
    port: Number(values.port),
    clusters: [
      { name: 'platform', token: 'platform-token', objects: platformCluster() },
      {
        name: 'dev',
        token: 'dev-token',
        objects: nestedCluster('dev'),
        missingResources: NESTED_CLUSTER_MISSING_RESOURCES,
      },
      {
        name: 'prod',
        token: 'prod-token',
        objects: nestedCluster('prod', { degraded: true }),
        missingResources: NESTED_CLUSTER_MISSING_RESOURCES,
      },
    ],
  });
  console.log(`Kubernetes stand-in listening on ${standin.url}`);
  for (const [name, token] of [
    ['platform', 'platform-token'],
    ['dev', 'dev-token'],
    ['prod', 'prod-token'],
  ]) {
    console.log(`  ${name}: url ${standin.clusterUrl(name)}  token ${token}`);
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
