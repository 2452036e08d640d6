// Prints one closing line for the whole test run from jest's JSON report and
// the browser tests' TAP report, and exits non-zero if anything failed.
const fs = require('node:fs');

const [jestFile, tapFile] = process.argv.slice(2);
const jest = JSON.parse(fs.readFileSync(jestFile, 'utf8'));
const tap = fs.readFileSync(tapFile, 'utf8');
const count = name =>
  Number((tap.match(new RegExp(`^# ${name} (\\d+)$`, 'm')) ?? [])[1] ?? 0);

const passed = jest.numPassedTests + count('pass');
const failed = jest.numFailedTests + count('fail') + count('cancelled');
const skipped = jest.numPendingTests + count('skipped') + count('todo');
console.log(
  `\nunit: ${jest.numPassedTests} passed, ${
    jest.numFailedTests
  } failed; browser: ${count('pass')} passed, ${count('fail')} failed`,
);
// the health collectors' fuzz suite leaves its counts next to the reports
const fuzzFile = require('node:path').join(
  require('node:path').dirname(jestFile),
  'infra-health-collectors-fuzz.json',
);
if (fs.existsSync(fuzzFile)) {
  const fuzz = JSON.parse(fs.readFileSync(fuzzFile, 'utf8'));
  const verdicts = Object.entries(fuzz.verdictsByStatus ?? {})
    .map(([status, n]) => `${status} ${n}`)
    .join(', ');
  console.log(
    `health fuzz: ${fuzz.collections} collections (seed ${fuzz.seed}); verdicts ${verdicts}; escapes ${fuzz.escapes}, slower than the bound ${fuzz.slowerThanBound}, ok from garbage ${fuzz.okFromGarbage}, ok from stale ${fuzz.okFromStale}`,
  );
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
