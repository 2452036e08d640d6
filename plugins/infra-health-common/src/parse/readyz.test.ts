import { evaluateReadyz } from '../rules/kubernetes';
import { parseReadyz } from './readyz';

const NOW = '2026-11-21T12:00:00Z';

/** The checks of a kube-apiserver v1.31 `/readyz?verbose`, in its order. */
const CHECKS = [
  'ping',
  'log',
  'etcd',
  'etcd-readiness',
  'informer-sync',
  'poststarthook/start-apiserver-admission-initializer',
  'poststarthook/generic-apiserver-start-informers',
  'poststarthook/priority-and-fairness-config-consumer',
  'poststarthook/priority-and-fairness-filter',
  'poststarthook/storage-object-count-tracker-hook',
  'poststarthook/start-apiextensions-informers',
  'poststarthook/start-apiextensions-controllers',
  'poststarthook/crd-informer-synced',
  'poststarthook/start-system-namespaces-controller',
  'poststarthook/rbac/bootstrap-roles',
  'poststarthook/scheduling/bootstrap-system-priority-classes',
  'poststarthook/bootstrap-controller',
  'poststarthook/start-kube-aggregator-informers',
  'poststarthook/apiservice-registration-controller',
  'poststarthook/apiservice-discovery-controller',
  'poststarthook/kube-apiserver-autoregistration',
  'autoregister-completion',
  'poststarthook/apiservice-openapi-controller',
  'poststarthook/apiservice-openapiv3-controller',
  'shutdown',
];

/** A verbose body as kube-apiserver writes it (healthz.go handleRootHealth). */
function verbose(failing: Record<string, string> = {}): string {
  const lines = CHECKS.map(check =>
    failing[check] ? `[-]${check} failed: ${failing[check]}` : `[+]${check} ok`,
  );
  const failed = Object.keys(failing).length > 0;
  return `${lines.join('\n')}\nreadyz check ${failed ? 'failed' : 'passed'}\n`;
}

const NGINX_PAGE = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required. Everything is ok.</p>
</body>
</html>
`;

function judge(status: number, body: string) {
  const answer = parseReadyz({ status, body });
  if (!answer.ok) throw new Error(answer.reason);
  return evaluateReadyz(answer.value, NOW)[0];
}

describe('parseReadyz', () => {
  it('reads a verbose answer with every check passing as ready', () => {
    expect(parseReadyz({ status: 200, body: verbose() })).toEqual({
      ok: true,
      value: {
        httpStatus: 200,
        ready: true,
        failed: [],
        passed: CHECKS.length,
      },
    });
    expect(judge(200, verbose())).toMatchObject({
      status: 'ok',
      reason: 'API server ready (/readyz ok)',
    });
  });

  it('reads one failing check as not ready, naming it', () => {
    const body = verbose({ etcd: 'reason withheld' });
    expect(parseReadyz({ status: 500, body })).toEqual({
      ok: true,
      value: {
        httpStatus: 500,
        ready: false,
        failed: ['etcd'],
        passed: CHECKS.length - 1,
      },
    });
    expect(judge(500, body)).toMatchObject({
      status: 'critical',
      reason: 'API server not ready (/readyz 500): etcd failed',
      details: { failing: ['etcd'] },
    });
  });

  it('names every failed check, with or without the reason withheld', () => {
    expect(
      judge(
        500,
        verbose({
          etcd: 'error getting data from etcd: context deadline exceeded',
          shutdown: 'reason withheld',
        }),
      ).reason,
    ).toBe('API server not ready (/readyz 500): etcd, shutdown failed');
  });

  it('accepts the plain answer only when it is exactly "ok"', () => {
    expect(judge(200, 'ok').status).toBe('ok');
    for (const body of [
      'ok\n',
      ' ok',
      'OK',
      'okay',
      'ok ok',
      'everything ok',
    ]) {
      expect(parseReadyz({ status: 200, body }).ok).toBe(false);
    }
  });

  it('reads a not-ready Status body (HTTP 503 from the API server) as not ready with its message', () => {
    const body = JSON.stringify({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the server is currently unable to handle the request',
      reason: 'ServiceUnavailable',
      code: 503,
    });
    expect(judge(503, body)).toMatchObject({
      status: 'critical',
      reason:
        'API server not ready (/readyz 503): the server is currently unable to handle the request',
    });
  });

  it('accepts CRLF line ends', () => {
    expect(judge(200, verbose().replace(/\n/g, '\r\n')).status).toBe('ok');
  });

  it.each([
    [
      'an nginx welcome page',
      200,
      NGINX_PAGE,
      /does not end in .* \(last line "<\/html>"\)/,
    ],
    [
      'an HTML error page',
      503,
      '<html><body><h1>503 Service Unavailable</h1></body></html>',
      /does not end in/,
    ],
    ['an empty body', 200, '', /the body is empty/],
    [
      'an HTML page with an "ok" line',
      200,
      '<html>\n<body>\nok\n</body>\n</html>\n',
      /does not end in/,
    ],
    [
      'a body that merely contains "ok"',
      200,
      'status: ok\n',
      /does not end in/,
    ],
    [
      'a [-] line beside an "ok" line',
      200,
      '[-]etcd failed: reason withheld\nok',
      /does not end in .* \(last line "ok"\)/,
    ],
    [
      'a [-] line beside "readyz check passed"',
      200,
      '[+]ping ok\n[-]etcd failed: reason withheld\nreadyz check passed\n',
      /"readyz check passed" beside failed checks \(etcd\)/,
    ],
    [
      '"check failed" with HTTP 200',
      200,
      '[-]etcd failed: reason withheld\nreadyz check failed\n',
      /it says "readyz check failed" with HTTP 200/,
    ],
    [
      '"check passed" with HTTP 500',
      500,
      '[+]ping ok\nreadyz check passed\n',
      /it says "readyz check passed" with HTTP 500/,
    ],
    [
      '"check failed" with no failed check',
      500,
      '[+]ping ok\nreadyz check failed\n',
      /no check failed/,
    ],
    ['no check at all', 200, 'readyz check passed\n', /lists no checks/],
    ['a plain "ok" with HTTP 500', 500, 'ok', /does not end in/],
    [
      'the livez listing',
      200,
      '[+]ping ok\nlivez check passed\n',
      /does not end in/,
    ],
    [
      'a JSON body that is not a Status',
      500,
      '{"error":"boom"}',
      /does not end in/,
    ],
    [
      'a blank line among the checks',
      200,
      '[+]ping ok\n\n[+]log ok\nreadyz check passed\n',
      /line 2 "" is not/,
    ],
    [
      'a check line with extra words',
      200,
      '[+]ping ok fine\nreadyz check passed\n',
      /line 1 "\[\+\]ping ok fine" is not/,
    ],
  ])('never reads %s as ready', (_label, status, body, why) => {
    const parsed = parseReadyz({ status, body });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toMatch(
      new RegExp(
        `^answered ${status} with a body that is not a readyz answer: `,
      ),
    );
    expect(!parsed.ok && parsed.reason).toMatch(why);
  });
});
