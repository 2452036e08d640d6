import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';

/**
 * A scheduler for test backends whose tasks run only when the test says so:
 * `next(id)` plays one interval of a scheduled task.
 */
export function manualScheduler() {
  const scheduler = mockServices.scheduler();
  return {
    factory: createServiceFactory({
      service: coreServices.scheduler,
      deps: {},
      factory: () => scheduler,
    }),
    next: (taskId: string) => scheduler.triggerTask(taskId).catch(() => {}),
  };
}
