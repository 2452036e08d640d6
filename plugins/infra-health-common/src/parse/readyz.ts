import { clip, isRecord, Parsed } from './shape';

/** What the API server's `/readyz?verbose` said. */
export interface ReadyzAnswer {
  /** The HTTP status it answered with. */
  httpStatus: number;
  ready: boolean;
  /** Checks that failed (`[-]etcd failed: reason withheld` gives `etcd`). */
  failed: string[];
  /** How many checks passed (0 for the plain `ok`). */
  passed: number;
  /** For a not-ready answer in Kubernetes' `Status` form: its message. */
  message?: string;
}

const PASSED_LINE = /^\[\+\](\S+) ok$/;
const FAILED_LINE = /^\[-\](\S+) failed(: .*)?$/;
/** kube-apiserver adds this when `?exclude=` names a check it does not have. */
const WARNING_LINE = /^warn: /;

function quoted(line: string): string {
  return `"${clip(line, 60)}"`;
}

/** A `kind: Status` body, as the API server (or its aggregator) answers an error. */
function statusMessage(body: string): string | undefined {
  if (!body.trimStart().startsWith('{')) return undefined;
  try {
    const json = JSON.parse(body);
    if (isRecord(json) && json.kind === 'Status') {
      return typeof json.message === 'string' && json.message
        ? clip(json.message, 200)
        : 'no message';
    }
  } catch {
    // not JSON: judged as text below
  }
  return undefined;
}

/**
 * Parses an answer of `/readyz?verbose` line by line, as kube-apiserver
 * writes it: one `[+]<check> ok` or `[-]<check> failed: <reason>` line per
 * check, then `readyz check passed` (HTTP 200) or `readyz check failed`
 * (HTTP 500, written verbose whatever was asked). A passing server that
 * ignored `verbose` answers exactly `ok`. A not-ready answer in the API's
 * `Status` form (HTTP 500 or 503) is not ready with its message. Anything
 * else (an HTML page, a body that merely contains "ok", a `[-]` line beside
 * "check passed", a 200 that says failed) does not parse, so it can never be
 * read as ready.
 */
export function parseReadyz(response: {
  status: number;
  body: string;
}): Parsed<ReadyzAnswer> {
  const { status, body } = response;
  const notReadyz = (why: string): Parsed<ReadyzAnswer> => ({
    ok: false,
    reason: `answered ${status} with a body that is not a readyz answer: ${why}`,
  });
  if (typeof body !== 'string') return notReadyz('no text');
  if (status === 200 && body === 'ok') {
    return {
      ok: true,
      value: { httpStatus: status, ready: true, failed: [], passed: 0 },
    };
  }
  const message = status !== 200 ? statusMessage(body) : undefined;
  if (message !== undefined) {
    return {
      ok: true,
      value: {
        httpStatus: status,
        ready: false,
        failed: [],
        passed: 0,
        message,
      },
    };
  }
  if (!body.trim()) return notReadyz('the body is empty');
  // one final newline is how the server ends it; anything else is a line
  const lines = body.replace(/\r?\n$/, '').split(/\r?\n/);
  const last = lines.pop() ?? '';
  if (last !== 'readyz check passed' && last !== 'readyz check failed') {
    return notReadyz(
      `it does not end in "readyz check passed" or "readyz check failed" (last line ${quoted(
        last,
      )})`,
    );
  }
  const failed: string[] = [];
  let passed = 0;
  for (const [index, line] of lines.entries()) {
    const ok = PASSED_LINE.exec(line);
    const bad = FAILED_LINE.exec(line);
    if (ok) passed++;
    else if (bad) failed.push(bad[1]);
    else if (!WARNING_LINE.test(line)) {
      return notReadyz(
        `line ${index + 1} ${quoted(
          line,
        )} is not "[+]<check> ok" or "[-]<check> failed: <reason>"`,
      );
    }
  }
  if (passed + failed.length === 0) return notReadyz('it lists no checks');
  const saysPassed = last === 'readyz check passed';
  if (saysPassed && failed.length) {
    return notReadyz(
      `it says "readyz check passed" beside failed checks (${failed.join(
        ', ',
      )})`,
    );
  }
  if (saysPassed !== (status === 200)) {
    return notReadyz(`it says "${last}" with HTTP ${status}`);
  }
  if (!saysPassed && !failed.length) {
    return notReadyz('it says "readyz check failed" but no check failed');
  }
  return {
    ok: true,
    value: { httpStatus: status, ready: saysPassed, failed, passed },
  };
}
