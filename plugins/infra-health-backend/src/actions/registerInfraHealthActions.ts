import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  infraHealthReadPermission,
  StalenessPolicy,
} from '@proficientnow/backstage-plugin-infra-health-common';
import { HealthStore } from '../database/HealthStore';
import { clusterView, fleetView } from '../service/fleetView';
import {
  CLUSTER_NAME,
  clusterOutputSchema,
  fleetOutputSchema,
} from './healthSchemas';

export const FLEET_HEALTH_ACTION = 'get-fleet-health';
export const CLUSTER_HEALTH_ACTION = 'get-cluster-health';

/**
 * The same guard as every health route (infra.health.read), for the
 * credentials an action is invoked with.
 */
async function authorizeHealthRead(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
  what: string,
): Promise<void> {
  const [decision] = await permissions.authorize(
    [{ permission: infraHealthReadPermission }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW)
    throw new NotAllowedError(`infra.health.read is required to read ${what}`);
}

/**
 * Registers the health API's reads as actions (and so as MCP tools): the
 * fleet and one cluster, answered from the store by the same views as
 * `GET /fleet` and `GET /clusters/:cluster`.
 */
export function registerInfraHealthActions(options: {
  actionsRegistry: ActionsRegistryService;
  store: HealthStore;
  permissions: PermissionsService;
  staleness: StalenessPolicy;
  now?: () => Date;
}): void {
  const { actionsRegistry, store, permissions, staleness } = options;
  const now = options.now ?? (() => new Date());

  actionsRegistry.register({
    name: FLEET_HEALTH_ACTION,
    title: 'Fleet health',
    description:
      'Every cluster of the platform with its rolled-up health (ok, warning, critical or unknown), the reason, and the status of each subsystem (Ceph, Cilium, nodes, control plane, Argo CD, KubeVirt, custom resources), worst first. Answers "is prod healthy?". Needs infra.health.read.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z => z.object({}),
      output: fleetOutputSchema,
    },
    action: async ({ credentials }) => {
      await authorizeHealthRead(permissions, credentials, 'platform health');
      const fleet = fleetView(await store.snapshots(), now(), staleness);
      return {
        output: {
          ...fleet,
          // the fleet names each subsystem's status; get-cluster-health has the checks
          clusters: fleet.clusters.map(cluster => ({
            ...cluster,
            subsystems: cluster.subsystems.map(
              ({ subsystem, status, reason, stale }) => ({
                subsystem,
                status,
                reason,
                stale,
              }),
            ),
          })),
        },
      };
    },
  });

  actionsRegistry.register({
    name: CLUSTER_HEALTH_ACTION,
    title: 'Cluster health',
    description:
      'One cluster by name: its rolled-up health and every subsystem with its checks (what was checked, how it stands, why, when it was seen). Use get-fleet-health for the cluster names. Needs infra.health.read.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          cluster: z
            .string()
            .max(253)
            .regex(CLUSTER_NAME, 'must be a cluster name')
            .describe('Cluster name, as get-fleet-health lists it'),
        }),
      output: clusterOutputSchema,
    },
    action: async ({ input, credentials }) => {
      await authorizeHealthRead(
        permissions,
        credentials,
        `the health of cluster ${input.cluster}`,
      );
      const snapshot = await store.snapshot(input.cluster);
      if (!snapshot) {
        const known = (await store.snapshots()).map(s => s.cluster).sort();
        throw new NotFoundError(
          `cluster: no health collected for cluster "${
            input.cluster
          }"; known clusters: ${known.join(', ') || 'none yet'}`,
        );
      }
      return {
        output: {
          ...clusterView(snapshot, now(), staleness),
          collectedAt: snapshot.collectedAt,
        },
      };
    },
  });
}
