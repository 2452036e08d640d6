/**
 * @jest-environment node
 */
import fs from 'node:fs';
import path from 'node:path';
import { Campaign, runCampaign } from './__testUtils__/fuzzCampaign';
import {
  formatSummary,
  judgeCampaign,
  SOURCES_WITH_OWN_OK,
  Verdicts,
  Violation,
} from './__testUtils__/fuzzVerdicts';
import { freshSeed } from './__testUtils__/seededRandom';

/**
 * Fuzzes the collectors through their real HTTP path: a server of the
 * suite's own answers every Kubernetes path and Prometheus query they read
 * with a seeded mix of well-formed and malformed answers (see
 * `__testUtils__/malformedAnswers.ts`), and `collectClusterHealth` and
 * `collectMetricsHealth` run against it. The promise checked: no exception
 * escapes a collection, a source that hangs or drips is cut at the source
 * timeout, and no check derived from garbage (or, once staleness applies,
 * from a stale answer) is ok.
 *
 * Each run draws a fresh seed and prints it; `FUZZ_SEED=<seed>` replays a
 * run, `FUZZ_ONLY=<i>,<j>` only some of its collections,
 * `FUZZ_COLLECTIONS=<n>` changes how many.
 */

const SEED = process.env.FUZZ_SEED
  ? Number(process.env.FUZZ_SEED)
  : freshSeed();
if (!Number.isSafeInteger(SEED)) {
  throw new Error(
    `FUZZ_SEED must be a whole number, not ${process.env.FUZZ_SEED}`,
  );
}
const COLLECTIONS = Number(process.env.FUZZ_COLLECTIONS ?? 1000);
const ONLY = (process.env.FUZZ_ONLY ?? '')
  .split(',')
  .filter(Boolean)
  .map(Number);
const CONCURRENCY = 8;
const SOURCE_TIMEOUT_MS = 400;
/** The collector's own bound, with a generous margin for a loaded machine: the suite's only timing rule. */
const BOUND_MS = 2 * SOURCE_TIMEOUT_MS + 1000;
/** Written when the project's test command made the directory; nothing is created elsewhere. */
const REPORT_DIR = path.resolve(__dirname, '../../../../.local/test-report');

let campaign: Campaign;
let verdicts: Verdicts;

/**
 * The violations of a rule, readable: `none`, or one example of each
 * source and mutation kind that broke it (with how many did), and how to
 * replay them.
 */
function describeViolations(violations: Violation[], max = 12): string {
  if (!violations.length) return 'none';
  const groups = new Map<string, Violation[]>();
  for (const violation of violations) {
    const key = `${violation.source ?? '-'} / ${
      violation.answer?.mutation ?? '-'
    }`;
    groups.set(key, [...(groups.get(key) ?? []), violation]);
  }
  const examples = [...groups].slice(0, max);
  return [
    `${violations.length} violation(s), ${groups.size} kind(s) of answer; one example each:`,
    ...examples.map(
      ([key, group]) => `- [${key}: ${group.length}] ${group[0].message}`,
    ),
    ...(groups.size > max
      ? [
          `(and ${
            groups.size - max
          } more kinds; all violations are in the JSON report)`,
        ]
      : []),
    `replay: FUZZ_SEED=${SEED} FUZZ_ONLY=${[
      ...new Set(examples.map(([, group]) => group[0].collection)),
    ].join(',')}`,
  ].join('\n');
}

function violationsOf(rule: Violation['rule']): Violation[] {
  return verdicts.violations.filter(v => v.rule === rule);
}

describe(`the collectors under fuzzed answers (seed ${SEED})`, () => {
  beforeAll(async () => {
    campaign = await runCampaign({
      seed: SEED,
      collections: COLLECTIONS,
      only: ONLY,
      concurrency: CONCURRENCY,
      timeoutMs: SOURCE_TIMEOUT_MS,
      token: `fuzz-token-${SEED}-never-shown`,
    });
    verdicts = judgeCampaign(campaign, BOUND_MS);
  }, 180_000);

  afterAll(() => {
    if (!verdicts) return;
    // eslint-disable-next-line no-console
    console.log(formatSummary(verdicts.summary));
    if (fs.existsSync(REPORT_DIR)) {
      fs.writeFileSync(
        path.join(REPORT_DIR, 'infra-health-collectors-fuzz.json'),
        `${JSON.stringify(
          { ...verdicts.summary, violations: verdicts.violations },
          null,
          2,
        )}\n`,
      );
    }
  });

  it('runs the planned collections (at least 1,000 in a full run), with a generator that never fails itself', () => {
    const fullRun = !ONLY.length && !process.env.FUZZ_COLLECTIONS;
    expect(campaign.records).toHaveLength(ONLY.length || COLLECTIONS);
    expect(campaign.records.length).toBeGreaterThanOrEqual(fullRun ? 1000 : 1);
    expect(describeViolations(violationsOf('generator'))).toBe('none');
  });

  it('lets no exception escape a collection', () => {
    expect(describeViolations(violationsOf('escape'))).toBe('none');
  });

  it(`ends every collection within ${BOUND_MS} ms (2 x the source timeout + 1 s): hanging and dripping sources are cut`, () => {
    expect(describeViolations(violationsOf('duration'))).toBe('none');
  });

  it('never derives an ok check from an answer that is garbage', () => {
    expect(describeViolations(violationsOf('ok-from-garbage'))).toBe('none');
  });

  it('never shows an ok check from a stale answer once staleness applies', () => {
    expect(describeViolations(violationsOf('ok-from-stale'))).toBe('none');
  });

  it.each([
    'checks carrying the bearer token (echoed by the server in an error message)',
    'checks with a reason longer than 1000 characters (upstream text not clipped)',
  ])('has no %s', what => {
    const found = verdicts.observations.find(o => o.what === what);
    expect(found ? `${found.count}, e.g. ${found.example}` : 'none').toBe(
      'none',
    );
  });

  it('still judges well-formed answers ok: every source feeds some ok check (the suite is not vacuous)', () => {
    if (ONLY.length || campaign.records.length < 200) return;
    const okFromValid = verdicts.summary.okFromValidAnswersBySource as Record<
      string,
      number
    >;
    const without = SOURCES_WITH_OWN_OK.filter(s => !okFromValid[s]);
    expect(without).toEqual([]);
  });
});
