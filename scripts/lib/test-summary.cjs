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
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
