import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/** Prints the closing line CI looks for: `N passed, M failed`. */
export default class SummaryReporter implements Reporter {
  private passed = 0;
  private failed = 0;

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status === 'skipped' || result.retry < test.retries) return;
    if (result.status === 'passed') this.passed++;
    else this.failed++;
  }

  onEnd(): void {
    console.log(`${this.passed} passed, ${this.failed} failed`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
