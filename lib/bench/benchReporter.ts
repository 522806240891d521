// A passive Playwright reporter for the benchmark: the run's timeline (when collection ended, when
// each test ran, on which worker) and, per test, the requests it made (its requests attachment:
// every exchange of its journal), and what its steps show — the time of each requirement's check (a
// step titled with the requirement id; the benchmark picks out the checks whose time is a mandated
// wait), and the fixture setup and teardown around the test. Written to $CONFORMANCE_BENCH_OUT when the run
// ends; the other reporters are unaffected.
import { writeFileSync } from 'node:fs';
import type { FullConfig, Reporter, Suite, TestCase, TestResult, TestStep } from '@playwright/test/reporter';
import { CASE_TALLY_ATTACHMENT, type TestCases } from '../caseTally.ts';
import { REQUESTS_ATTACHMENT, type RequestSummary } from '../exchange.ts';
import { apiOfTest, reportTitle } from '../apiScope.ts';

export const BENCH_OUT_ENV = 'CONFORMANCE_BENCH_OUT';
/** The requirement keys whose check steps are mandated waits (comma-separated): their steps' spans are kept. */
export const BENCH_WAITS_ENV = 'CONFORMANCE_BENCH_WAITS';

export interface TestFigures {
  api: string;
  file: string;
  title: string;
  status: string;
  workerIndex: number;
  /** Epoch ms. */
  startedAt: number;
  durationMs: number;
  requests: number;
  /** The target's time on them (the proxy's pacing left out), added up: requests sent together count each. */
  requestMs: number;
  /** Time in each requirement's check steps, by requirement key. */
  checkMs: Record<string, number>;
  /** Fixture setup and teardown (Playwright's Before/After Hooks steps). */
  hooksMs: number;
  /** Epoch ms the test's first request started, if it made one. */
  firstRequestAt?: number;
  /** The mandated waits' check steps: when each started (epoch ms) and how long it took. */
  waitSpans: { at: number; ms: number }[];
  /** Generated cases drawn for it (lib/caseTally.ts). */
  cases: TestCases;
}

/** A test's figures as it starts: who it is, and nothing counted yet. */
export const startedTest = (who: Pick<TestFigures, 'api' | 'file' | 'title' | 'workerIndex' | 'startedAt'> & Partial<TestFigures>): TestFigures => ({
  status: 'running',
  durationMs: 0,
  requests: 0,
  requestMs: 0,
  checkMs: {},
  hooksMs: 0,
  waitSpans: [],
  cases: { inTest: 0, atLoad: 0 },
  ...who,
});

export interface BenchRunFigures {
  /** Epoch ms: the reporter was created (the config loaded), collection ended (onBegin), the run ended (onEnd). */
  configLoadedAt: number;
  collectedAt: number;
  endedAt: number;
  tests: TestFigures[];
}

const waitKeys = new Set((process.env[BENCH_WAITS_ENV] ?? '').split(',').filter(Boolean));

export default class BenchReporter implements Reporter {
  private readonly configLoadedAt = Date.now();
  private collectedAt = 0;
  private readonly open = new Map<TestResult, TestFigures>();
  private readonly done: TestFigures[] = [];

  onBegin(_config: FullConfig, _suite: Suite): void {
    this.collectedAt = Date.now();
  }

  onTestBegin(test: TestCase, result: TestResult): void {
    const api = apiOfTest(test);
    this.open.set(
      result,
      startedTest({
        api,
        file: test.location.file,
        title: reportTitle(test.titlePath(), api),
        workerIndex: result.workerIndex,
        startedAt: result.startTime.getTime(),
      }),
    );
  }

  onStepEnd(test: TestCase, result: TestResult, step: TestStep): void {
    const figures = this.open.get(result);
    if (!figures) return;
    if (step.category === 'hook' && step.parent === undefined) {
      figures.hooksMs += step.duration;
    } else if (step.category === 'test.step' && step.title.startsWith(`${figures.api}.`)) {
      // A check's title: `<api>.<key> [LEVEL] «quote»`.
      const key = step.title.slice(figures.api.length + 1).split(' ')[0];
      figures.checkMs[key] = (figures.checkMs[key] ?? 0) + step.duration;
      if (waitKeys.has(key)) figures.waitSpans.push({ at: step.startTime.getTime(), ms: step.duration });
    }
  }

  onTestEnd(_test: TestCase, result: TestResult): void {
    const figures = this.open.get(result);
    if (!figures) return;
    this.open.delete(result);
    figures.status = result.status;
    figures.durationMs = result.duration;
    const cases = result.attachments.find((a) => a.name === CASE_TALLY_ATTACHMENT)?.body;
    if (cases) figures.cases = JSON.parse(cases.toString('utf8')) as TestCases;
    const requests = result.attachments.find((a) => a.name === REQUESTS_ATTACHMENT)?.body;
    for (const r of requests ? (JSON.parse(requests.toString('utf8')) as RequestSummary[]) : []) {
      figures.requests += 1;
      figures.requestMs += r.elapsedMs;
      figures.firstRequestAt = Math.min(figures.firstRequestAt ?? Infinity, Date.parse(r.at));
    }
    this.done.push(figures);
  }

  onEnd(): void {
    const out = process.env[BENCH_OUT_ENV];
    if (!out) return;
    const figures: BenchRunFigures = { configLoadedAt: this.configLoadedAt, collectedAt: this.collectedAt, endedAt: Date.now(), tests: this.done };
    writeFileSync(out, JSON.stringify(figures));
  }

  printsToStdio(): boolean {
    return false;
  }
}
