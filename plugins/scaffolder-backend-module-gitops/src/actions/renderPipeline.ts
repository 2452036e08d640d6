import { PermissionsService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ActionContext,
  createTemplateAction,
  TemplateAction,
  TemplateExample,
} from '@backstage/plugin-scaffolder-node';
import { JsonObject, JsonValue } from '@backstage/types';
import {
  canonicalJson,
  changeBranchName,
  ChangeIdentity,
} from '@proficientnow/backstage-plugin-gitops-common';
import {
  assertRenderedValid,
  EmbeddedDocument,
  RenderedFile,
  SealedPlaintext,
  ValidationReport,
} from '@proficientnow/backstage-plugin-gitops-manifests-node';
import {
  authorizeGitOpsChange,
  GitOpsRepositoryService,
  requestDigest,
  assertOwnerGroup,
} from '@proficientnow/backstage-plugin-gitops-node';
import { Approvers, resolveApprovers } from '../reviewers';
import { writeRenderedFiles } from '../workspace';

/** What every GitOps action needs, wired once by the module. */
export interface GitOpsActionDeps {
  gitops: GitOpsRepositoryService;
  permissions: PermissionsService;
  catalog: CatalogService;
}

/** The identity a render action hands to gitops:pull-request:open: everything but who asked. */
export type RenderedChangeIdentity = Omit<ChangeIdentity, 'requester'>;

/** What one render produced, for the pipeline to validate, write and describe. */
export interface RenderedChange {
  /** The files, and what was sealed or embedded in them (validated, never written in clear). */
  rendered: {
    files: RenderedFile[];
    sealedPlaintexts?: SealedPlaintext[];
    embedded?: EmbeddedDocument[];
    /** Manifest files written as text (edited in place or restored), validated as they are. */
    textFiles?: ReadonlyMap<string, string>;
  };
  /** Files that are not rendered objects (e.g. allocation files). */
  extraFiles?: Map<string, string>;
  /** Repository paths the change deletes (a day-2 change), for gitops:pull-request:open's deletePaths. */
  deletions?: string[];
  /** The change in one line of words, e.g. "workers 2 → 4: adds ...". */
  summary?: string;
  /** What the change is, without who asked and without the digest. */
  identity: Omit<RenderedChangeIdentity, 'requestDigest'>;
  /** The owner group whose team reviews. */
  owner: string;
  /** The environment label (`env:<name>`) of the pull request, if any. */
  environment?: string;
  extraLabels?: string[];
  title: string;
  body: (context: {
    report: ValidationReport;
    paths: string[];
    approvers: Approvers;
    protectedChange: boolean;
  }) => string;
  /** CODEOWNERS entries for new folders, as repository paths (`/clusters/dev/a/`). */
  codeownerPaths?: string[];
  /** Outputs of this action beyond the common ones. */
  outputs?: Record<string, JsonValue>;
  /** A line for the task log once the files are written. */
  logLine?: (paths: string[], report: ValidationReport) => string;
}

/** What the pipeline needs to know before it renders. */
export interface RenderPlan {
  /** The request as the action received it: its digest identifies the request. */
  request: unknown;
  /** Folder of the workspace the files go to; default gitops. */
  targetPath?: string;
  /** What is being asked for, for the permission decision. */
  authorize: {
    environment?: string;
    domain?: string;
    what: string;
    /** The existing entity a day-2 change is made to: its owners may change it. */
    targetRef?: string;
    /** A removal is always a protected change. */
    removal?: boolean;
  };
  /**
   * The owner group the request names (a new cluster's, component's ...):
   * it must be a Group the catalog holds, checked before anything is
   * rendered. Day-2 changes read the owner from the repository instead.
   */
  requestedOwner?: unknown;
  /**
   * Renders the change; a string instead says why there is nothing to change
   * (the request matches the repository), and nothing is written or opened.
   */
  render: (context: {
    protectedChange: boolean;
  }) => Promise<RenderedChange | { unchanged: string }>;
}

/** The outputs every render action has, for gitops:pull-request:open to take unchanged. */
export const renderOutputSchema = {
  files: (z: Zod) => z.array(z.string()).describe('Repository paths written'),
  change: (z: Zod) =>
    z
      .object({
        kind: z.string(),
        action: z.string(),
        target: z.string(),
        environment: z.string().optional(),
        domain: z.string().optional(),
        requestDigest: z.string(),
      })
      .describe(
        'What the change is (kind, action, target entity, environment or domain, request digest), for gitops:pull-request:open',
      ),
  branchName: (z: Zod) =>
    z
      .string()
      .describe(
        'Branch of this change; the same change always gets the same branch',
      ),
  title: (z: Zod) => z.string().describe('Pull request title'),
  pullRequestBody: (z: Zod) =>
    z
      .string()
      .describe(
        'Pull request body: what changes, what was validated, who must approve',
      ),
  labels: (z: Zod) => z.array(z.string()),
  teamReviewers: (z: Zod) => z.array(z.string()),
  codeowners: (z: Zod) =>
    z.array(z.object({ path: z.string(), owners: z.array(z.string()) })),
  deletePaths: (z: Zod) =>
    z
      .array(z.string())
      .describe(
        'Repository paths the change deletes, for gitops:pull-request:open',
      ),
  unchanged: (z: Zod) =>
    z
      .boolean()
      .describe(
        'true when the request matches the repository: nothing was written, and no pull request should be opened',
      ),
  summary: (z: Zod) => z.string().describe('The change in words'),
};

/** The zod the scaffolder hands to action schemas (its v3 API). */
type Zod = typeof import('zod/v3').z;

/** A record of output field schemas as the shape of one object schema. */
export function outputsOf<T extends Record<string, (z: Zod) => any>>(
  z: Zod,
  fields: T,
): { [K in keyof T]: ReturnType<T[K]> } {
  return Object.fromEntries(
    Object.entries(fields).map(([name, field]) => [name, field(z)]),
  ) as { [K in keyof T]: ReturnType<T[K]> };
}

/**
 * The one way a render action runs: decide who may ask (before anything is
 * read or rendered), render, validate every file against the upstream
 * schemas, write the files into the workspace, find who must approve, and
 * output what gitops:pull-request:open needs. A refusal or an invalid request
 * leaves nothing written.
 */
export async function runRenderPipeline(
  ctx: ActionContext<any, any>,
  deps: GitOpsActionDeps,
  plan: RenderPlan,
): Promise<void> {
  const credentials = await ctx.getInitiatorCredentials();
  const { protected: protectedChange } = await authorizeGitOpsChange({
    permissions: deps.permissions,
    credentials,
    rules: deps.gitops.config.protectedChanges,
    change: plan.authorize,
  });
  if (plan.requestedOwner !== undefined)
    await assertOwnerGroup(deps.catalog, credentials, plan.requestedOwner);
  const rendered = await plan.render({ protectedChange });
  if ('unchanged' in rendered) {
    ctx.logger.info(`nothing to change: ${rendered.unchanged}`);
    ctx.output('unchanged', true);
    ctx.output('summary', `Nothing to change: ${rendered.unchanged}`);
    for (const name of [
      'files',
      'labels',
      'teamReviewers',
      'codeowners',
      'deletePaths',
    ])
      ctx.output(name, []);
    return;
  }
  const change = rendered;
  const report = assertRenderedValid(change.rendered);
  const paths = await writeRenderedFiles(
    ctx.workspacePath,
    plan.targetPath || 'gitops',
    change.rendered.files,
    new Map([
      ...(change.rendered.textFiles ?? []),
      ...(change.extraFiles ?? []),
    ]),
  );
  if (change.logLine) ctx.logger.info(change.logLine(paths, report));
  const approvers = await resolveApprovers({
    catalog: deps.catalog,
    credentials,
    owner: change.owner,
    platformTeam: deps.gitops.config.platformTeam,
    protectedChange,
    environment: change.environment,
  });
  const identity: RenderedChangeIdentity = {
    ...change.identity,
    requestDigest: requestDigest(canonicalJson(plan.request)),
  };
  ctx.output('files', paths);
  ctx.output('deletePaths', change.deletions ?? []);
  ctx.output('unchanged', false);
  ctx.output('summary', change.summary ?? change.title);
  ctx.output('change', identity as unknown as JsonObject);
  ctx.output('branchName', changeBranchName(identity));
  ctx.output('title', change.title);
  ctx.output(
    'pullRequestBody',
    change.body({ report, paths, approvers, protectedChange }),
  );
  ctx.output('labels', [...approvers.labels, ...(change.extraLabels ?? [])]);
  ctx.output('teamReviewers', approvers.teamReviewers);
  ctx.output(
    'codeowners',
    approvers.handles.length
      ? (change.codeownerPaths ?? []).map(path => ({
          path,
          owners: approvers.handles,
        }))
      : [],
  );
  for (const [name, value] of Object.entries(change.outputs ?? {}))
    ctx.output(name, value);
}

/**
 * A render action: its id, description, examples and input schema, the
 * outputs it adds to the common ones, and how it plans the render from its
 * input. Everything else (dry run, the pipeline, the common outputs) is the
 * same for every render action.
 */
export function createRenderAction<TInput>(options: {
  id: string;
  description: string;
  examples: TemplateExample[];
  input: (z: Zod) => import('zod/v3').ZodType<TInput, any, any>;
  extraOutputs?: (z: Zod) => Record<string, import('zod/v3').ZodTypeAny>;
  deps: GitOpsActionDeps;
  plan: (
    ctx: ActionContext<TInput & JsonObject, JsonObject>,
  ) => RenderPlan | Promise<RenderPlan>;
}): TemplateAction<any, any, 'v2'> {
  return createTemplateAction({
    id: options.id,
    description: options.description,
    examples: options.examples,
    supportsDryRun: true,
    schema: {
      input: options.input as any,
      output: (z: Zod) =>
        z.object({
          ...outputsOf(z, renderOutputSchema),
          ...options.extraOutputs?.(z),
        }),
    },
    handler: async (ctx: any) => {
      await runRenderPipeline(ctx, options.deps, await options.plan(ctx));
    },
  }) as TemplateAction<any, any, 'v2'>;
}
