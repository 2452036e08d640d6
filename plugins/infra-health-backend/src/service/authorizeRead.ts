import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { infraHealthReadPermission } from '@proficientnow/backstage-plugin-infra-health-common';
import { Request } from 'express';

/**
 * Every health route's guard: the caller (a user or another plugin) needs
 * infra.health.read; `what` names what was refused.
 */
export async function authorizeHealthRead(
  req: Request,
  services: { httpAuth: HttpAuthService; permissions: PermissionsService },
  what: string,
): Promise<void> {
  const credentials = await services.httpAuth.credentials(req, {
    allow: ['user', 'service'],
  });
  const [decision] = await services.permissions.authorize(
    [{ permission: infraHealthReadPermission }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW)
    throw new NotAllowedError(`infra.health.read is required to read ${what}`);
}
