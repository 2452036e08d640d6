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
      'kubernetes-port': { type: 'string', default: '7702' },
      'control-port': { type: 'string', default: '7703' },
      ceph: { type: 'string', default: 'auto' },
      'prometheus-port': { type: 'string' },
      // where the portal backend listens: the GitHub stand-in posts push webhooks there
      'backend-port': { type: 'string' },
      // a local OpenID Connect provider standing in for Authentik
      'oidc-port': { type: 'string' },
      // how the portal authenticates to the GitHub stand-in: token or app
      'github-auth': { type: 'string', default: 'token' },
    },
  });
  if (values.ceph !== 'auto' && values.ceph !== 'off') {
    throw new Error(`--ceph: must be auto or off; got '${values.ceph}'`);
  }
  if (values['github-auth'] !== 'token' && values['github-auth'] !== 'app') {
    throw new Error(
      `--github-auth: must be token or app; got '${values['github-auth']}'`,
    );
  }
  const dir = path.resolve(values.dir!);
  // a fresh repository on every start; the sealing key pair is kept
  rmSync(path.join(dir, 'app-config.stack.yaml'), { force: true });
  const stack = await startLocalStack({
    dir,
    githubPort: Number(values['github-port']),
    kubernetesPort: Number(values['kubernetes-port']),
    controlPort: Number(values['control-port']),
    ceph: values.ceph,
    backendPort: values['backend-port']
      ? Number(values['backend-port'])
      : undefined,
    githubAuth: values['github-auth'],
    oidcPort: values['oidc-port'] ? Number(values['oidc-port']) : undefined,
    cephPorts: values['prometheus-port']
      ? { prometheus: Number(values['prometheus-port']) }
      : undefined,
    log: line => console.log(line),
  });
  console.log(
    `GitHub stand-in: ${stack.github.url} (repository ${stack.github.url}/proficientnow/platform-gitops)`,
  );
  console.log(
    `Kubernetes stand-in: ${stack.fleet.kubernetes.url} (clusters platform, dev, prod)`,
  );
  console.log(
    stack.ceph
      ? `real Ceph: CEPH_CONF=${stack.ceph.cephConf}; Prometheus ${stack.ceph.prometheusUrl}`
      : 'Ceph: the stand-in Rook status',
  );
  console.log(
    `control: curl -X POST ${stack.controlUrl}/clusters/dev -d '{"ceph":"HEALTH_WARN"}'`,
  );
  console.log(
    `faults:  curl -X POST ${stack.controlUrl}/clusters/dev/faults -d '{"source":"nodes","fault":"hang"}'; curl -X DELETE ${stack.controlUrl}/clusters/dev/faults`,
  );
  if (stack.oidc) {
    console.log(
      `sign-in: Authentik stand-in (OpenID Connect) at ${stack.oidc.provider.issuer}; people and their passwords: ${stack.oidc.accountsFile}`,
    );
  }
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
