import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  gitopsChangeReadPermission,
  PendingChangesAnswer,
  TRACKED_CHANGE_STATES,
} from '@proficientnow/backstage-plugin-gitops-common';
import {
  PendingChangesNotConfiguredError,
  PendingChangesService,
} from '../changes/PendingChangesService';
import { ChangeStore } from '../tracking/ChangeStore';
import { GROUP_REF_RULE, NAME_RULE } from '../service/queryRules';
import { Zod } from './dryRunOutput';

export const PENDING_CHANGES_ACTION = 'list-pending-changes';
export const RECENT_CHANGES_ACTION = 'list-recent-changes';

/** The guard of the changes routes (gitops.change.read), for an action's credentials. */
async function authorizeChangesRead(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
): Promise<void> {
  const [decision] = await permissions.authorize(
    [{ permission: gitopsChangeReadPermission }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW)
    throw new NotAllowedError(
      'gitops.change.read is required to read the GitOps changes',
    );
}

/** A cluster, component or environment name, lowercase as the routes take it. */
const lowercaseName = (z: Zod, max: number) =>
  z.string().max(max).regex(NAME_RULE.pattern, NAME_RULE.message);

const changeFields = (z: Zod) => ({
  number: z.number().describe('Pull request number'),
  title: z.string(),
  url: z.string(),
  kind: z.string().describe('cluster, component, bootstrap, portal ...'),
  action: z.string().optional(),
  targetRef: z.string().optional(),
  environment: z.string().optional(),
  domain: z.string().optional(),
  requester: z.string().optional(),
});

/**
 * Registers the changes the GitOps backend serves over HTTP as actions: the
 * open pull requests (`GET /changes`, PendingChangesService) and where the
 * recent ones stand (`GET /changes/history`, the change store).
 */
export function registerChangesActions(options: {
  actionsRegistry: ActionsRegistryService;
  permissions: PermissionsService;
  pendingChanges: Pick<PendingChangesService, 'list'>;
  store: ChangeStore;
  trackedAt: () => string | undefined;
}): void {
  const { actionsRegistry, permissions } = options;

  actionsRegistry.register({
    name: PENDING_CHANGES_ACTION,
    title: 'Pending GitOps changes',
    description:
      'The open pull requests the portal opened on the GitOps repository (changes proposed but not merged): what each changes, who asked, reviews and checks. Filter by environment or target name. Needs gitops.change.read.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          environment: lowercaseName(z, 63)
            .optional()
            .describe('Only changes to this environment, e.g. prod'),
          target: lowercaseName(z, 253)
            .optional()
            .describe('Only changes to this cluster or component'),
        }),
      output: z =>
        z.object({
          configured: z
            .boolean()
            .describe(
              'False when GitHub is not set up; reason says what to set',
            ),
          reason: z.string().optional(),
          fetchedAt: z.string().optional(),
          truncated: z.boolean().optional(),
          changes: z.array(
            z
              .object({
                ...changeFields(z),
                draft: z.boolean(),
                createdAt: z.string(),
                updatedAt: z.string(),
              })
              .passthrough(),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      await authorizeChangesRead(permissions, credentials);
      let answer: PendingChangesAnswer;
      try {
        answer = {
          configured: true,
          ...(await options.pendingChanges.list(input)),
        };
      } catch (error) {
        if (!(error instanceof PendingChangesNotConfiguredError)) throw error;
        answer = { configured: false, reason: error.message, changes: [] };
      }
      return { output: answer as any };
    },
  });

  actionsRegistry.register({
    name: RECENT_CHANGES_ACTION,
    title: 'Recent GitOps changes',
    description:
      'The changes the portal opened, newest first, and where each stands: open, merged, applied (Argo CD synced it), healthy, failed, stuck or closed, with the Argo CD Applications it touched. Filter by environment, target, owner group or state. Needs gitops.change.read.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          environment: lowercaseName(z, 63).optional(),
          target: lowercaseName(z, 253).optional(),
          owner: z
            .string()
            .max(512)
            .regex(GROUP_REF_RULE.pattern, GROUP_REF_RULE.message)
            .optional(),
          state: z.enum(TRACKED_CHANGE_STATES).optional(),
          limit: z.number().int().min(1).max(500).default(50),
        }),
      output: z =>
        z.object({
          trackedAt: z
            .string()
            .optional()
            .describe('When the tracker last followed the changes'),
          changes: z.array(
            z
              .object({
                ...changeFields(z),
                state: z.enum(TRACKED_CHANGE_STATES),
                reason: z.string().optional(),
                openedAt: z.string(),
                updatedAt: z.string(),
              })
              .passthrough(),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      await authorizeChangesRead(permissions, credentials);
      const trackedAt = options.trackedAt();
      return {
        output: {
          changes: (await options.store.list(input)) as any[],
          ...(trackedAt ? { trackedAt } : {}),
        },
      };
    },
  });
}
