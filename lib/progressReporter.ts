// The console of a run: progress by requirement rather than a line per test. It counts the
// requirements the selected tests are tagged with, a requirement being checked once every test
// tagged with it has ended, and says each failed requirement once, as it comes. Tests skipped
// because their API could not be used say nothing (global setup said it once, before the tests).
// On a terminal the count is one line redrawn in place; elsewhere (CI, a pipe) it is a line every
// tenth of the way, so a log stays readable. CONFORMANCE_VERBOSE (--verbose) brings Playwright's
// list reporter back instead.
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestError, TestResult } from '@playwright/test/reporter';
import { redactSecrets } from './redactSecrets.ts';
import { allRequirements } from './registry.ts';
import { failureHeadline, harnessStop, stripAnsi, verdictsOf } from './verdict.ts';
import { apiOfTest } from './apiScope.ts';

/** What a redrawn line starts with: back to the line's start, and clear it. */
const REDRAW = '\r\u001b[K';

export default class ProgressReporter implements Reporter {
  private readonly levels = new Map(allRequirements().map((r) => [r.id, r.level]));
  /** Per requirement: its tests that have not ended yet. */
  private readonly pending = new Map<string, number>();
  private readonly ended = new Set<string>();
  private readonly failed = new Set<string>();
  private total = 0;
  private checked = 0;
  /** The count last printed (off a terminal). */
  private lastShown = -1;
  private readonly live = Boolean(process.stdout.isTTY) && !process.env.CI;

  private requirementsOf(test: TestCase): string[] {
    const profile = apiOfTest(test);
    return test.tags.map((t) => `${profile}.${t.replace(/^@/, '')}`).filter((id) => this.levels.has(id));
  }

  onBegin(config: FullConfig, suite: Suite): void {
    const tests = suite.allTests();
    for (const test of tests) for (const id of this.requirementsOf(test)) this.pending.set(id, (this.pending.get(id) ?? 0) + 1);
    this.total = this.pending.size;
    process.stdout.write(`Running ${tests.length} tests checking ${this.total} requirements using ${config.workers} workers\n`);
    this.show();
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const records = verdictsOf(result);
    for (const r of records.filter((x) => x.status === 'failed' && !this.failed.has(x.id))) {
      this.failed.add(r.id);
      this.say(`${this.count()} ✗ ${r.id} [${this.levels.get(r.id)}] ${failureHeadline(r.reason)}`.slice(0, 300));
    }
    const stopped = result.status !== 'passed' && result.status !== 'skipped';
    if (stopped && !records.some((r) => r.status === 'failed')) {
      const error = redactSecrets(stripAnsi(result.errors[0]?.message?.split('\n')[0] ?? ''));
      const byHarness = harnessStop(result.status, error);
      // The harness's own stop is not the target's failure: said without ✗, as the report skips it.
      if (byHarness) this.say(`${this.count()} – ${test.titlePath().slice(1).join(' › ')}: not judged, ${byHarness}`.slice(0, 300));
      else
        this.say(`${this.count()} ✗ ${test.titlePath().slice(1).join(' › ')}: ${result.status} outside every check${error ? `: ${error}` : ''}`.slice(0, 300));
    }
    // A test ends once per attempt; its requirements count when its last attempt ends.
    if (this.ended.has(test.id) || (stopped && result.retry < test.retries)) return;
    this.ended.add(test.id);
    for (const id of this.requirementsOf(test)) {
      const left = (this.pending.get(id) ?? 1) - 1;
      this.pending.set(id, left);
      if (left === 0) this.checked += 1;
    }
    this.show();
  }

  onError(error: TestError): void {
    this.say(`error: ${redactSecrets(error.stack ?? error.message ?? String(error.value))}`);
  }

  onEnd(result: FullResult): void {
    this.show(true);
    if (this.live) process.stdout.write('\n');
    if (result.status === 'timedout' || result.status === 'interrupted') process.stdout.write(`the run ended early: ${result.status}\n`);
  }

  private count(): string {
    return `[${this.checked}/${this.total}]`;
  }

  private line(): string {
    return `${this.count()} requirements checked, ${this.failed.size} failed`;
  }

  /** The count: redrawn on a terminal; elsewhere printed every tenth of the way, and at the end. */
  private show(final = false): void {
    if (this.live) return void process.stdout.write(REDRAW + this.line());
    const step = final ? 1 : Math.max(1, Math.ceil(this.total / 10));
    if (this.checked - this.lastShown < step) return;
    this.lastShown = this.checked;
    process.stdout.write(`${this.line()}\n`);
  }

  /** A line of its own, above the redrawn count. */
  private say(text: string): void {
    process.stdout.write(this.live ? `${REDRAW}${text}\n${this.line()}` : `${text}\n`);
  }

  printsToStdio(): boolean {
    return true;
  }
}
