import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { changeBranchName, ChangeAction } from '@internal/plugin-gitops-common';
import {
  addressesInRepository,
  candidateClusterFolders,
  ClusterChange,
  nestedClusterApplicationPath,
  nestedClusterFields,
  NODE_SIZES,
  planResize,
  planRetire,
  planScaleWorkers,
  readClusterRecord,
  RecordedCluster,
  RequestValidationError,
  Zod,
} from '@internal/plugin-gitops-manifests-node';
import { RepositorySnapshot } from '@internal/plugin-gitops-node';
import { stringify } from 'yaml';
import {
  addressesClaimedByOpenChanges,
  openPortalChanges,
  OpenPortalChange,
} from '../openChanges';
import { dayTwoPullRequestBody } from '../pullRequestBody';
import { createRenderAction, GitOpsActionDeps } from './renderPipeline';

export const SCALE_CLUSTER_ACTION_ID = 'gitops:cluster:scale';
export const RESIZE_CLUSTER_ACTION_ID = 'gitops:cluster:resize';
export const RETIRE_CLUSTER_ACTION_ID = 'gitops:cluster:retire';

/** Inputs every change to an existing cluster takes. */
function commonInput(z: Zod) {
  return {
    name: z
      .string()
      .min(1)
      .max(40)
      .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)
      .describe('The nested cluster to change, as named in the repository'),
    baseRevision: z
      .string()
      .regex(/^[0-9a-f]{40}$/)
      .optional()
      .describe(
        'The commit the form was opened at (the entity page fills it in): the change is refused when the cluster changed since',
      ),
    targetPath: z
      .string()
      .optional()
      .describe('Workspace folder the repository files are written to'),
  };
}

/**
 * The cluster as it is on the base branch, and the snapshot it was read
 * from; refused, by field, when it is not there or changed since the form
 * was opened at `baseRevision`.
 */
async function currentCluster(
  deps: GitOpsActionDeps,
  name: string,
  baseRevision: string | undefined,
): Promise<{ snapshot: RepositorySnapshot; recorded: RecordedCluster }> {
  const { config } = deps.gitops;
  const reader = deps.gitops.reader();
  const snapshot = await reader.snapshot();
  const recorded = readClusterRecord(
    p => snapshot.text(p),
    config.layout,
    name,
    config.platform,
  );
  if (baseRevision && baseRevision !== snapshot.revision) {
    let base: RepositorySnapshot;
    try {
      base = await reader.snapshot(baseRevision);
    } catch {
      throw new RequestValidationError([
        {
          field: 'baseRevision',
          rule: `${baseRevision.slice(0, 12)} is not a commit of ${
            config.repository.url
          }`,
        },
      ]);
    }
    const owned = (p: string) =>
      candidateClusterFolders(config.layout, name).some(f =>
        p.startsWith(`${f}/`),
      ) || p === nestedClusterApplicationPath(config.layout, name);
    const paths = new Set([...base.paths(), ...snapshot.paths()].filter(owned));
    const changed = [...paths].filter(
      p =>
        base.files.get(p)?.equals(snapshot.files.get(p) ?? Buffer.alloc(0)) !==
        true,
    );
    if (changed.length)
      throw new RequestValidationError([
        {
          field: 'baseRevision',
          rule: `the cluster changed since the form was opened (${baseRevision.slice(
            0,
            12,
          )} → ${snapshot.revision.slice(0, 12)}: ${changed
            .slice(0, 3)
            .join(', ')}${
            changed.length > 3 ? ', ...' : ''
          }); open the form again to start from the cluster as it is now`,
        },
      ]);
  }
  return { snapshot, recorded };
}

/**
 * One day-2 cluster action: read the cluster from the repository (before
 * deciding who may ask, since who may depends on the cluster's environment
 * and owner), plan the change, and hand it to the render pipeline.
 */
function createClusterChangeAction<TInput extends { name: string }>(options: {
  id: string;
  action: ChangeAction;
  description: string;
  examples: TemplateExample[];
  input: (z: Zod) => Record<string, any>;
  deps: GitOpsActionDeps;
  what: string;
  removal?: boolean;
  plan: (context: {
    input: TInput;
    recorded: RecordedCluster;
    snapshot: RepositorySnapshot;
    openChanges: OpenPortalChange[];
    ownBranch: string;
  }) => Promise<ClusterChange | undefined>;
  nothingToChange: (input: TInput, recorded: RecordedCluster) => string;
}) {
  const { deps } = options;
  return createRenderAction<TInput>({
    id: options.id,
    description: options.description,
    examples: options.examples,
    input: z => z.object({ ...commonInput(z), ...options.input(z) }) as any,
    deps,
    plan: async ctx => {
      const input = ctx.input as unknown as TInput & {
        baseRevision?: string;
        targetPath?: string;
      };
      const { snapshot, recorded } = await currentCluster(
        deps,
        input.name,
        input.baseRevision,
      );
      const { cluster } = recorded;
      const target = `resource:default/${cluster.name}`;
      const identity = {
        kind: 'cluster' as const,
        action: options.action,
        target,
        environment: cluster.environment,
      };
      const ownBranch = changeBranchName({
        ...identity,
        requestDigest: '0'.repeat(64),
      });
      return {
        request: { ...ctx.input, targetPath: undefined },
        targetPath: input.targetPath,
        authorize: {
          environment: cluster.environment,
          what: `${options.what} the ${cluster.environment} cluster ${cluster.name}`,
          targetRef: target,
          removal: options.removal,
        },
        render: async () => {
          const openChanges = await openPortalChanges(deps, ctx);
          const change = await options.plan({
            input,
            recorded,
            snapshot,
            openChanges,
            ownBranch,
          });
          if (!change)
            return { unchanged: options.nothingToChange(input, recorded) };
          const otherOpen = openChanges
            .filter(
              o =>
                o.change.kind === 'cluster' &&
                o.change.name === cluster.name &&
                o.branch !== ownBranch,
            )
            .map(o => ({
              number: o.number,
              url: o.url,
              action: o.change.action,
            }));
          for (const o of otherOpen)
            ctx.logger.warn(
              `another open pull request changes ${cluster.name}: #${o.number} (${o.action}) ${o.url}`,
            );
          const headline = `${options.what[0].toUpperCase()}${options.what.slice(
            1,
          )} the ${cluster.environment} cluster **${cluster.name}**`;
          return {
            rendered: change.rendered,
            extraFiles: change.extraFiles,
            deletions: change.deletions,
            summary: change.summary,
            identity,
            owner: cluster.owner,
            environment: cluster.environment,
            title: `Nested cluster ${cluster.name} (${cluster.environment}): ${change.summary}`,
            body: context =>
              dayTwoPullRequestBody({
                ...context,
                headline,
                summary: change.summary,
                notes: change.notes,
                onMerge: change.onMerge,
                otherOpen,
                baseRevision: snapshot.revision,
                protectedReason: options.removal
                  ? 'a removal'
                  : `${cluster.environment} is a protected environment`,
                deletions: change.deletions,
              }),
            logLine: paths =>
              `${cluster.name}: ${change.summary} (${paths.length} files written, ${change.deletions.length} deleted)`,
          };
        },
      };
    },
  });
}

function example(action: string, input: Record<string, unknown>): string {
  return stringify({
    steps: [{ id: 'change', action, name: 'Change the cluster', input }],
  });
}

/** gitops:cluster:scale: the workers of a cluster, up or down. */
export function createScaleClusterAction(deps: GitOpsActionDeps) {
  const { platform, layout, joinTokenKey, sealingCertificatePem, image } =
    deps.gitops.config;
  return createClusterChangeAction<{ name: string; workerCount: number }>({
    id: SCALE_CLUSTER_ACTION_ID,
    action: 'scale',
    what: 'scale',
    description:
      "Scales a nested cluster's workers up (new workers join the running cluster; no existing node's file changes) or down (the highest-numbered workers go), reading the cluster from the repository.",
    examples: [
      {
        description: 'Four workers for payments-dev',
        example: example(SCALE_CLUSTER_ACTION_ID, {
          name: 'payments-dev',
          workerCount: 4,
        }),
      },
    ],
    input: z => ({
      workerCount: nestedClusterFields(z, platform).workerCount,
    }),
    deps,
    plan: async ({ input, recorded, snapshot, openChanges, ownBranch }) => {
      const taken = addressesInRepository(
        layout.clustersPath,
        snapshot.paths(),
        p => snapshot.text(p),
      );
      for (const a of await addressesClaimedByOpenChanges(
        deps,
        openChanges,
        ownBranch,
      ))
        taken.add(a);
      return planScaleWorkers(recorded, input.workerCount, platform, taken, {
        layout,
        joinTokenKey,
        sealingCertificatePem,
        image,
      });
    },
    nothingToChange: (input, recorded) =>
      `${recorded.cluster.name} already has ${input.workerCount} workers`,
  });
}

/** gitops:cluster:resize: the CPU, memory and disk of one role's nodes. */
export function createResizeClusterAction(deps: GitOpsActionDeps) {
  return createClusterChangeAction<{
    name: string;
    role: 'control-plane' | 'worker';
    size: string;
    cpu?: number;
    memoryGiB?: number;
    diskGiB?: number;
  }>({
    id: RESIZE_CLUSTER_ACTION_ID,
    action: 'resize',
    what: 'resize',
    description:
      "Resizes a nested cluster's control-plane or worker nodes: CPU and memory of the running VMs (applied at their next restart), disk size for nodes added later.",
    examples: [
      {
        description: 'Large workers for payments-dev',
        example: example(RESIZE_CLUSTER_ACTION_ID, {
          name: 'payments-dev',
          role: 'worker',
          size: 'large',
        }),
      },
    ],
    input: z => {
      return {
        role: z
          .enum(['control-plane', 'worker'])
          .describe('Which nodes to resize'),
        size: z
          .enum([
            ...(Object.keys(NODE_SIZES) as [string, ...string[]]),
            'custom',
          ])
          .describe('A named size, or custom with cpu, memoryGiB and diskGiB'),
        cpu: z.number().int().min(1).max(64).optional(),
        memoryGiB: z.number().int().min(2).max(512).optional(),
        diskGiB: z.number().int().min(20).max(4096).optional(),
      };
    },
    deps,
    plan: async ({ input, recorded, snapshot }) =>
      planResize(
        recorded,
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
    nothingToChange: (input, recorded) =>
      `the ${input.role} nodes of ${recorded.cluster.name} already have that size`,
  });
}

/** gitops:cluster:retire: the whole cluster, its Application and its addresses. */
export function createRetireClusterAction(deps: GitOpsActionDeps) {
  const { layout } = deps.gitops.config;
  return createClusterChangeAction<{ name: string; confirm: string }>({
    id: RETIRE_CLUSTER_ACTION_ID,
    action: 'retire',
    what: 'retire',
    removal: true,
    description:
      'Retires a nested cluster: one pull request that removes its folder, its Argo CD Application and its address allocations. A removal is a protected change.',
    examples: [
      {
        description: 'Retire payments-dev',
        example: example(RETIRE_CLUSTER_ACTION_ID, {
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
    plan: async ({ input, recorded, snapshot }) => {
      if (input.confirm !== recorded.cluster.name)
        throw new RequestValidationError([
          {
            field: 'confirm',
            rule: `must be the cluster's name, ${recorded.cluster.name}, to confirm that it and the data on its nodes go`,
          },
        ]);
      return planRetire(recorded, layout, snapshot.paths(), p =>
        snapshot.text(p),
      );
    },
    nothingToChange: () => 'nothing',
  });
}
