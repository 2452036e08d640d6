import type { CustomResourceKind } from '@proficientnow/backstage-plugin-infra-health-common';
import { httpGet, HttpSource, serverSaid } from './httpGet';

/** Where and how to reach one cluster's Kubernetes API. */
export interface ClusterTarget extends HttpSource {
  name: string;
  environment?: string;
  /** Bearer token, from configuration only. */
  token: string;
  /** Custom resource kinds judged by their conditions (`infraHealth.customResources`). */
  customResources?: CustomResourceKind[];
}

export type ApiResult =
  | { ok: true; status: number; body: string; json?: any }
  | { ok: false; status?: number; reason: string };

/**
 * A minimal reader of the Kubernetes API: GET a path, with the cluster's
 * token, a timeout, and every failure turned into a reason (refused, timed
 * out, HTTP status with the API's Status message, not JSON, truncated JSON).
 */
export class KubernetesApi {
  constructor(private readonly target: ClusterTarget) {}

  /**
   * GETs a path. With `statuses`, those HTTP statuses are answers to read
   * (e.g. /readyz answering 500 "not ready"), not failures.
   */
  async get(
    path: string,
    options: { json?: boolean; statuses?: number[] } = {},
  ): Promise<ApiResult> {
    const json = options.json ?? true;
    const result = await httpGet(this.target, path);
    if (!result.ok) return result;
    const { status, body } = result;
    if (status >= 400 && !options.statuses?.includes(status)) {
      let message = '';
      try {
        message = JSON.parse(body)?.message ?? '';
      } catch {
        message = '';
      }
      return {
        ok: false,
        status,
        reason: `HTTP ${status}${
          message ? `: ${serverSaid(this.target, String(message))}` : ''
        }`,
      };
    }
    if (!json) return { ok: true, status, body };
    try {
      return { ok: true, status, body, json: JSON.parse(body) };
    } catch {
      return {
        ok: false,
        status,
        reason: `answered ${status} with a body that is not JSON (${body.length} bytes)`,
      };
    }
  }
}
