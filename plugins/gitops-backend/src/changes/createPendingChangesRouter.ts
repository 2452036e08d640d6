import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { PendingChangesAnswer } from '@proficientnow/backstage-plugin-gitops-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { authorizeChangesRead } from '../service/authorizeChangesRead';
import { lowercaseName, parseQuery } from '../service/queryRules';
import {
  PendingChangesNotConfiguredError,
  PendingChangesService,
} from './PendingChangesService';

/**
 * The answer of `GET /changes`, always 200 when it is an answer:
 *
 * - `{ configured: true, repository: { owner, repo, url }, fetchedAt,
 *   truncated, changes: PendingChange[] }` when GitHub is set up;
 * - `{ configured: false, reason, changes: [] }` when it is not (no
 *   `gitops.repository.url`, no `integrations.github` entry for its host, or
 *   no token / GitHub App for the repository); `reason` says what to set, for
 *   the page or card to show.
 *
 * Errors: 400 for a bad query (naming the parameter), 401 without
 * credentials, 403 without gitops.change.read, 503 when GitHub fails (the
 * message names GitHub, the status and the request).
 */

const changesQuery = z
  .object({
    environment: lowercaseName(63).optional(),
    target: lowercaseName(253).optional(),
  })
  .strict();

/**
 * `GET /changes?environment=&target=`: the open GitOps pull requests for
 * the pending-changes page and entity cards (see PendingChangesAnswer).
 * GitHub is read by the backend with the portal's credentials; the browser
 * never holds a GitHub token. Needs gitops.change.read.
 */
export function createPendingChangesRouter(options: {
  service: Pick<PendingChangesService, 'list'>;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): express.Router {
  const { service, httpAuth, permissions } = options;
  const router = Router();

  router.get('/changes', async (req, res) => {
    await authorizeChangesRead(req, { httpAuth, permissions });
    const filter = parseQuery(
      changesQuery,
      req.query,
      'environment and target',
    );
    let answer: PendingChangesAnswer;
    try {
      answer = { configured: true, ...(await service.list(filter)) };
    } catch (error) {
      if (!(error instanceof PendingChangesNotConfiguredError)) throw error;
      answer = { configured: false, reason: error.message, changes: [] };
    }
    res.json(answer);
  });

  return router;
}
