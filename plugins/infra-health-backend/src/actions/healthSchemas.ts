import { SUBSYSTEMS } from '@proficientnow/backstage-plugin-infra-health-common';

/** The zod the actions registry hands to action schemas (its v3 API). */
export type Zod = typeof import('zod/v3').z;

/** A cluster name as the health API takes it (lowercase, as Kubernetes names it). */
export const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

const statusOf = (z: Zod) =>
  z
    .enum(['ok', 'warning', 'critical', 'unknown'])
    .describe('ok, warning, critical or unknown (what cannot be seen)');

/** One check as ClusterHealth carries it (infra-health-common's HealthCheck). */
export function checkSchema(z: Zod) {
  return z.object({
    id: z.string().describe('Stable id, e.g. ceph.OSD_DOWN or nodes.ready'),
    subsystem: z.enum(SUBSYSTEMS),
    status: statusOf(z),
    reason: z.string().describe('What a person can act on'),
    observedAt: z.string().describe('When the source was last read'),
    details: z.record(z.unknown()).optional(),
  });
}

/** The cluster fields both actions answer with; `subsystem` is the shape of one subsystem. */
function clusterSchema<T extends import('zod/v3').ZodTypeAny>(
  z: Zod,
  subsystem: T,
) {
  return z.object({
    cluster: z.string(),
    environment: z.string().optional(),
    status: statusOf(z),
    reason: z.string().describe('Why the cluster has its status'),
    reachable: z
      .boolean()
      .optional()
      .describe('False when its API server did not answer at all'),
    lastSeenAt: z.string().optional(),
    observedAt: z.string().optional(),
    stale: z
      .boolean()
      .describe('True when the last observation is older than allowed'),
    sources: z
      .array(
        z.object({
          source: z.enum(['kubernetes', 'prometheus']),
          configured: z.boolean(),
          hint: z.string().optional(),
        }),
      )
      .optional(),
    subsystems: z.array(subsystem),
  });
}

/** A subsystem without its checks: the fleet answer stays short. */
function subsystemSummarySchema(z: Zod) {
  return z.object({
    subsystem: z.enum(SUBSYSTEMS),
    status: statusOf(z),
    reason: z.string(),
    stale: z.boolean(),
  });
}

export function fleetOutputSchema(z: Zod) {
  return z.object({
    clusters: z
      .array(clusterSchema(z, subsystemSummarySchema(z)))
      .describe('Every cluster, worst first, with its subsystems rolled up'),
    counts: z
      .object({
        ok: z.number(),
        warning: z.number(),
        critical: z.number(),
        unknown: z.number(),
      })
      .describe('How many clusters have each status'),
    generatedAt: z.string(),
  });
}

export function clusterOutputSchema(z: Zod) {
  return clusterSchema(
    z,
    subsystemSummarySchema(z).extend({
      observedAt: z.string().optional(),
      checks: z.array(checkSchema(z)),
    }),
  ).extend({
    collectedAt: z.string().describe('When the collector last stored it'),
  });
}
