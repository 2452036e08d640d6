import { fuzzAnswer, FuzzAnswer, MutationKind, TEXT_TYPE } from './fuzzAnswer';
import { INVALID_UTF8 } from './jsonMutations';
import { SeededRandom } from './seededRandom';

/**
 * Mutations of the API server's `/readyz?verbose` text: JSON where text
 * belongs, lines missing, verdicts that contradict the checks or the HTTP
 * status, deep nesting, bytes that are not UTF-8.
 */

function readyzLines(failed = false): string[] {
  return [
    'ping',
    'log',
    'etcd',
    'informer-sync',
    'poststarthook/bootstrap-controller',
  ].map(c =>
    failed && c === 'etcd' ? `[-]${c} failed: reason withheld` : `[+]${c} ok`,
  );
}

export function readyzAnswer(
  mutation: MutationKind,
  random: SeededRandom,
): FuzzAnswer | undefined {
  const text = (detail: string, body: string | Buffer, status = 200) =>
    fuzzAnswer('readyz', mutation, detail, body, {
      status,
      contentType: TEXT_TYPE,
    });
  switch (mutation) {
    case 'wrong-type': {
      const body = random.pick([
        '{"status":"ok"}',
        '["ok"]',
        'true',
        '1',
        '"ok"',
        'null',
      ]);
      return fuzzAnswer('readyz', mutation, `JSON ${body}`, body);
    }
    case 'missing-field':
      return random.pick([
        () =>
          text(
            'the check lines without the final line',
            `${readyzLines().join('\n')}\n`,
          ),
        () => text('the final line only', 'readyz check passed\n'),
        () => text('an empty body', ''),
        () =>
          text(
            'a check line without its verdict',
            `${readyzLines().join('\n')}\n[+]etcd\nreadyz check passed\n`,
          ),
      ])();
    case 'contradiction':
      return random.pick([
        () =>
          text(
            '"passed" beside a failed check',
            `${readyzLines(true).join('\n')}\nreadyz check passed\n`,
          ),
        () =>
          text(
            '"failed" with HTTP 200',
            `${readyzLines(true).join('\n')}\nreadyz check failed\n`,
          ),
        () =>
          text(
            '"passed" with HTTP 500',
            `${readyzLines().join('\n')}\nreadyz check passed\n`,
            500,
          ),
        () =>
          text(
            '"failed" with no failed check',
            `${readyzLines().join('\n')}\nreadyz check failed\n`,
            500,
          ),
      ])();
    case 'deep-nesting': {
      const depth = random.int(2_000, 20_000);
      return fuzzAnswer(
        'readyz',
        mutation,
        `a JSON list nested ${depth} deep`,
        `${'['.repeat(depth)}${']'.repeat(depth)}`,
      );
    }
    case 'invalid-utf8': {
      const lines = [...readyzLines(), 'readyz check passed'];
      const index = random.int(0, lines.length - 1);
      const at = random.int(0, lines[index].length);
      const bytes = random.pick(INVALID_UTF8);
      const body = Buffer.concat([
        Buffer.from(
          `${[...lines.slice(0, index), lines[index].slice(0, at)].join('\n')}`,
        ),
        bytes,
        Buffer.from(
          `${[lines[index].slice(at), ...lines.slice(index + 1)].join('\n')}\n`,
        ),
      ]);
      return text(
        `bytes ${[...bytes]
          .map(b => `\\x${b.toString(16)}`)
          .join('')} in line ${index + 1} at ${at}`,
        body,
      );
    }
    default:
      return undefined;
  }
}
