import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  PlatformPermissionPolicy,
  readPlatformPolicyOptions,
} from './PlatformPermissionPolicy';

export const platformPermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'platform-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ policy, config }) {
        policy.setPolicy(
          new PlatformPermissionPolicy(readPlatformPolicyOptions(config)),
        );
      },
    });
  },
});
