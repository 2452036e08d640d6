import { createPermission } from '@backstage/plugin-permission-common';

/** Reading the health of the platform's clusters (fleet, cluster, subsystem, history). */
export const infraHealthReadPermission = createPermission({
  name: 'infra.health.read',
  attributes: { action: 'read' },
});

export const infraHealthPermissions = [infraHealthReadPermission];
