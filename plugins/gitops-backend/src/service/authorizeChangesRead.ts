import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { gitopsChangeReadPermission } from '@proficientnow/backstage-plugin-gitops-common';
import { Request } from 'express';

/** Every changes route's guard: the caller (a user or another plugin) needs gitops.change.read. */
export async function authorizeChangesRead(
  req: Request,
  services: { httpAuth: HttpAuthService; permissions: PermissionsService },
): Promise<void> {
  const credentials = await services.httpAuth.credentials(req, {
    allow: ['user', 'service'],
  });
  const [decision] = await services.permissions.authorize(
    [{ permission: gitopsChangeReadPermission }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW)
    throw new NotAllowedError(
      'gitops.change.read is required to read the GitOps changes',
    );
}
