import {
  KubernetesSource,
  PROMETHEUS_QUERIES,
  PrometheusSource,
  SourceKey,
} from './collectorSources';
import {
  AnswerContext,
  bodyOf,
  familyOf,
  fuzzAnswer,
  FuzzAnswer,
  JSON_TYPE,
  TEXT_TYPE,
  wellFormed,
} from './fuzzAnswer';
import { serializeJson } from './jsonMutations';
import { SeededRandom } from './seededRandom';
import {
  WellFormedAnswer,
  wellFormedKubernetesAnswer,
  wellFormedPrometheusAnswer,
} from './wellFormedAnswers';

/**
 * Answers that are wrong as a whole: error bodies (with 200 and with an
 * error status), truncated, dripped or hung, not JSON, of another kind,
 * 2 MB, or well-formed but stale.
 */

function kubernetesStatus(code: number, message: string) {
  const reasons: Record<number, string> = {
    200: 'InternalError',
    400: 'BadRequest',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'NotFound',
    409: 'Conflict',
    410: 'Expired',
    422: 'Invalid',
    429: 'TooManyRequests',
    500: 'InternalError',
    503: 'ServiceUnavailable',
    504: 'Timeout',
  };
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: reasons[code] ?? 'InternalError',
    code,
  };
}

/** An error message, now and then echoing the credentials the request carried (as a careless proxy would). */
function errorMessage(random: SeededRandom, context: AnswerContext): string {
  return context.authorization && random.chance(0.15)
    ? `rejected request with header Authorization: ${context.authorization}`
    : random.pick([
        'etcdserver: request timed out',
        'the server could not find the requested resource',
        'Unauthorized',
        'the server is currently unable to handle the request',
        '',
      ]);
}

/** The error bodies of each family, with HTTP 200 or an error status. */
export function errorAnswer(
  source: SourceKey,
  mutation: 'status-200' | 'status-error',
  random: SeededRandom,
  context: AnswerContext,
): FuzzAnswer {
  const family = familyOf(source);
  const message = errorMessage(random, context);
  if (family === 'prometheus') {
    const status =
      mutation === 'status-200' ? 200 : random.pick([400, 422, 500, 503]);
    const body = {
      status: 'error',
      errorType: random.pick(['bad_data', 'execution', 'timeout', 'internal']),
      error: message || 'query timed out in expression evaluation',
    };
    return fuzzAnswer(
      source,
      mutation,
      `HTTP ${status} with a Prometheus error`,
      serializeJson(body),
      { status },
    );
  }
  const status =
    mutation === 'status-200'
      ? 200
      : random.pick([400, 401, 403, 404, 409, 410, 422, 429, 500, 503, 504]);
  return fuzzAnswer(
    source,
    mutation,
    `HTTP ${status} with a kind: Status failure`,
    serializeJson(kubernetesStatus(status, message)),
    { status },
  );
}

export function truncatedAnswer(
  source: SourceKey,
  base: WellFormedAnswer,
  random: SeededRandom,
): FuzzAnswer {
  const full = bodyOf(base);
  if (random.chance(0.3)) {
    return fuzzAnswer(
      source,
      'truncated',
      `${full.length} bytes announced, half sent, then the connection closed`,
      full,
      {
        status: base.status,
        contentType: base.contentType,
        delivery: { kind: 'closed' },
      },
    );
  }
  // at least the last two bytes gone: never a complete answer ("...passed" less its newline still is one)
  const cut = random.int(0, Math.max(0, full.length - 2));
  return fuzzAnswer(
    source,
    'truncated',
    `cut to ${cut} of ${full.length} bytes`,
    full.subarray(0, cut),
    {
      status: base.status,
      contentType: base.contentType,
    },
  );
}

export function slowAnswer(
  source: SourceKey,
  mutation: 'drip' | 'hang',
  base: WellFormedAnswer,
  random: SeededRandom,
  context: AnswerContext,
): FuzzAnswer {
  const common = { status: base.status, contentType: base.contentType };
  if (mutation === 'hang') {
    const afterHeaders = random.chance(0.5);
    return fuzzAnswer(
      source,
      'hang',
      afterHeaders
        ? 'headers and a first piece, then silence'
        : 'no answer at all',
      bodyOf(base),
      {
        ...common,
        delivery: { kind: 'hang', afterHeaders },
      },
    );
  }
  const intervalMs = random.int(150, 300);
  // the last piece would leave after the collection bound the suite checks (2x timeout + 1 s)
  const chunks = Math.ceil((2 * context.timeoutMs + 1000) / intervalMs) + 2;
  return fuzzAnswer(
    source,
    'drip',
    `a well-formed answer in ${chunks} pieces, one every ${intervalMs} ms`,
    bodyOf(base),
    {
      ...common,
      delivery: { kind: 'drip', chunks, intervalMs },
    },
  );
}

const HTML_PAGE =
  '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>\n';

export function notJsonAnswer(
  source: SourceKey,
  random: SeededRandom,
): FuzzAnswer {
  const bodies: Array<[detail: string, body: string, contentType: string]> = [
    ['an HTML error page', HTML_PAGE, 'text/html'],
    ['an empty body', '', JSON_TYPE],
    // "ok" is what readyz answers when all is well; elsewhere it is not JSON
    source === 'readyz'
      ? ['a plain "OK"', 'OK', TEXT_TYPE]
      : ['a plain "ok"', 'ok', TEXT_TYPE],
    ['a YAML answer', 'kind: NodeList\nitems: []\n', 'application/yaml'],
    ['a JSON-ish fragment', "{kind: 'List', items: []}", JSON_TYPE],
    ['two JSON documents', '{"kind":"List"}{"kind":"List"}', JSON_TYPE],
  ];
  const [detail, body, contentType] = random.pick(bodies);
  return fuzzAnswer(source, 'not-json', detail, body, { contentType });
}

/** A well-formed answer of another kind: another list, another object, another result type. */
export function wrongKindAnswer(
  source: SourceKey,
  random: SeededRandom,
  context: AnswerContext,
): FuzzAnswer {
  const family = familyOf(source);
  if (family === 'prometheus') {
    const resultType = random.pick(['matrix', 'scalar', 'string', 'family']);
    if (
      resultType === 'family' &&
      'byName' in PROMETHEUS_QUERIES[source as PrometheusSource].shapes
    ) {
      const other = source === 'cephMetrics' ? 'ciliumGauges' : 'cephMetrics';
      return fuzzAnswer(
        source,
        'wrong-kind',
        `the series of the ${other} query`,
        bodyOf(wellFormedPrometheusAnswer(other, random)),
      );
    }
    const result =
      resultType === 'matrix'
        ? [
            {
              metric: {},
              values: [
                [1795255200, '1'],
                [1795255230, '1'],
              ],
            },
          ]
        : [1795255200, '1'];
    return fuzzAnswer(
      source,
      'wrong-kind',
      `a ${resultType === 'family' ? 'matrix' : resultType} result`,
      serializeJson({
        status: 'success',
        data: {
          resultType: resultType === 'family' ? 'matrix' : resultType,
          result,
        },
      }),
    );
  }
  const others = (
    [
      'nodes',
      'applications',
      'vms',
      'vmis',
      'ceph',
      'ciliumAgents',
      'ciliumOperator',
      'ciliumNodes',
    ] as const
  ).filter(s => s !== source);
  const other = random.pick(others);
  const otherBody = wellFormedKubernetesAnswer(other, random, context.now)
    .body as any;
  if (family === 'readyz') {
    return random.chance(0.5)
      ? fuzzAnswer(
          source,
          'wrong-kind',
          'a /livez answer',
          '[+]ping ok\n[+]log ok\n[+]etcd ok\nlivez check passed\n',
          { contentType: TEXT_TYPE },
        )
      : fuzzAnswer(
          source,
          'wrong-kind',
          `the ${other} answer`,
          serializeJson(otherBody),
        );
  }
  const own = wellFormedKubernetesAnswer(
    source as KubernetesSource,
    random,
    context.now,
  ).body as any;
  if (
    Array.isArray(own.items) &&
    Array.isArray(otherBody.items) &&
    otherBody.items.length &&
    random.chance(0.4)
  ) {
    // the right list, holding objects of another kind
    const ownKind = String(own.kind).replace(/List$/, '');
    const otherKind = String(otherBody.kind).replace(/List$/, '');
    own.items = otherBody.items.map((item: any) => ({
      ...item,
      kind: otherKind === ownKind ? 'Pod' : otherKind,
    }));
    return fuzzAnswer(
      source,
      'wrong-kind',
      `${own.kind} holding ${otherKind} objects`,
      serializeJson(own),
    );
  }
  return fuzzAnswer(
    source,
    'wrong-kind',
    `the ${other} answer (${otherBody.kind})`,
    serializeJson(otherBody),
  );
}

const TWO_MB = 2 * 1024 * 1024;
const hugeBodies = new Map<string, FuzzAnswer>();

/** A 2 MB answer that is garbage: huge junk, a huge value where a small one belongs, or a huge error. Built once per source and variant. */
export function hugeAnswer(
  source: SourceKey,
  random: SeededRandom,
): FuzzAnswer {
  const family = familyOf(source);
  const variant = random.pick(['value', 'junk', 'error'] as const);
  const key = `${source}/${variant}`;
  const cached = hugeBodies.get(key);
  if (cached) return cached;
  const seeded = new SeededRandom(0, 'huge', key);
  const base = wellFormed(source, seeded, { now: new Date(), timeoutMs: 0 });
  let built: FuzzAnswer;
  if (variant === 'error') {
    const message = 'x'.repeat(TWO_MB);
    built =
      family === 'prometheus'
        ? fuzzAnswer(
            source,
            'huge-body',
            'HTTP 503 with a 2 MB error',
            serializeJson({
              status: 'error',
              errorType: 'unavailable',
              error: message,
            }),
            { status: 503 },
          )
        : fuzzAnswer(
            source,
            'huge-body',
            'HTTP 500 with a 2 MB Status message',
            serializeJson(kubernetesStatus(500, message)),
            { status: 500 },
          );
  } else if (family === 'readyz') {
    built = fuzzAnswer(
      source,
      'huge-body',
      '2 MB of check lines, no final line',
      '[+]ping ok\n'.repeat(Math.ceil(TWO_MB / 11)),
      { contentType: TEXT_TYPE },
    );
  } else if (family === 'prometheus') {
    const body = base.body as any;
    const template = body.data.result[0];
    const count = Math.ceil(TWO_MB / 120);
    body.data.result = Array.from({ length: count }, (_, i) => ({
      metric: {
        ...template.metric,
        instance: `10.0.${i >> 8}.${i & 255}:9283`,
      },
      value:
        i === count - 1
          ? [template.value[0], variant === 'value' ? 'NaN' : '-1']
          : template.value,
    }));
    built = fuzzAnswer(
      source,
      'huge-body',
      `${count} series, the last one ${variant === 'value' ? 'NaN' : '-1'}`,
      serializeJson(body),
    );
  } else {
    const body = base.body as any;
    if (variant === 'value' && Array.isArray(body.items)) {
      body.items[0].metadata.name = 'n'.repeat(TWO_MB);
      built = fuzzAnswer(
        source,
        'huge-body',
        'a 2 MB name on the first item',
        serializeJson(body),
      );
    } else if (Array.isArray(body.items)) {
      const junk = {
        metadata: { name: 'junk' },
        status: { conditions: 'True' },
        kind: 42,
      };
      body.items = Array.from({ length: Math.ceil(TWO_MB / 70) }, () => junk);
      built = fuzzAnswer(
        source,
        'huge-body',
        `${body.items.length} junk items`,
        serializeJson(body),
      );
    } else {
      const field =
        source === 'ciliumAgents'
          ? 'desiredNumberScheduled'
          : 'availableReplicas';
      body.status = { ...body.status, [field]: '9'.repeat(TWO_MB) };
      built = fuzzAnswer(
        source,
        'huge-body',
        `status.${field} a 2 MB string of digits`,
        serializeJson(body),
      );
    }
  }
  hugeBodies.set(key, built);
  return built;
}

/** A well-formed CephCluster whose operator last checked a while ago (or whose capacity is old). */
export function staleAnswer(
  random: SeededRandom,
  context: AnswerContext,
): FuzzAnswer {
  const base = wellFormedKubernetesAnswer('ceph', random, context.now);
  const minutes = random.int(10, 3 * 24 * 60);
  const at = new Date(context.now.getTime() - minutes * 60_000).toISOString();
  for (const item of (base.body as any).items) {
    const ceph = item.status?.ceph;
    if (!ceph) continue;
    ceph.lastChecked = at;
    if (ceph.capacity) {
      if (random.chance(0.5)) ceph.capacity.lastUpdated = at;
      else delete ceph.capacity.lastUpdated;
    }
  }
  return fuzzAnswer(
    'ceph',
    'stale',
    `lastChecked ${minutes} minutes ago`,
    bodyOf(base),
    { expectation: 'stale' },
  );
}
