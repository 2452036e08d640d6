import { createBackend } from '@backstage/backend-defaults';
import { ConfigSources } from '@backstage/config-loader';
import { signInModules } from './auth/module';
import { platformPermissionPolicyModule } from './permissions/platformPermissionPolicyModule';
import { checkStartupConfig } from './startupConfig';
import { reportStartupFailure } from './startupFailure';

async function main() {
  // Read the same config the backend will read and stop early, naming the
  // key, when a value would only fail deep inside a plugin.
  const config = await ConfigSources.toConfig(
    ConfigSources.default({ argv: process.argv, remote: undefined }),
  );
  const problems = checkStartupConfig(config);
  if (problems.length > 0) {
    process.stderr.write(
      `\nThe portal backend did not start: the configuration is invalid.\n${problems
        .map(p => `  - ${p}`)
        .join('\n')}\n\n`,
    );
    process.exit(1);
  }

  const backend = createBackend();

  backend.add(import('@backstage/plugin-app-backend'));
  backend.add(import('@backstage/plugin-events-backend'));
  // GitHub webhooks (signature checked with events.modules.github.webhookSecret)
  // as github.* events: a push to the GitOps repository refreshes the catalog
  backend.add(import('@backstage/plugin-events-backend-module-github'));

  // sign-in: OIDC (Authentik) signs people in as their catalog User; the guest
  // provider exists only where portal.signIn.providers offers it (local runs)
  backend.add(import('@backstage/plugin-auth-backend'));
  for (const module of signInModules(config)) backend.add(module);

  // the platform catalog
  backend.add(import('@backstage/plugin-catalog-backend'));
  backend.add(
    import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
  );
  backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
  // the catalog follows the GitOps repository: Applications and nested clusters
  backend.add(
    import('@proficientnow/backstage-plugin-catalog-backend-module-gitops'),
  );

  // self-service as pull requests
  backend.add(import('@backstage/plugin-scaffolder-backend'));
  backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
  backend.add(
    import('@proficientnow/backstage-plugin-scaffolder-backend-module-gitops'),
  );
  // the changes proposed to the GitOps repository: pending pull requests
  backend.add(import('@proficientnow/backstage-plugin-gitops-backend'));

  // who may do what: our policy, not allow-all
  backend.add(import('@backstage/plugin-permission-backend'));
  backend.add(platformPermissionPolicyModule);

  // search over the catalog (PostgreSQL engine in production, in-memory locally)
  backend.add(import('@backstage/plugin-search-backend'));
  backend.add(import('@backstage/plugin-search-backend-module-pg'));
  backend.add(import('@backstage/plugin-search-backend-module-catalog'));

  backend.add(import('@backstage/plugin-kubernetes-backend'));
  // Ceph, Cilium and cluster health, collected once per interval across replicas
  backend.add(import('@proficientnow/backstage-plugin-infra-health-backend'));
  backend.add(import('@backstage/plugin-user-settings-backend'));
  // the bell: changes merged, rolled out, failed or stuck, told to the owner group
  backend.add(import('@backstage/plugin-notifications-backend'));
  // and by e-mail, where notifications.processors.email names an SMTP server
  if (config.has('notifications.processors.email')) {
    backend.add(import('@backstage/plugin-notifications-backend-module-email'));
  }
  // pages updated as soon as something changes (notifications today)
  backend.add(import('@backstage/plugin-signals-backend'));
  // the actions of backend.actions.pluginSources (health, changes, dry-run
  // renders) as MCP tools at /api/mcp-actions/v1, for the caller's token
  backend.add(import('@backstage/plugin-mcp-actions-backend'));

  await backend.start();
}

main().catch(error => {
  reportStartupFailure(error);
  process.exit(1);
});
