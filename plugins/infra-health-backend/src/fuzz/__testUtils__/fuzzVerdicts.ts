import {
  applyStaleness,
  HealthCheck,
  HealthStatus,
} from '@proficientnow/backstage-plugin-infra-health-common';
import { SourceKey } from './collectorSources';
import {
  Campaign,
  CollectionKind,
  CollectionRecord,
  ServedAnswer,
} from './fuzzCampaign';
import { MUTATION_KINDS } from './malformedAnswers';

/**
 * The suite's judgement of a campaign: which rules a collection broke, what
 * it is worth knowing besides (observations), and the counts printed at the
 * end.
 */

/** Which answers each check is derived from, per collector (first match wins). */
const CHECK_SOURCES: Record<CollectionKind, Array<[RegExp, SourceKey[]]>> = {
  cluster: [
    [/^nodes\./, ['nodes']],
    [/^controlPlane\.readyz$/, ['readyz']],
    [/^argocd\.applications$/, ['applications']],
    // instances refine the VMs' verdict; when they cannot be read, their own check says so
    [/^kubevirt\.vms$/, ['vms']],
    [/^kubevirt\.instances$/, ['vmis']],
    [/^ceph\./, ['ceph']],
    [/^cilium\.agents$/, ['ciliumAgents']],
    [/^cilium\.operator$/, ['ciliumOperator']],
    [/^cilium\.nodes$/, ['ciliumNodes', 'nodes']],
  ],
  metrics: [
    [/^ceph\./, ['cephMetrics']],
    [
      /^cilium\.(metrics|unreachableNodes|unreachableHealthEndpoints|endpoints)$/,
      ['ciliumGauges'],
    ],
    [/^cilium\.drops$/, ['ciliumDrops']],
    [/^cilium\.policyImportErrors$/, ['ciliumPolicy']],
  ],
};

export function sourcesOfCheck(
  kind: CollectionKind,
  id: string,
): SourceKey[] | undefined {
  return CHECK_SOURCES[kind].find(([pattern]) => pattern.test(id))?.[1];
}

/** Sources whose well-formed, healthy answers must lead to an ok check sometimes (or the suite is vacuous). */
export const SOURCES_WITH_OWN_OK: SourceKey[] = [
  'nodes',
  'readyz',
  'applications',
  'vms',
  'ceph',
  'ciliumAgents',
  'ciliumOperator',
  'ciliumNodes',
  'cephMetrics',
  'ciliumGauges',
  'ciliumDrops',
  'ciliumPolicy',
];

/** Why a source's garbage may leave no check of its own, as the collectors' comments say. */
const UNTRACED_BECAUSE: Partial<Record<SourceKey, string>> = {
  vmis: 'instances that cannot be read at all are left out; the VMs are judged alone',
  ciliumNodes: 'with no readable NodeList there is nothing to compare with',
  cephChanges:
    'the stuck-exporter guard is skipped; ceph.health is judged without it',
  cephSamples:
    'the stuck-exporter guard is skipped; ceph.health is judged without it',
  ciliumDrops: 'the drops check is left out',
  ciliumPolicy: 'the policy check is left out',
  ciliumGauges:
    'series of no cilium gauge family count as metrics present; drops and policy are still judged',
};

export type Rule =
  | 'escape'
  | 'duration'
  | 'ok-from-garbage'
  | 'ok-from-stale'
  | 'generator';

export interface Violation {
  rule: Rule;
  collection: number;
  kind: CollectionKind;
  source?: SourceKey;
  answer?: ServedAnswer;
  check?: Pick<HealthCheck, 'id' | 'status' | 'reason'>;
  message: string;
}

/** Something worth knowing that breaks none of the suite's rules. */
export interface Observation {
  what: string;
  count: number;
  example: string;
}

/** What an unknown check's reason says was wrong, most specific first. */
const UNKNOWN_KINDS: Array<[RegExp, string]> = [
  [/no answer within/, 'timed out'],
  [/connection closed|terminated|other side closed/i, 'connection closed'],
  [/not JSON/, 'not JSON'],
  [/HTTP \d{3}|Prometheus answered \d{3}/, 'HTTP error status'],
  [/kind Status/, 'kind: Status body'],
  [/Prometheus: error /, 'Prometheus error body'],
  [/not a readyz answer/, 'not a readyz answer'],
  [
    /the answer is not an? |where a vector was expected|result type is/,
    'wrong kind',
  ],
  [
    /not a whole number|below 0|above \d|not a finite number|value .* is not|is not a number|not a \[time/,
    'number out of range',
  ],
  [/is missing|no items list|no data object|no \S+ label/, 'missing field'],
  [/is not an? (object|list|string|boolean|number)|of kind /, 'wrong type'],
  [
    /longer than|is empty|not a time|not one of|more than once|, not an? |, not "/,
    'value not allowed',
  ],
  [/unreadable/, 'unreadable items'],
  [
    /no ceph_health_status|no cilium-agent metrics|no CephCluster|has no status\.ceph/,
    'nothing to judge',
  ],
  [/stopped refreshing/, 'stuck exporter'],
];

/** How an unknown check says why, for the counts: from its details, else its reason. */
export function classifyUnknown(check: HealthCheck): string {
  if (check.details?.evaluationFailed === true) return 'the rule threw';
  if (check.details?.notInstalled === true) return 'HTTP 404 (not installed)';
  const kind = UNKNOWN_KINDS.find(([pattern]) => pattern.test(check.reason));
  if (kind) return kind[1];
  // Rook's health string is echoed: one Ceph does not define reads as unknown
  return check.id === 'ceph.health' ? 'not a Ceph health level' : 'other';
}

function isOk(check: HealthCheck, at: Date): boolean {
  return applyStaleness(check, at).status === 'ok';
}

/** A check's reason and details, for a message: never more than `max` characters. */
function clip(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export interface Verdicts {
  violations: Violation[];
  observations: Observation[];
  summary: Record<string, unknown>;
}

/**
 * Judges every collection of a campaign: an exception that escaped, a
 * collection slower than `boundMs`, an ok check derived from an answer that
 * was garbage (or, once staleness applies, stale).
 */
export function judgeCampaign(campaign: Campaign, boundMs: number): Verdicts {
  const { options } = campaign;
  const violations: Violation[] = campaign.generatorErrors.map(message => ({
    rule: 'generator' as const,
    collection: -1,
    kind: 'cluster' as const,
    message,
  }));
  const observations = new Map<string, Observation>();
  const observe = (what: string, example: string) => {
    const seen = observations.get(what);
    if (seen) seen.count++;
    else observations.set(what, { what, count: 1, example });
  };
  const answersByMutation: Record<string, number> = Object.fromEntries(
    MUTATION_KINDS.map(k => [k, 0]),
  );
  const verdictsByStatus: Record<HealthStatus, number> = {
    ok: 0,
    warning: 0,
    critical: 0,
    unknown: 0,
  };
  const verdictsOfGarbage: Record<HealthStatus, number> = {
    ok: 0,
    warning: 0,
    critical: 0,
    unknown: 0,
  };
  const unknownByKind: Record<string, number> = {};
  const unknownExamples: Record<string, string> = {};
  const okFromValid: Partial<Record<SourceKey, number>> = {};
  const validAnswers: Partial<Record<SourceKey, number>> = {};
  const durations: number[] = [];
  const where = (record: CollectionRecord, source?: SourceKey) =>
    `seed ${options.seed}, collection ${record.index} (${record.kind})${
      source ? `, source ${source}` : ''
    }`;

  for (const record of campaign.records) {
    durations.push(record.durationMs);
    if (record.escaped !== undefined) {
      violations.push({
        rule: 'escape',
        collection: record.index,
        kind: record.kind,
        message: `${where(record)}: an exception escaped the collection: ${clip(
          record.escaped,
          600,
        )}`,
      });
    }
    if (record.durationMs > boundMs) {
      const slow = Object.entries(record.served)
        .map(([s, a]) => `${s}: ${a?.mutation} (${a?.delivery})`)
        .join(', ');
      violations.push({
        rule: 'duration',
        collection: record.index,
        kind: record.kind,
        message: `${where(record)}: took ${Math.round(
          record.durationMs,
        )} ms, above ${boundMs} ms (source timeout ${
          options.timeoutMs
        } ms); answers: ${slow}`,
      });
    }
    for (const path of record.unknownRequests) {
      observe(
        `requests the generator has no source for (answered 404)`,
        `${where(record)}: ${path}`,
      );
    }
    const served = record.served;
    for (const answer of Object.values(served)) {
      answersByMutation[answer!.mutation] =
        (answersByMutation[answer!.mutation] ?? 0) + 1;
    }
    const attributed = new Set<SourceKey>();
    for (const check of record.checks) {
      verdictsByStatus[check.status] =
        (verdictsByStatus[check.status] ?? 0) + 1;
      if (check.status === 'unknown') {
        const kind = classifyUnknown(check);
        unknownByKind[kind] = (unknownByKind[kind] ?? 0) + 1;
        unknownExamples[kind] ??= `${check.id}: ${clip(check.reason, 200)}`;
      }
      if (check.details?.evaluationFailed === true) {
        observe(
          'checks whose rule threw on parsed input (saved as unknown)',
          `${where(record)}: ${check.id}: ${clip(check.reason)}`,
        );
      }
      if (check.reason.length > 1000) {
        observe(
          'checks with a reason longer than 1000 characters (upstream text not clipped)',
          `${where(record)}: ${check.id}: ${
            check.reason.length
          } characters: ${clip(check.reason, 120)}`,
        );
      }
      if (JSON.stringify(check).includes(options.token)) {
        observe(
          'checks carrying the bearer token (echoed by the server in an error message)',
          `${where(record)}: ${check.id}: ${clip(check.reason, 160)}`,
        );
      }
      const sources = sourcesOfCheck(record.kind, check.id);
      if (!sources) {
        observe(
          'checks the suite cannot attribute to a source',
          `${where(record)}: ${check.id} ${check.status}`,
        );
        continue;
      }
      sources.forEach(s => attributed.add(s));
      // instances that parsed but hold unreadable objects are named in the VMs' check
      if (
        check.id === 'kubevirt.vms' &&
        /VirtualMachineInstance/.test(check.reason)
      ) {
        attributed.add('vmis');
      }
      const garbage = sources.filter(s => served[s]?.expectation === 'garbage');
      const stale = sources.filter(s => served[s]?.expectation === 'stale');
      if (garbage.length) {
        verdictsOfGarbage[check.status] =
          (verdictsOfGarbage[check.status] ?? 0) + 1;
      }
      if (check.status === 'ok' && garbage.length) {
        for (const source of garbage) {
          const answer = served[source]!;
          violations.push({
            rule: 'ok-from-garbage',
            collection: record.index,
            kind: record.kind,
            source,
            answer,
            check: { id: check.id, status: check.status, reason: check.reason },
            message: `${where(record, source)}: ${check.id} is ok ("${clip(
              check.reason,
              160,
            )}") from garbage (${answer.mutation}: ${answer.detail}); HTTP ${
              answer.status
            }, ${answer.bytes} bytes: ${answer.preview}`,
          });
        }
      } else if (stale.length && isOk(check, record.finishedAt)) {
        const answer = served[stale[0]]!;
        violations.push({
          rule: 'ok-from-stale',
          collection: record.index,
          kind: record.kind,
          source: stale[0],
          answer,
          check: { id: check.id, status: check.status, reason: check.reason },
          message: `${where(record, stale[0])}: ${check.id} is ok (observed ${
            check.observedAt
          }) from a stale answer: ${answer.detail}`,
        });
      } else if (
        check.status === 'ok' &&
        sources.every(s => served[s]?.expectation === 'valid')
      ) {
        for (const source of sources) {
          okFromValid[source] = (okFromValid[source] ?? 0) + 1;
        }
      }
    }
    for (const [source, answer] of Object.entries(served) as Array<
      [SourceKey, ServedAnswer]
    >) {
      if (answer.expectation === 'valid') {
        validAnswers[source] = (validAnswers[source] ?? 0) + 1;
      }
      if (answer.expectation === 'garbage' && !attributed.has(source)) {
        observe(
          `garbage answers that left no check of their own: ${source}${
            UNTRACED_BECAUSE[source] ? ` (${UNTRACED_BECAUSE[source]})` : ''
          }`,
          `${where(record, source)}: ${answer.mutation}: ${clip(
            answer.detail,
            160,
          )}`,
        );
      }
    }
  }

  const sorted = [...durations].sort((a, b) => a - b);
  const percentile = (p: number) =>
    Math.round(
      sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0,
    );
  const count = (rule: Rule) => violations.filter(v => v.rule === rule).length;
  const summary = {
    seed: options.seed,
    replay: `FUZZ_SEED=${options.seed} CI=true ./portal yarn workspace @proficientnow/backstage-plugin-infra-health-backend backstage-cli package test src/fuzz`,
    collections: campaign.records.length,
    byCollector: {
      collectClusterHealth: campaign.records.filter(r => r.kind === 'cluster')
        .length,
      collectMetricsHealth: campaign.records.filter(r => r.kind === 'metrics')
        .length,
    },
    concurrency: options.concurrency,
    sourceTimeoutMs: options.timeoutMs,
    boundMs,
    wallSeconds: Math.round(campaign.wallMs / 100) / 10,
    collectionMs: {
      p50: percentile(0.5),
      p95: percentile(0.95),
      max: percentile(1),
    },
    answersByMutation,
    validAnswersBySource: validAnswers,
    verdictsByStatus,
    verdictsOfChecksFedGarbage: verdictsOfGarbage,
    unknownByKind: Object.fromEntries(
      Object.entries(unknownByKind).sort((a, b) => b[1] - a[1]),
    ),
    unknownExamples,
    okFromValidAnswersBySource: okFromValid,
    escapes: count('escape'),
    slowerThanBound: count('duration'),
    okFromGarbage: count('ok-from-garbage'),
    okFromGarbageBySourceAndMutation: violations
      .filter(v => v.rule === 'ok-from-garbage')
      .reduce<Record<string, number>>((counts, v) => {
        const key = `${v.source}/${v.answer?.mutation}`;
        counts[key] = (counts[key] ?? 0) + 1;
        return counts;
      }, {}),
    okFromStale: count('ok-from-stale'),
    generatorErrors: count('generator'),
    observations: [...observations.values()],
  };
  return { violations, observations: [...observations.values()], summary };
}

/** The counts as one readable block for the test output. */
export function formatSummary(summary: Record<string, any>): string {
  const line = (label: string, value: unknown) =>
    `  ${label.padEnd(34)} ${value}`;
  const table = (record: Record<string, number>) =>
    Object.entries(record)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
  return [
    'infra-health collectors fuzz',
    line('seed', summary.seed),
    line('replay with', summary.replay),
    line(
      'collections',
      `${summary.collections} (collectClusterHealth ${summary.byCollector.collectClusterHealth}, collectMetricsHealth ${summary.byCollector.collectMetricsHealth}), ${summary.concurrency} at a time`,
    ),
    line(
      'time',
      `${summary.wallSeconds} s; per collection p50 ${summary.collectionMs.p50} ms, p95 ${summary.collectionMs.p95} ms, max ${summary.collectionMs.max} ms (bound ${summary.boundMs} ms, source timeout ${summary.sourceTimeoutMs} ms)`,
    ),
    line('answers by mutation', table(summary.answersByMutation)),
    line('verdicts by status', table(summary.verdictsByStatus)),
    line(
      'verdicts of checks fed garbage',
      table(summary.verdictsOfChecksFedGarbage),
    ),
    line('unknown verdicts, by why', table(summary.unknownByKind)),
    line('ok from valid answers', table(summary.okFromValidAnswersBySource)),
    line('exceptions escaped', summary.escapes),
    line('slower than the bound', summary.slowerThanBound),
    line(
      'ok from garbage',
      `${summary.okFromGarbage}${
        summary.okFromGarbage
          ? ` (source/mutation: ${table(
              summary.okFromGarbageBySourceAndMutation,
            )})`
          : ''
      }`,
    ),
    line('ok from stale', summary.okFromStale),
    ...(summary.generatorErrors
      ? [line('generator errors', summary.generatorErrors)]
      : []),
    ...(summary.observations.length
      ? [
          '  observations (not failures):',
          ...summary.observations.map(
            (o: { what: string; count: number; example: string }) =>
              `    - ${o.what}: ${o.count}, e.g. ${o.example}`,
          ),
        ]
      : []),
  ].join('\n');
}
