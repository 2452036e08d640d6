import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import {
  ChangeAction,
  changeBranchName,
  ChangeKind,
} from '@proficientnow/backstage-plugin-gitops-common';
import {
  RenderedFile,
  RequestValidationError,
  Zod,
} from '@proficientnow/backstage-plugin-gitops-manifests-node';
import { RepositorySnapshot } from '@proficientnow/backstage-plugin-gitops-node';
import { stringify } from 'yaml';
import { openPortalChanges, OpenPortalChange } from '../openChanges';
import { dayTwoPullRequestBody } from '../pullRequestBody';
import {
  createRenderAction,
  GitOpsActionDeps,
  RenderedChange,
} from './renderPipeline';

/** Inputs every change to something that exists takes, besides its own. */
export function dayTwoInput(z: Zod, nameRule: { max: number; what: string }) {
  return {
    name: z
      .string()
      .min(1)
      .max(nameRule.max)
      .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)
      .describe(`The ${nameRule.what} to change, as named in the repository`),
    baseRevision: z
      .string()
      .regex(/^[0-9a-f]{40}$/)
      .optional()
      .describe(
        'The commit the form was opened at (the entity page fills it in): the change is refused when the target changed since',
      ),
    targetPath: z
      .string()
      .optional()
      .describe('Workspace folder the repository files are written to'),
  };
}

/** The first of these entity refs the catalog holds, as the person asking sees it. */
export type CatalogLookup = (refs: string[]) => Promise<string | undefined>;

export function catalogLookup(
  deps: GitOpsActionDeps,
  credentials: BackstageCredentials,
): CatalogLookup {
  return async refs => {
    for (const ref of refs) {
      const entity = await deps.catalog
        .getEntityByRef(ref, { credentials })
        .catch(() => undefined);
      if (entity) return ref;
    }
    return undefined;
  };
}

/**
 * The entity of a component: the GitOps provider makes an Application a
 * Resource unless a rule says Component, and the bundled catalog has
 * Components of its own.
 */
export async function componentEntityRef(
  lookup: CatalogLookup,
  name: string,
): Promise<string> {
  const refs = [`component:default/${name}`, `resource:default/${name}`];
  return (await lookup(refs)) ?? refs[1];
}

/** What the target of a day-2 change is, as read from the repository. */
export interface DayTwoTarget {
  kind: ChangeKind;
  name: string;
  /** `resource:default/x` or `component:default/x`. */
  entityRef: string;
  environment?: string;
  domain?: string;
  owner: string;
  /** The files that belong to the target, to tell whether it changed since the form was opened. */
  owns: (path: string) => boolean;
  /** "the dev cluster payments-dev". */
  description: string;
}

/** A planned day-2 change, as the planners produce it. */
export interface DayTwoChange {
  rendered: {
    files: RenderedFile[];
    sealedPlaintexts?: RenderedChange['rendered']['sealedPlaintexts'];
    embedded?: RenderedChange['rendered']['embedded'];
    textFiles?: ReadonlyMap<string, string>;
  };
  extraFiles?: Map<string, string>;
  deletions: string[];
  summary: string;
  onMerge: string[];
  notes: Array<{ path: string; change: string; why: string }>;
}

/**
 * Refuses a change prepared against an older state: when the form carried
 * the commit it was opened at and any file of the target differs between
 * that commit and the head.
 */
async function refuseStale(
  deps: GitOpsActionDeps,
  snapshot: RepositorySnapshot,
  target: DayTwoTarget,
  baseRevision: string | undefined,
): Promise<void> {
  if (!baseRevision || baseRevision === snapshot.revision) return;
  let base: RepositorySnapshot;
  try {
    base = await deps.gitops.reader().snapshot(baseRevision);
  } catch {
    throw new RequestValidationError([
      {
        field: 'baseRevision',
        rule: `${baseRevision.slice(0, 12)} is not a commit of ${
          deps.gitops.config.repository.url
        }`,
      },
    ]);
  }
  const paths = new Set(
    [...base.paths(), ...snapshot.paths()].filter(target.owns),
  );
  const changed = [...paths].filter(
    p =>
      base.files.get(p)?.equals(snapshot.files.get(p) ?? Buffer.alloc(0)) !==
      true,
  );
  if (changed.length)
    throw new RequestValidationError([
      {
        field: 'baseRevision',
        rule: `${
          target.description
        } changed since the form was opened (${baseRevision.slice(
          0,
          12,
        )} → ${snapshot.revision.slice(0, 12)}: ${changed
          .slice(0, 3)
          .join(', ')}${
          changed.length > 3 ? ', ...' : ''
        }); open the form again to start from it as it is now`,
      },
    ]);
}

export function dayTwoExample(
  action: string,
  input: Record<string, unknown>,
): string {
  return stringify({
    steps: [{ id: 'change', action, name: 'Change it', input }],
  });
}

/**
 * What the render pipeline needs of a planned day-2 change: its identity,
 * title and body (the change in words, each file, what a merge does, and the
 * other open portal pull requests on the same target, also logged).
 */
export function describeDayTwoChange(options: {
  target: DayTwoTarget;
  action: ChangeAction;
  change: DayTwoChange;
  openChanges: OpenPortalChange[];
  ownBranch: string;
  revision: string;
  verb: string;
  protectedReason: string;
  log: (message: string) => void;
  headline?: string;
}): RenderedChange {
  const { target, change } = options;
  const otherOpen = options.openChanges
    .filter(
      o =>
        o.change.kind === target.kind &&
        o.change.name === target.name &&
        o.branch !== options.ownBranch,
    )
    .map(o => ({ number: o.number, url: o.url, action: o.change.action }));
  for (const o of otherOpen)
    options.log(
      `another open pull request changes ${target.name}: #${o.number} (${o.action}) ${o.url}`,
    );
  const headline =
    options.headline ??
    `${options.verb[0].toUpperCase()}${options.verb.slice(
      1,
    )} ${target.description.replace(/^(the \S+ \S+) (\S+)$/, '$1 **$2**')}`;
  return {
    rendered: change.rendered,
    extraFiles: change.extraFiles,
    deletions: change.deletions,
    summary: change.summary,
    identity: {
      kind: target.kind,
      action: options.action,
      target: target.entityRef,
      ...(target.environment ? { environment: target.environment } : {}),
      ...(target.domain ? { domain: target.domain } : {}),
    },
    owner: target.owner,
    environment: target.environment,
    title: `${target.kind === 'cluster' ? 'Nested cluster' : 'Component'} ${
      target.name
    } (${target.environment ?? target.domain}): ${change.summary}`,
    body: context =>
      dayTwoPullRequestBody({
        ...context,
        headline,
        summary: change.summary,
        notes: change.notes,
        onMerge: change.onMerge,
        otherOpen,
        baseRevision: options.revision,
        protectedReason: options.protectedReason,
        deletions: change.deletions,
      }),
    logLine: paths =>
      `${target.name}: ${change.summary} (${paths.length} files written, ${change.deletions.length} deleted)`,
  };
}

/** The branch a change of this action to this target gets. */
export function dayTwoBranch(target: DayTwoTarget, action: ChangeAction) {
  return changeBranchName({
    kind: target.kind,
    action,
    target: target.entityRef,
    ...(target.environment ? { environment: target.environment } : {}),
    ...(target.domain ? { domain: target.domain } : {}),
    requestDigest: '0'.repeat(64),
  });
}

/**
 * A change to something that exists: read it from the repository (before
 * deciding who may ask, since who may depends on its environment, domain
 * and owner), refuse a stale form, plan the change, and hand it to the
 * render pipeline, which decides, validates, writes and describes it.
 */
export function createDayTwoAction<
  TInput extends { name: string },
  TRead,
>(options: {
  id: string;
  action: ChangeAction;
  description: string;
  examples: TemplateExample[];
  input: (z: Zod) => Record<string, any>;
  nameRule: { max: number; what: string };
  deps: GitOpsActionDeps;
  /** "scale", "change", "remove" ... for titles and refusals. */
  verb: string;
  removal?: boolean;
  read: (
    snapshot: RepositorySnapshot,
    input: TInput,
    catalog: CatalogLookup,
  ) =>
    | { target: DayTwoTarget; read: TRead }
    | Promise<{ target: DayTwoTarget; read: TRead }>;
  plan: (context: {
    input: TInput;
    read: TRead;
    snapshot: RepositorySnapshot;
    openChanges: OpenPortalChange[];
    ownBranch: string;
  }) => Promise<DayTwoChange | undefined>;
  nothingToChange: (input: TInput, target: DayTwoTarget) => string;
  protectedReason: (target: DayTwoTarget) => string;
}) {
  const { deps } = options;
  return createRenderAction<TInput>({
    id: options.id,
    description: options.description,
    examples: options.examples,
    input: z =>
      z.object({
        ...dayTwoInput(z, options.nameRule),
        ...options.input(z),
      }) as any,
    deps,
    plan: async ctx => {
      const input = ctx.input as unknown as TInput & {
        baseRevision?: string;
        targetPath?: string;
      };
      const snapshot = await deps.gitops.reader().snapshot();
      const { target, read } = await options.read(
        snapshot,
        input,
        catalogLookup(deps, await ctx.getInitiatorCredentials()),
      );
      await refuseStale(deps, snapshot, target, input.baseRevision);
      const ownBranch = dayTwoBranch(target, options.action);
      return {
        request: { ...ctx.input, targetPath: undefined },
        targetPath: input.targetPath,
        authorize: {
          environment: target.environment,
          domain: target.domain,
          what: `${options.verb} ${target.description}`,
          targetRef: target.entityRef,
          removal: options.removal,
        },
        render: async () => {
          const openChanges = await openPortalChanges(deps, ctx);
          const change = await options.plan({
            input,
            read,
            snapshot,
            openChanges,
            ownBranch,
          });
          if (!change)
            return { unchanged: options.nothingToChange(input, target) };
          return describeDayTwoChange({
            target,
            action: options.action,
            change,
            openChanges,
            ownBranch,
            revision: snapshot.revision,
            verb: options.verb,
            protectedReason: options.removal
              ? 'a removal'
              : options.protectedReason(target),
            log: message => ctx.logger.warn(message),
          });
        },
      };
    },
  });
}
