import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  TRACKED_CHANGE_STATES,
  TrackedChangesAnswer,
} from '@internal/plugin-gitops-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { authorizeChangesRead } from '../service/authorizeChangesRead';
import { ChangeStore } from './ChangeStore';

const name = (max: number) =>
  z
    .string()
    .max(max)
    .regex(
      /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/,
      'must be a lowercase name (a-z, 0-9, - and .)',
    );

const historyQuery = z
  .object({
    environment: name(63).optional(),
    target: name(253).optional(),
    owner: z
      .string()
      .max(512)
      .regex(
        /^group:[a-z0-9-_.]+\/[a-z0-9-_.]+$/i,
        'must be a group entity ref like group:default/platform-engineers',
      )
      .optional(),
    state: z.enum(TRACKED_CHANGE_STATES).optional(),
    limit: z.coerce.number().int().min(1).max(500).optional(),
  })
  .strict();

/**
 * `GET /changes/history?environment=&owner=&state=&target=&limit=`: the
 * changes the portal opened and where each stands (TrackedChangesAnswer),
 * newest first. 400 names a bad parameter; needs gitops.change.read.
 */
export function createTrackedChangesRouter(options: {
  store: ChangeStore;
  trackedAt: () => string | undefined;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): express.Router {
  const router = Router();
  router.get('/changes/history', async (req, res) => {
    await authorizeChangesRead(req, options);
    const parsed = historyQuery.safeParse(req.query);
    if (!parsed.success)
      throw new InputError(
        `invalid query: ${parsed.error.issues
          .map(issue =>
            issue.code === 'unrecognized_keys'
              ? `unknown parameter ${issue.keys.join(
                  ', ',
                )} (only environment, owner, state, target and limit)`
              : `${issue.path.join('.')} ${issue.message}`,
          )
          .join('; ')}`,
      );
    const trackedAt = options.trackedAt();
    const answer: TrackedChangesAnswer = {
      changes: await options.store.list(parsed.data),
      ...(trackedAt ? { trackedAt } : {}),
    };
    res.json(answer);
  });
  return router;
}
