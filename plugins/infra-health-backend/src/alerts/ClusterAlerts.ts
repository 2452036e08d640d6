import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  DEFAULT_NAMESPACE,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotificationSeverity } from '@backstage/plugin-notifications-common';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ClusterHealth } from '@proficientnow/backstage-plugin-infra-health-common';
import { Octokit } from '@octokit/rest';
import { AlertLevel, Condition, observeCondition } from './conditions';
import { ConditionStore } from './ConditionStore';

/** The notification topic of cluster conditions (people mute it per topic). */
export const CLUSTER_HEALTH_TOPIC = 'cluster-health';
/** Every issue the portal opens carries this label (and finds its own by it). */
export const ALERT_ISSUE_LABEL = 'platform-portal';

export interface IssueSettings {
  owner: string;
  repo: string;
  /** how long a condition stays critical before an issue is opened */
  afterMs: number;
  client: () => Promise<Octokit>;
}

export interface ClusterAlertsOptions {
  store: ConditionStore;
  catalog: CatalogService;
  auth: AuthService;
  notifications?: NotificationService;
  logger: LoggerService;
  debounceMs: number;
  /** who is told about a cluster the catalog does not own (config clusters, e.g. the platform) */
  defaultOwner: string;
  issues?: IssueSettings;
  /** the portal's address, for links */
  appBaseUrl: string;
}

const marker = (cluster: string) =>
  `<!-- platform-portal-condition: cluster=${cluster} -->`;

/** Environments whose trouble is everyone's: prod, and the platform that carries every cluster. */
const CRITICAL_ENVIRONMENTS = new Set(['prod', 'production', 'platform']);

export function severityOf(
  level: AlertLevel,
  environment?: string,
): NotificationSeverity {
  const important = CRITICAL_ENVIRONMENTS.has(environment ?? '');
  if (level === 'critical') return important ? 'critical' : 'normal';
  if (level === 'warning') return important ? 'high' : 'low';
  return 'normal';
}

/**
 * Tells a cluster's owners when its health changes for good: after each
 * collection every cluster's rollup moves its debounced condition (see
 * observeCondition); a confirmed change is one notification to the owner
 * group (the catalog's owner of the cluster's Resource, else the default
 * owner), updated in place, severity by environment. A condition critical
 * for longer than `issues.afterMs` opens one GitHub issue with labels
 * (adopting an open one that carries its marker, so two replicas or a lost
 * record never open a second), which is updated while it lasts and closed
 * with a comment when it clears. A failure to tell is recorded on the
 * condition and logged; it never stops the collection or the other clusters.
 */
export class ClusterAlerts {
  constructor(private readonly options: ClusterAlertsOptions) {}

  async observe(rollups: ClusterHealth[], now = new Date()): Promise<void> {
    for (const rollup of rollups) {
      try {
        await this.observeOne(rollup, now);
      } catch (error) {
        this.options.logger.warn(
          `alerts for cluster ${rollup.cluster} skipped: ${
            (error as Error).message
          }`,
        );
      }
    }
  }

  private async observeOne(rollup: ClusterHealth, now: Date) {
    const { store } = this.options;
    const previous = await store.get(rollup.cluster);
    const { condition, changed } = observeCondition(
      previous,
      {
        cluster: rollup.cluster,
        environment: rollup.environment,
        status: rollup.status,
        reason: this.describe(rollup),
      },
      now,
      this.options.debounceMs,
    );
    const problems: string[] = [];
    if (changed || condition.notified !== condition.confirmed) {
      // a first sight that is ok tells nobody; anything else is told once
      const quietStart = !previous && condition.confirmed === 'ok';
      if (!quietStart) await this.notify(condition, problems);
      else condition.notified = 'ok';
    }
    if (this.options.issues) {
      const critical = rollup.subsystems
        .filter(s => s.status === 'critical')
        .map(s => s.subsystem);
      await this.reconcileIssue(condition, critical, now, problems);
    }
    condition.problem = problems.length ? problems.join('; ') : undefined;
    if (condition.problem && condition.problem !== previous?.problem)
      this.options.logger.warn(
        `alerts for cluster ${condition.cluster}: ${condition.problem}`,
      );
    await store.put(condition, now);
  }

  /** The reason in words: the cluster's, and each subsystem that is not ok. */
  private describe(rollup: ClusterHealth): string {
    const parts = rollup.subsystems
      .filter(s => s.status !== 'ok')
      .map(s => `${s.subsystem}: ${s.status} (${s.reason})`);
    return [rollup.reason, ...parts].join('; ').slice(0, 2000);
  }

  private link(cluster: string) {
    return `${this.options.appBaseUrl.replace(
      /\/$/,
      '',
    )}/infra-health/fleet?cluster=${encodeURIComponent(cluster)}`;
  }

  private async ownerOf(cluster: string): Promise<string> {
    const { catalog, auth, defaultOwner } = this.options;
    const entity = await catalog
      .getEntityByRef(
        { kind: 'Resource', namespace: DEFAULT_NAMESPACE, name: cluster },
        { credentials: await auth.getOwnServiceCredentials() },
      )
      .catch(() => undefined);
    // only the cluster's own entity: a Resource of another type (an environment) may share its name
    const owner =
      entity?.spec?.type === 'kubernetes-cluster'
        ? entity.spec.owner
        : undefined;
    if (typeof owner === 'string' && owner) {
      try {
        return stringifyEntityRef(
          parseEntityRef(owner, {
            defaultKind: 'group',
            defaultNamespace: entity?.metadata.namespace ?? DEFAULT_NAMESPACE,
          }),
        );
      } catch {
        // an owner the catalog cannot parse: the default owner is told
      }
    }
    return defaultOwner;
  }

  private async notify(condition: Condition, problems: string[]) {
    const { notifications } = this.options;
    if (!notifications) return;
    const level = condition.confirmed;
    const env = condition.environment ? ` (${condition.environment})` : '';
    const title =
      level === 'ok'
        ? `Cluster ${condition.cluster}${env} recovered`
        : `Cluster ${condition.cluster}${env} is ${level}`;
    try {
      const owner = await this.ownerOf(condition.cluster);
      await notifications.send({
        recipients: { type: 'entity', entityRef: owner },
        payload: {
          title,
          description: (condition.reason ?? '').slice(0, 1000),
          link: this.link(condition.cluster),
          severity: severityOf(level, condition.environment),
          topic: CLUSTER_HEALTH_TOPIC,
          // one notification per cluster, updated as its condition moves
          scope: `cluster-health:${condition.cluster}`,
        },
      });
      condition.notified = level;
    } catch (error) {
      problems.push(
        `the notification could not be sent: ${(error as Error).message}`,
      );
    }
  }

  private async reconcileIssue(
    condition: Condition,
    /** the subsystems critical now, for the new issue's labels */
    criticalSubsystems: string[],
    now: Date,
    problems: string[],
  ) {
    const issues = this.options.issues!;
    const r = { owner: issues.owner, repo: issues.repo };
    const lasting =
      condition.confirmed === 'critical' &&
      now.getTime() - Date.parse(condition.confirmedSince) >= issues.afterMs;
    try {
      if (lasting) {
        const octokit = await issues.client();
        if (condition.issueNumber === undefined) {
          condition.issueNumber = await this.openIssue(
            octokit,
            condition,
            criticalSubsystems,
          );
          condition.issueReason = condition.reason;
        } else if (condition.issueReason !== condition.reason) {
          await octokit.issues.update({
            ...r,
            issue_number: condition.issueNumber,
            body: this.issueBody(condition),
          });
          condition.issueReason = condition.reason;
        }
      } else if (
        condition.issueNumber !== undefined &&
        condition.confirmed !== 'critical'
      ) {
        const octokit = await issues.client();
        await octokit.issues.createComment({
          ...r,
          issue_number: condition.issueNumber,
          body: `Recovered: cluster ${condition.cluster} is ${
            condition.confirmed
          } since ${condition.confirmedSince}.\n\n${condition.reason ?? ''}`,
        });
        await octokit.issues.update({
          ...r,
          issue_number: condition.issueNumber,
          state: 'closed',
          state_reason: 'completed',
        });
        delete condition.issueNumber;
        delete condition.issueReason;
      }
    } catch (error) {
      const status = (error as { status?: number }).status;
      let why = (error as Error).message;
      if (status === 404)
        why = `the repository ${r.owner}/${r.repo} does not exist or the portal cannot see it (infraHealth.alerts.issues.repository)`;
      else if (status === 403 || status === 401)
        why = `the portal may not write issues in ${r.owner}/${r.repo} (GitHub answered ${status})`;
      problems.push(`the GitHub issue could not be kept: ${why}`);
    }
  }

  /** The open issue of this condition (by its marker), else a new one. */
  private async openIssue(
    octokit: Octokit,
    condition: Condition,
    subsystems: string[],
  ) {
    const issues = this.options.issues!;
    const r = { owner: issues.owner, repo: issues.repo };
    const open = await octokit.paginate(octokit.issues.listForRepo, {
      ...r,
      state: 'open',
      labels: ALERT_ISSUE_LABEL,
      per_page: 100,
    });
    const mine = open.find(
      i =>
        !i.pull_request && (i.body ?? '').includes(marker(condition.cluster)),
    );
    if (mine) {
      await octokit.issues.update({
        ...r,
        issue_number: mine.number,
        body: this.issueBody(condition),
      });
      return mine.number;
    }
    const { data } = await octokit.issues.create({
      ...r,
      title: `Cluster ${condition.cluster}${
        condition.environment ? ` (${condition.environment})` : ''
      } is critical`,
      body: this.issueBody(condition),
      labels: [
        ALERT_ISSUE_LABEL,
        ...(condition.environment ? [`env:${condition.environment}`] : []),
        ...subsystems.map(s => `subsystem:${s}`),
        'severity:critical',
      ],
    });
    return data.number;
  }

  private issueBody(condition: Condition): string {
    return [
      `Cluster **${condition.cluster}**${
        condition.environment ? ` (${condition.environment})` : ''
      } has been critical since ${condition.confirmedSince}.`,
      '',
      ...(condition.reason ?? '').split('; ').map(part => `- ${part}`),
      '',
      `Portal: ${this.link(condition.cluster)}`,
      '',
      'This issue is kept by the ProficientNow Platform Portal: updated while the condition lasts, closed with a comment when it clears.',
      marker(condition.cluster),
    ].join('\n');
  }
}
