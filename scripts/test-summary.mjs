// Prints the closing "N passed, N failed, N skipped" line of `npm test` from the vitest and
// Playwright JSON reports, and exits non-zero when anything failed or a report is missing.
import { readFileSync } from "node:fs";

const [checksPassed, checksFailed, unitRc, e2eRc] = process.argv.slice(2).map(Number);
const read = (file) => {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
};

const unit = read("reports/unit.json");
const e2e = read("reports/e2e.json")?.stats;
const u = unit
  ? { passed: unit.numPassedTests, failed: unit.numFailedTests, skipped: unit.numPendingTests + unit.numTodoTests }
  : { passed: 0, failed: 1, skipped: 0 };
const e = e2e
  ? { passed: e2e.expected + e2e.flaky, failed: e2e.unexpected, skipped: e2e.skipped }
  : { passed: 0, failed: 1, skipped: 0 };
// A runner that crashed without failing a test still fails the run.
if (unitRc !== 0 && u.failed === 0) u.failed = 1;
if (e2eRc !== 0 && e.failed === 0) e.failed = 1;

console.log(`\nchecks (lint, typecheck, build): ${checksPassed} passed, ${checksFailed} failed`);
console.log(`unit: ${u.passed} passed, ${u.failed} failed, ${u.skipped} skipped`);
console.log(`e2e: ${e.passed} passed, ${e.failed} failed, ${e.skipped} skipped`);
const passed = checksPassed + u.passed + e.passed;
const failed = checksFailed + u.failed + e.failed;
console.log(`total: ${passed} passed, ${failed} failed, ${u.skipped + e.skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
