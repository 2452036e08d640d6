import {
  addressesInRepository,
  candidateClusterFolders,
  nestedClusterApplicationPath,
  nestedClusterFields,
  NODE_SIZES,
  planResize,
  planRetire,
  planScaleWorkers,
  planUpgrade,
  readClusterRecord,
  RecordedCluster,
  RequestValidationError,
} from '@proficientnow/backstage-plugin-gitops-manifests-node';
import { RepositorySnapshot } from '@proficientnow/backstage-plugin-gitops-node';
import {
  addressesClaimedByOpenChanges,
  OpenPortalChange,
} from '../openChanges';
import {
  createDayTwoAction,
  dayTwoExample,
  DayTwoTarget,
} from './dayTwoAction';
import { GitOpsActionDeps } from './renderPipeline';

export const SCALE_CLUSTER_ACTION_ID = 'gitops:cluster:scale';
export const RESIZE_CLUSTER_ACTION_ID = 'gitops:cluster:resize';
export const RETIRE_CLUSTER_ACTION_ID = 'gitops:cluster:retire';
export const UPGRADE_CLUSTER_ACTION_ID = 'gitops:cluster:upgrade';

const CLUSTER_NAME = { max: 40, what: 'nested cluster' };

/** The cluster as the base branch records it, and what belongs to it. */
function readCluster(deps: GitOpsActionDeps) {
  const { layout, platform } = deps.gitops.config;
  return (
    snapshot: RepositorySnapshot,
    input: { name: string },
  ): { target: DayTwoTarget; read: RecordedCluster } => {
    const recorded = readClusterRecord(
      p => snapshot.text(p),
      layout,
      input.name,
      platform,
    );
    const { cluster } = recorded;
    const folders = candidateClusterFolders(layout, cluster.name);
    return {
      read: recorded,
      target: {
        kind: 'cluster',
        name: cluster.name,
        entityRef: `resource:default/${cluster.name}`,
        environment: cluster.environment,
        owner: cluster.owner,
        description: `the ${cluster.environment} cluster ${cluster.name}`,
        owns: p =>
          folders.some(f => p.startsWith(`${f}/`)) ||
          p === nestedClusterApplicationPath(layout, cluster.name),
      },
    };
  };
}

/** Every address the base branch holds or an open portal pull request (other than this one's) claims. */
async function heldAddresses(
  deps: GitOpsActionDeps,
  snapshot: RepositorySnapshot,
  openChanges: OpenPortalChange[],
  ownBranch: string,
): Promise<Set<string>> {
  const held = addressesInRepository(
    deps.gitops.config.layout.clustersPath,
    snapshot.paths(),
    p => snapshot.text(p),
  );
  for (const address of await addressesClaimedByOpenChanges(
    deps,
    openChanges,
    ownBranch,
  ))
    held.add(address);
  return held;
}

const protectedEnvironment = (target: DayTwoTarget) =>
  `${target.environment} is a protected environment`;

/** gitops:cluster:scale: the workers of a cluster, up or down. */
export function createScaleClusterAction(deps: GitOpsActionDeps) {
  const { platform, layout, joinTokenKey, sealingCertificatePem, image } =
    deps.gitops.config;
  return createDayTwoAction<
    { name: string; workerCount: number },
    RecordedCluster
  >({
    id: SCALE_CLUSTER_ACTION_ID,
    action: 'scale',
    verb: 'scale',
    nameRule: CLUSTER_NAME,
    description:
      "Scales a nested cluster's workers up (new workers join the running cluster; no existing node's file changes) or down (the highest-numbered workers go), reading the cluster from the repository.",
    examples: [
      {
        description: 'Four workers for payments-dev',
        example: dayTwoExample(SCALE_CLUSTER_ACTION_ID, {
          name: 'payments-dev',
          workerCount: 4,
        }),
      },
    ],
    input: z => ({
      workerCount: nestedClusterFields(z, platform).workerCount,
    }),
    deps,
    read: readCluster(deps),
    plan: async ({ input, read, snapshot, openChanges, ownBranch }) => {
      const taken = await heldAddresses(deps, snapshot, openChanges, ownBranch);
      return planScaleWorkers(read, input.workerCount, platform, taken, {
        layout,
        joinTokenKey,
        sealingCertificatePem,
        image,
      });
    },
    nothingToChange: (input, target) =>
      `${target.name} already has ${input.workerCount} workers`,
    protectedReason: protectedEnvironment,
  });
}

/** gitops:cluster:upgrade: the next step of moving a cluster to a new MicroK8s channel. */
export function createUpgradeClusterAction(deps: GitOpsActionDeps) {
  const { platform, layout, joinTokenKey, sealingCertificatePem, image } =
    deps.gitops.config;
  return createDayTwoAction<{ name: string; channel: string }, RecordedCluster>(
    {
      id: UPGRADE_CLUSTER_ACTION_ID,
      action: 'upgrade',
      verb: 'upgrade',
      nameRule: CLUSTER_NAME,
      description:
        'Moves a nested cluster to a new MicroK8s channel by rolling replacement, one step per pull request: new nodes on the new channel join, then the nodes they replace are removed; workers in batches, control planes one at a time. Run it again after each merge for the next step.',
      examples: [
        {
          description: 'Move payments-dev to MicroK8s 1.33',
          example: dayTwoExample(UPGRADE_CLUSTER_ACTION_ID, {
            name: 'payments-dev',
            channel: '1.33/stable',
          }),
        },
      ],
      input: z => ({
        channel: nestedClusterFields(z, platform).channel.describe(
          'The MicroK8s channel to move to, e.g. 1.33/stable (one minor version at a time)',
        ),
      }),
      deps,
      read: readCluster(deps),
      plan: async ({ input, read, snapshot, openChanges, ownBranch }) => {
        const taken = await heldAddresses(
          deps,
          snapshot,
          openChanges,
          ownBranch,
        );
        return planUpgrade(read, input.channel, taken, {
          layout,
          joinTokenKey,
          sealingCertificatePem,
          image,
        });
      },
      nothingToChange: (input, target) =>
        `every node of ${target.name} runs ${input.channel} already`,
      protectedReason: protectedEnvironment,
    },
  );
}

/** gitops:cluster:resize: the CPU, memory and disk of one role's nodes. */
export function createResizeClusterAction(deps: GitOpsActionDeps) {
  return createDayTwoAction<
    {
      name: string;
      role: 'control-plane' | 'worker';
      size: string;
      cpu?: number;
      memoryGiB?: number;
      diskGiB?: number;
    },
    RecordedCluster
  >({
    id: RESIZE_CLUSTER_ACTION_ID,
    action: 'resize',
    verb: 'resize',
    nameRule: CLUSTER_NAME,
    description:
      "Resizes a nested cluster's control-plane or worker nodes: CPU and memory of the running VMs (applied at their next restart), disk size for nodes added later.",
    examples: [
      {
        description: 'Large workers for payments-dev',
        example: dayTwoExample(RESIZE_CLUSTER_ACTION_ID, {
          name: 'payments-dev',
          role: 'worker',
          size: 'large',
        }),
      },
    ],
    input: z => ({
      role: z
        .enum(['control-plane', 'worker'])
        .describe('Which nodes to resize'),
      size: z
        .enum([...(Object.keys(NODE_SIZES) as [string, ...string[]]), 'custom'])
        .describe('A named size, or custom with cpu, memoryGiB and diskGiB'),
      cpu: z.number().int().min(1).max(64).optional(),
      memoryGiB: z.number().int().min(2).max(512).optional(),
      diskGiB: z.number().int().min(20).max(4096).optional(),
    }),
    deps,
    read: readCluster(deps),
    plan: async ({ input, read, snapshot }) =>
      planResize(
        read,
        {
          role: input.role,
          size:
            input.size === 'custom'
              ? {
                  cpu: input.cpu as number,
                  memoryGiB: input.memoryGiB as number,
                  diskGiB: input.diskGiB as number,
                }
              : input.size,
        },
        p => snapshot.text(p),
      ),
    nothingToChange: (input, target) =>
      `the ${input.role} nodes of ${target.name} already have that size`,
    protectedReason: protectedEnvironment,
  });
}

/** gitops:cluster:retire: the whole cluster, its Application and its addresses. */
export function createRetireClusterAction(deps: GitOpsActionDeps) {
  const { layout } = deps.gitops.config;
  return createDayTwoAction<{ name: string; confirm: string }, RecordedCluster>(
    {
      id: RETIRE_CLUSTER_ACTION_ID,
      action: 'retire',
      verb: 'retire',
      removal: true,
      nameRule: CLUSTER_NAME,
      description:
        'Retires a nested cluster: one pull request that removes its folder, its Argo CD Application and its address allocations. A removal is a protected change.',
      examples: [
        {
          description: 'Retire payments-dev',
          example: dayTwoExample(RETIRE_CLUSTER_ACTION_ID, {
            name: 'payments-dev',
            confirm: 'payments-dev',
          }),
        },
      ],
      input: z => ({
        confirm: z
          .string()
          .describe('The cluster name again, to confirm the removal'),
      }),
      deps,
      read: readCluster(deps),
      plan: async ({ input, read, snapshot }) => {
        if (input.confirm !== read.cluster.name)
          throw new RequestValidationError([
            {
              field: 'confirm',
              rule: `must be the cluster's name, ${read.cluster.name}, to confirm that it and the data on its nodes go`,
            },
          ]);
        return planRetire(read, layout, snapshot.paths(), p =>
          snapshot.text(p),
        );
      },
      nothingToChange: () => 'nothing',
      protectedReason: protectedEnvironment,
    },
  );
}
