// A failed MUST check fails its test, and Playwright stops a worker after any failed test (with no
// option around it), starting another for the tests left: against a faulty deployment each failing
// test cost a worker's start, ~1.5 CPU-s (the embedded default with five faults switched on: 4 → 21
// workers, 10.4 → 22.8 s). A failed check is the target's verdict, not a broken worker. So the
// worker marks such a test expected to fail, and Playwright keeps the worker; this reporter, the
// runner's first, marks it expected to pass again before any other reporter, Playwright's count of
// failures or the run's status sees it: the test stays failed in every report. The reporter tells
// the workers it is there (they inherit the runner's environment): a run whose reporters were
// replaced on the command line has none, and its failed tests fail, and restart workers, as before.
import type { TestInfo } from '@playwright/test';
import type { Reporter, TestCase } from '@playwright/test/reporter';

/** The annotation of a test that failed a MUST check (beside 'SHOULD not met'). */
export const MUST_NOT_MET = 'MUST not met';

/** Set in the runner by the reporter, for its workers. */
export const FAILED_CHECKS_REPORTER_ENV = 'CONFORMANCE_FAILED_CHECKS_REPORTER';

/** A failed check's reason as an annotation says it: its first lines, on one line. */
export const annotationOf = (reason: string) => reason.split('\n').slice(0, 3).join(' ');

/** In the worker: the test failed a MUST check, and fails; with the reporter in the runner, its worker goes on to the next test. */
export function failedCheck(info: Pick<TestInfo, 'annotations' | 'expectedStatus'>, reason: string, env: NodeJS.ProcessEnv = process.env): void {
  info.annotations.push({ type: MUST_NOT_MET, description: annotationOf(reason) });
  if (env[FAILED_CHECKS_REPORTER_ENV]) info.expectedStatus = 'failed';
}

/** In the runner, first of the reporters: a test that failed a MUST check was expected to pass. */
export default class FailedChecksReporter implements Reporter {
  constructor() {
    process.env[FAILED_CHECKS_REPORTER_ENV] = '1';
  }

  onTestEnd(test: TestCase): void {
    if (test.expectedStatus === 'failed' && test.annotations.some((a) => a.type === MUST_NOT_MET))
      (test as { expectedStatus: string }).expectedStatus = 'passed';
  }

  printsToStdio(): boolean {
    return false;
  }
}
