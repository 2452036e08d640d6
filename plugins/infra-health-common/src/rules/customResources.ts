import {
  HealthCheck,
  HealthStatus,
  SEVERITY,
  statusWhen,
  worstStatus,
} from '../model';
import {
  ConditionedResource,
  ConditionedResourceList,
} from '../parse/customResources';
import {
  listUnreadable,
  MAX_UNREADABLE_DETAILS,
  qualifiedName,
} from '../parse/kubernetesObjects';
import { clip, DetailedCondition } from '../parse/shape';

/** A custom resource kind to judge by its conditions, as configured (`infraHealth.customResources`). */
export interface CustomResourceKind {
  /** API group, e.g. `cert-manager.io`. */
  group: string;
  /** API version, e.g. `v1`. */
  version: string;
  /** Lower-case plural as in the URL, e.g. `certificates`. */
  plural: string;
  /** Kind, e.g. `Certificate`; the list answer must be a `<kind>List`. */
  kind: string;
  /** How cards and reasons name the kind; default `<kind> (<group>)`, since kinds repeat across groups (CAPI and CloudNativePG both have a `Cluster`). */
  title?: string;
  /** Read only this namespace; default every namespace. */
  namespace?: string;
}

/** One object that is not ok: `namespace/name`, its verdict and what is wrong. */
export interface CustomResourceFinding {
  name: string;
  status: HealthStatus;
  reason: string;
}

/** At most this many objects that are not ok are kept in a check's details. */
export const MAX_CUSTOM_RESOURCE_FINDINGS = 50;

/** A Ready False reason that says the controller is still on its way, not that it failed. */
export const PROGRESSING_REASON =
  /Progressing|Provisioning|Reconciling|Pending|InProgress|Waiting|Creating|Updating|Upgrading|Scaling|Deploying|Initializing|Starting|RollingOut/i;

/** A reason that says something failed: never read as progress, even beside a progressing word ("ProvisioningFailed"). */
export const FAILING_REASON =
  /Fail|Error|Invalid|Denied|Forbidden|BackOff|Expired|Timeout|TimedOut|Exceeded/i;

/** The check a kind feeds, e.g. `customResources.certificates.cert-manager.io`. */
export function customResourceCheckId(kind: CustomResourceKind): string {
  return `customResources.${kind.plural}.${kind.group}`;
}

export function customResourceTitle(kind: CustomResourceKind): string {
  return kind.title ?? `${kind.kind} (${kind.group})`;
}

/** What every check of a kind carries in its details, whatever its verdict: which kind it is and how to name it. */
export function customResourceDetails(
  kind: CustomResourceKind,
): Record<string, unknown> {
  return {
    group: kind.group,
    version: kind.version,
    plural: kind.plural,
    kind: kind.kind,
    title: customResourceTitle(kind),
    ...(kind.namespace ? { namespace: kind.namespace } : {}),
  };
}

/** "Ready False (DoesNotExist: Issuing certificate as Secret does not exist)". */
function describeCondition(condition: DetailedCondition): string {
  const why = [
    condition.reason,
    condition.message && clip(condition.message, 200),
  ]
    .filter(Boolean)
    .join(': ');
  return `${condition.type} ${condition.status}${why ? ` (${why})` : ''}`;
}

/**
 * One object's verdict from its conditions, every finding named, worst
 * first:
 * - `Degraded` True is critical;
 * - the readiness condition is `Ready`, or `Available` where there is no
 *   Ready; none at all is unknown ("no Ready condition"), or a warning when
 *   `Progressing` is True (on its way to its first Ready);
 * - Ready False is critical, or a warning when the object says it is on its
 *   way: its reason reads as progress ({@link PROGRESSING_REASON}) or
 *   `Progressing` is True; a reason that reads as failure
 *   ({@link FAILING_REASON}) is critical regardless;
 * - Ready Unknown is unknown, or a warning beside Progressing True;
 * - `status.observedGeneration` (or, without it, the readiness condition's
 *   own) behind `metadata.generation` is a warning: the controller has not
 *   yet reconciled the latest spec, so even Ready True speaks of an older one.
 */
export function judgeConditionedResource(
  object: ConditionedResource,
): CustomResourceFinding {
  const find = (type: string) =>
    object.status.conditions.find(c => c.type === type);
  const readiness = find('Ready') ?? find('Available');
  const degraded = find('Degraded');
  const progressing = find('Progressing');
  const onItsWay = progressing?.status === 'True';
  const findings: Array<[HealthStatus, string]> = [];
  if (degraded?.status === 'True') {
    findings.push(['critical', describeCondition(degraded)]);
  }
  if (!readiness) {
    findings.push(
      onItsWay
        ? [
            'warning',
            `${describeCondition(progressing!)}, no Ready condition yet`,
          ]
        : ['unknown', 'no Ready condition'],
    );
  } else if (readiness.status !== 'True') {
    const reason = readiness.reason ?? '';
    const failing = FAILING_REASON.test(reason);
    const status: HealthStatus =
      readiness.status === 'False'
        ? statusWhen(
            [
              [failing, 'critical'],
              [PROGRESSING_REASON.test(reason) || onItsWay, 'warning'],
            ],
            'critical',
          )
        : statusWhen([[onItsWay && !failing, 'warning']], 'unknown');
    findings.push([
      status,
      `${describeCondition(readiness)}${
        onItsWay ? `; ${describeCondition(progressing!)}` : ''
      }`,
    ]);
  }
  const generation = object.metadata.generation;
  const observed =
    object.status.observedGeneration ?? readiness?.observedGeneration;
  if (
    generation !== undefined &&
    observed !== undefined &&
    observed < generation
  ) {
    findings.push([
      'warning',
      `not yet reconciled (generation ${generation}, observed ${observed})`,
    ]);
  }
  findings.sort((a, b) => SEVERITY[b[0]] - SEVERITY[a[0]]);
  return {
    name: qualifiedName(object.metadata),
    status: worstStatus(findings.map(([status]) => status)),
    reason: findings.length
      ? findings.map(([, text]) => text).join('; ')
      : `${readiness!.type} True`,
  };
}

/**
 * The custom resource rule (over a parsed list, see
 * `parseCustomResourceList`): one check per configured kind, as bad as its
 * worst object (see {@link judgeConditionedResource}). The reason names the
 * objects that are not ok with what is wrong, worst first, e.g.
 * "Certificate platform-portal/portal-tls: Ready False (DoesNotExist:
 * Issuing certificate as Secret does not exist)"; all well, it counts them.
 *
 * An object that did not parse is named as unreadable, with what was wrong,
 * and makes the check at least unknown; the others are still judged, so a
 * failing object is not hidden behind one broken one.
 */
export function evaluateCustomResources(
  list: ConditionedResourceList,
  kind: CustomResourceKind,
  observedAt: string,
): HealthCheck[] {
  const unreadable = list.unreadable ?? [];
  const verdicts = list.items.map(judgeConditionedResource);
  const findings = verdicts
    .filter(v => v.status !== 'ok')
    .sort(
      (a, b) =>
        SEVERITY[b.status] - SEVERITY[a.status] || a.name.localeCompare(b.name),
    );
  const status = worstStatus([
    ...verdicts.map(v => v.status),
    unreadable.length ? 'unknown' : 'ok',
  ]);
  const title = customResourceTitle(kind);
  const total = list.items.length + unreadable.length;
  const where = kind.namespace ? ` in namespace ${kind.namespace}` : '';
  const named = findings
    .slice(0, 3)
    .map(f => `${kind.kind} ${f.name}: ${f.reason}`);
  const more = findings.length - named.length;
  let reason: string;
  if (findings.length || unreadable.length) {
    reason = [
      named.length
        ? `${named.join('; ')}${more > 0 ? ` (and ${more} more)` : ''}`
        : '',
      unreadable.length ? `unreadable: ${listUnreadable(unreadable)}` : '',
    ]
      .filter(Boolean)
      .join('; ');
  } else {
    reason =
      total === 0
        ? `${title}: none${where}`
        : `${title}: ${total} of ${total} ready${where}`;
  }
  return [
    {
      id: customResourceCheckId(kind),
      subsystem: 'customResources',
      status,
      reason,
      observedAt,
      details: {
        ...customResourceDetails(kind),
        total,
        ready: verdicts.length - findings.length,
        findings: findings.slice(0, MAX_CUSTOM_RESOURCE_FINDINGS),
        ...(unreadable.length
          ? { unreadable: unreadable.slice(0, MAX_UNREADABLE_DETAILS) }
          : {}),
      },
    },
  ];
}
