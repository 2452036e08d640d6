import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';

/** How to reach the infra-health plugin of the same backend. */
export interface HealthPluginAccess {
  discovery: DiscoveryService;
  auth: AuthService;
  fetch?: typeof fetch;
  /** Default 10 seconds. */
  timeoutMs?: number;
}

/**
 * The Argo CD Applications infra-health's last collection kept for a
 * cluster (`GET /clusters/:cluster/argocd/applications`), asked with the
 * calling plugin's service credentials. Answers the body as it came (the
 * caller parses it, untrusted) or, for any failure, the problem in words
 * (HTTP status with infra-health's message, or the network error), never a
 * credential. An unreadable answer is never "nothing is deployed".
 */
export async function readLiveApplications(
  access: HealthPluginAccess,
  cluster: string,
): Promise<{ body: unknown } | { problem: string }> {
  const { discovery, auth } = access;
  try {
    const base = await discovery.getBaseUrl('infra-health');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'infra-health',
    });
    const res = await (access.fetch ?? fetch)(
      `${base}/clusters/${encodeURIComponent(cluster)}/argocd/applications`,
      {
        headers: { Authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(access.timeoutMs ?? 10_000),
      },
    );
    if (res.ok) return { body: await res.json() };
    const message = await res
      .json()
      .then((b: any) =>
        b?.error?.message ? `: ${String(b.error.message).slice(0, 200)}` : '',
      )
      .catch(() => '');
    return { problem: `HTTP ${res.status}${message}` };
  } catch (error) {
    return {
      problem: String((error as Error)?.message ?? error).slice(0, 200),
    };
  }
}
