import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';

/** The GitHub push event fields this module reads; the rest is ignored. */
interface PushPayload {
  ref?: unknown;
  after?: unknown;
  repository?: { full_name?: unknown };
}

/**
 * Refreshes the provider as soon as GitHub says the watched branch moved:
 * a `github.push` event (GitHub webhook through Backstage's events system,
 * signature checked by its GitHub module) for the GitOps repository's base
 * branch triggers the scheduled refresh task, so it runs once across
 * replicas and never alongside itself. Polling stays as the fallback.
 */
export async function refreshOnPush(options: {
  events: EventsService;
  scheduler: SchedulerService;
  logger: LoggerService;
  taskId: string;
  repository: { owner: string; repo: string; baseBranch: string };
  /** Waits between attempts while a refresh is already running; default 2 s. */
  retryDelayMs?: number;
}): Promise<void> {
  const { events, scheduler, logger, taskId, repository } = options;
  const fullName = `${repository.owner}/${repository.repo}`.toLowerCase();
  const branchRef = `refs/heads/${repository.baseBranch}`;
  const trigger = async (after: string) => {
    for (let attempt = 1; attempt <= 5; attempt++) {
      try {
        await scheduler.triggerTask(taskId);
        logger.info(
          `GitHub push to ${fullName} ${branchRef} (${after.slice(
            0,
            12,
          )}): catalog refresh triggered`,
        );
        return;
      } catch (error) {
        // a refresh is running (ConflictError): it may have read the old head, so go again once it ends
        await new Promise(r => setTimeout(r, options.retryDelayMs ?? 2000));
        if (attempt === 5) {
          logger.warn(
            `GitHub push to ${fullName}: could not trigger the catalog refresh (${error}); the next scheduled one will read it`,
          );
        }
      }
    }
  };
  await events.subscribe({
    id: 'catalog-gitops-entity-provider',
    topics: ['github.push'],
    async onEvent({ eventPayload }) {
      const push = (eventPayload ?? {}) as PushPayload;
      const name = push.repository?.full_name;
      if (
        typeof name !== 'string' ||
        name.toLowerCase() !== fullName ||
        push.ref !== branchRef
      ) {
        return;
      }
      await trigger(typeof push.after === 'string' ? push.after : '');
    },
  });
}
