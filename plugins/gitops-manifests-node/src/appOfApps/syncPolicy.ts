import { SyncPolicyOverrides } from '../catalogue/types';

/**
 * The platform's default sync policy: automated with prune and self-heal,
 * namespaces created by Argo CD, five retries with exponential backoff.
 * Components override single fields.
 */
export function buildSyncPolicy(
  overrides: SyncPolicyOverrides = {},
): Record<string, unknown> {
  const automated = overrides.automated ?? true;
  const syncOptions: string[] = [];
  if (overrides.createNamespace ?? true)
    syncOptions.push('CreateNamespace=true');
  if (overrides.serverSideApply) syncOptions.push('ServerSideApply=true');
  syncOptions.push('PruneLast=true');
  for (const option of overrides.extraSyncOptions ?? []) {
    if (!syncOptions.includes(option)) syncOptions.push(option);
  }
  return {
    ...(automated
      ? {
          automated: {
            prune: overrides.prune ?? true,
            selfHeal: overrides.selfHeal ?? true,
          },
        }
      : {}),
    syncOptions,
    retry: {
      limit: overrides.retryLimit ?? 5,
      backoff: { duration: '10s', factor: 2, maxDuration: '5m' },
    },
  };
}
