import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { parseRepositoryUrl } from '@proficientnow/backstage-plugin-gitops-node';

export interface AlertSettings {
  enabled: boolean;
  debounceMs: number;
  defaultOwner: string;
  issues?: {
    url: string;
    host: string;
    owner: string;
    repo: string;
    afterMs: number;
  };
}

const MINUTE = 60_000;

function duration(
  config: Config,
  key: string,
  fallbackMs: number,
  min: number,
  max: number,
  path: string,
) {
  const ms = config.has(key)
    ? durationToMilliseconds(readDurationFromConfig(config, { key }))
    : fallbackMs;
  if (!(ms >= min && ms <= max))
    throw new Error(
      `${path}.${key} must be between ${min / 1000} s and ${
        max / 60_000
      } minutes; got ${ms} ms`,
    );
  return ms;
}

/**
 * `infraHealth.alerts`: who is told when a cluster's health changes for
 * good. `debounce` (default 2 minutes, 0 to 1 hour): how long a new status
 * must hold before anyone is told. `owner` (default
 * group:default/platform-engineers): told about clusters the catalog does
 * not own. `issues.repository`: a GitHub repository where a condition
 * critical for `issues.after` (default 15 minutes, 1 minute to 1 day) opens
 * an issue. A wrong value names its key.
 */
export function readAlertSettings(root: Config): AlertSettings {
  const path = 'infraHealth.alerts';
  const alerts = root.getOptionalConfig(path);
  const owner =
    alerts?.getOptionalString('owner') ?? 'group:default/platform-engineers';
  if (!/^group:[^/\s]+\/\S+$/.test(owner))
    throw new Error(
      `${path}.owner must be a group entity ref like group:default/platform-engineers; got '${owner}'`,
    );
  const issuesConfig = alerts?.getOptionalConfig('issues');
  let issues: AlertSettings['issues'];
  if (issuesConfig) {
    const url = issuesConfig.getString('repository');
    issues = {
      ...parseRepositoryUrl(url, `${path}.issues.repository`),
      afterMs: duration(
        issuesConfig,
        'after',
        15 * MINUTE,
        MINUTE,
        24 * 60 * MINUTE,
        `${path}.issues`,
      ),
    };
  }
  return {
    enabled: alerts?.getOptionalBoolean('enabled') ?? true,
    debounceMs: alerts
      ? duration(alerts, 'debounce', 2 * MINUTE, 0, 60 * MINUTE, path)
      : 2 * MINUTE,
    defaultOwner: owner,
    ...(issues ? { issues } : {}),
  };
}
