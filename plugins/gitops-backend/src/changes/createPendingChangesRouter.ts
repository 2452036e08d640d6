import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { PendingChangesAnswer } from '@internal/plugin-gitops-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { authorizeChangesRead } from '../service/authorizeChangesRead';
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

const name = (max: number) =>
  z
    .string()
    .max(max)
    .regex(
      /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/,
      'must be a lowercase name (a-z, 0-9, - and .)',
    );

const changesQuery = z
  .object({
    environment: name(63).optional(),
    target: name(253).optional(),
  })
  .strict();

function parseQuery(query: unknown) {
  const result = changesQuery.safeParse(query);
  if (!result.success) {
    throw new InputError(
      `invalid query: ${result.error.issues
        .map(issue =>
          issue.code === 'unrecognized_keys'
            ? `unknown parameter ${issue.keys.join(
                ', ',
              )} (only environment and target)`
            : `${issue.path.join('.')} ${issue.message}`,
        )
        .join('; ')}`,
    );
  }
  return result.data;
}

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
    const filter = parseQuery(req.query);
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
