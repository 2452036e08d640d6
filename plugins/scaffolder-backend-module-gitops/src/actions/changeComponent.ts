import {
  componentFields,
  FoundComponent,
  findComponentApplication,
  planComponentChange,
  planComponentRemoval,
  RequestValidationError,
} from '@proficientnow/backstage-plugin-gitops-manifests-node';
import { RepositorySnapshot } from '@proficientnow/backstage-plugin-gitops-node';
import { parse } from 'yaml';
import {
  CatalogLookup,
  componentEntityRef,
  createDayTwoAction,
  dayTwoExample,
  DayTwoTarget,
} from './dayTwoAction';
import { GitOpsActionDeps } from './renderPipeline';

export const CHANGE_COMPONENT_ACTION_ID = 'gitops:component:change';
export const REMOVE_COMPONENT_ACTION_ID = 'gitops:component:remove';

const COMPONENT_NAME = { max: 63, what: 'component' };

function readComponent(deps: GitOpsActionDeps) {
  const { layout, platformTeam } = deps.gitops.config;
  return async (
    snapshot: RepositorySnapshot,
    input: { name: string },
    lookup: CatalogLookup,
  ): Promise<{ target: DayTwoTarget; read: FoundComponent }> => {
    const found = findComponentApplication(
      snapshot.paths(),
      p => snapshot.text(p),
      layout,
      input.name,
    );
    return {
      read: found,
      target: {
        kind: 'component',
        name: found.name,
        entityRef: await componentEntityRef(lookup, found.name),
        domain: found.domain,
        owner: found.owner
          ? `group:default/${found.owner}`
          : `group:default/${platformTeam.split('/').pop()}`,
        description: `the ${found.domain} component ${found.name}`,
        owns: p => p === found.path,
      },
    };
  };
}

const protectedDomain = (target: DayTwoTarget) =>
  `the ${target.domain} domain is protected`;

/** Helm values from the form: a YAML mapping as text, or a mapping. */
function valuesOf(value: unknown): Record<string, unknown> | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') return value as Record<string, unknown>;
  let parsed: unknown;
  try {
    parsed = parse(value, { maxAliasCount: 0 });
  } catch (error) {
    throw new RequestValidationError([
      {
        field: 'values',
        rule: `must be YAML: ${(error as Error).message.split('\n')[0]}`,
      },
    ]);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new RequestValidationError([
      { field: 'values', rule: 'must be a YAML mapping of Helm values' },
    ]);
  return parsed as Record<string, unknown>;
}

/** gitops:component:change: chart version, Helm values or sync wave of a component. */
export function createChangeComponentAction(deps: GitOpsActionDeps) {
  return createDayTwoAction<
    {
      name: string;
      chartVersion?: string;
      values?: string | Record<string, unknown>;
      syncWave?: number;
    },
    FoundComponent
  >({
    id: CHANGE_COMPONENT_ACTION_ID,
    action: 'change',
    verb: 'change',
    nameRule: COMPONENT_NAME,
    description:
      "Changes a platform component's chart version, Helm values (replaced) or sync wave, editing its Argo CD Application in place.",
    examples: [
      {
        description: 'A new chart version for postgres',
        example: dayTwoExample(CHANGE_COMPONENT_ACTION_ID, {
          name: 'postgres',
          chartVersion: '0.23.0',
        }),
      },
    ],
    input: z => {
      const f = componentFields(z);
      return {
        chartVersion: f.chartVersion.optional(),
        values: z
          .union([z.string(), z.record(z.unknown())])
          .optional()
          .describe('Helm values (a YAML mapping), replacing the current ones'),
        syncWave: f.syncWave.optional(),
      };
    },
    deps,
    read: readComponent(deps),
    plan: async ({ input, read }) => {
      const change = planComponentChange(read, {
        chartVersion: input.chartVersion || undefined,
        values: valuesOf(input.values),
        syncWave: input.syncWave,
      });
      return (
        change && {
          ...change,
          rendered: { files: [], textFiles: change.textFiles },
        }
      );
    },
    nothingToChange: (_input, target) =>
      `${target.name} already has that chart version, values and sync wave`,
    protectedReason: protectedDomain,
  });
}

/** gitops:component:remove: a component's Application. */
export function createRemoveComponentAction(deps: GitOpsActionDeps) {
  return createDayTwoAction<{ name: string; confirm: string }, FoundComponent>({
    id: REMOVE_COMPONENT_ACTION_ID,
    action: 'remove',
    verb: 'remove',
    removal: true,
    nameRule: COMPONENT_NAME,
    description:
      "Removes a platform component's Argo CD Application (what it deployed goes too when it has Argo CD's resources finalizer). A removal is a protected change.",
    examples: [
      {
        description: 'Remove postgres',
        example: dayTwoExample(REMOVE_COMPONENT_ACTION_ID, {
          name: 'postgres',
          confirm: 'postgres',
        }),
      },
    ],
    input: z => ({
      confirm: z
        .string()
        .describe('The component name again, to confirm the removal'),
    }),
    deps,
    read: readComponent(deps),
    plan: async ({ input, read }) => {
      if (input.confirm !== read.name)
        throw new RequestValidationError([
          {
            field: 'confirm',
            rule: `must be the component's name, ${read.name}, to confirm its removal`,
          },
        ]);
      const change = planComponentRemoval(read);
      return {
        ...change,
        rendered: { files: [], textFiles: change.textFiles },
      };
    },
    nothingToChange: () => 'nothing',
    protectedReason: protectedDomain,
  });
}
