import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  TRACKED_CHANGE_STATES,
  TrackedChangesAnswer,
} from '@proficientnow/backstage-plugin-gitops-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { authorizeChangesRead } from '../service/authorizeChangesRead';
import {
  GROUP_REF_RULE,
  lowercaseName,
  parseQuery,
} from '../service/queryRules';
import { ChangeStore } from './ChangeStore';

const historyQuery = z
  .object({
    environment: lowercaseName(63).optional(),
    target: lowercaseName(253).optional(),
    owner: z
      .string()
      .max(512)
      .regex(GROUP_REF_RULE.pattern, GROUP_REF_RULE.message)
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
    const filter = parseQuery(
      historyQuery,
      req.query,
      'environment, owner, state, target and limit',
    );
    const trackedAt = options.trackedAt();
    const answer: TrackedChangesAnswer = {
      changes: await options.store.list(filter),
      ...(trackedAt ? { trackedAt } : {}),
    };
    res.json(answer);
  });
  return router;
}
