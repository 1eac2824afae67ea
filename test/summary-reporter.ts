// Prints one plain closing line, "N passed, N failed[, N skipped]", that any
// CI can read, after Vitest's own report.
import type { Reporter, RunnerTestFile, RunnerTask } from 'vitest/node';

function count(tasks: RunnerTask[], acc = { passed: 0, failed: 0, skipped: 0 }) {
  for (const t of tasks) {
    if (t.type === 'suite') {
      count(t.tasks, acc);
      continue;
    }
    const state = t.result?.state;
    if (state === 'pass') acc.passed++;
    else if (state === 'fail') acc.failed++;
    else acc.skipped++;
  }
  return acc;
}

export default class SummaryReporter implements Reporter {
  onFinished(files: RunnerTestFile[] = [], errors: unknown[] = []): void {
    const c = count(files);
    const failed = c.failed + (errors.length > 0 && c.failed === 0 ? errors.length : 0);
    process.stdout.write(`\n${c.passed} passed, ${failed} failed${c.skipped ? `, ${c.skipped} skipped` : ''}\n`);
  }
}
