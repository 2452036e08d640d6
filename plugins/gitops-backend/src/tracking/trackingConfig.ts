import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';

export interface TrackingSettings {
  enabled: boolean;
  schedule: SchedulerServiceTaskScheduleDefinition;
  stuckAfterMs: number;
  clusters: string[];
}

const MINUTE = 60_000;

/**
 * `gitops.tracking`: whether changes are followed after their pull request
 * (default on), how often (default every 30 s), when a rollout counts as
 * stuck (default 30 minutes after the merge, between 1 minute and 1 day) and
 * which clusters' Argo CD to ask (default gitops.catalog.live.cluster).
 * A wrong value names its key.
 */
export function readTrackingSettings(config: Config): TrackingSettings {
  const tracking = config.getOptionalConfig('gitops.tracking');
  const stuckAfterMs = tracking?.has('stuckAfter')
    ? durationToMilliseconds(
        readDurationFromConfig(tracking, { key: 'stuckAfter' }),
      )
    : 30 * MINUTE;
  if (!(stuckAfterMs >= MINUTE && stuckAfterMs <= 24 * 60 * MINUTE))
    throw new Error(
      `gitops.tracking.stuckAfter must be between 1 minute and 1 day; got ${stuckAfterMs} ms`,
    );
  const live = config.getOptionalString('gitops.catalog.live.cluster');
  const clusters =
    tracking?.getOptionalStringArray('clusters') ?? (live ? [live] : []);
  return {
    enabled: tracking?.getOptionalBoolean('enabled') ?? true,
    schedule: tracking?.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          tracking.getConfig('schedule'),
        )
      : {
          frequency: { seconds: 30 },
          timeout: { minutes: 2 },
          initialDelay: { seconds: 10 },
        },
    stuckAfterMs,
    clusters,
  };
}
