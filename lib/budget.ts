// The harness's own time: a run's budget (--budget, or `budget` in the target file, like
// Schemathesis' --max-time), each test's timeout, and how long a loop of generated cases may go
// on. Running out of it is never the target's failure: a loop stops starting cases and its check
// passes on the cases it checked, saying how many; a test that times out leaves its requirements
// skipped. The timeouts grow with the latency the preflight measured, so a slow but correct bot is
// given the time its requests take.

/** The run's budget, as given: `90s`, `15m`, `1h`, `1500ms`, or seconds. */
export const BUDGET_ENV = 'CONFORMANCE_BUDGET';
/** The run's deadline, epoch ms (set by global setup from the budget). */
export const DEADLINE_ENV = 'CONFORMANCE_DEADLINE';

/** The per-test timeout with a fast target, and how many requests one test's time should fit at the measured latency. */
export const BASE_TEST_TIMEOUT_MS = 60_000;
const REQUESTS_PER_TEST = 300;
/** What a loop of cases leaves of its test's time for the rest of the test. */
const LOOP_RESERVE_SHARE = 0.2;
const LOOP_RESERVE_MIN_MS = 5_000;

/** Milliseconds of a duration text; undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's').toLowerCase() as 'ms' | 's' | 'm' | 'h'];
  const ms = Number(m[1]) * unit;
  return ms > 0 ? Math.round(ms) : undefined;
}

/** The run's deadline from the environment, or undefined when the run has no budget. */
export function runDeadline(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const at = Number(env[DEADLINE_ENV]);
  return Number.isFinite(at) && at > 0 ? at : undefined;
}

/** The least time a test is started with: with less of the budget left, it is skipped instead. */
const TEST_MIN_MS = 1000;

/** Whether the run's budget is spent: a test starting now would have less than its least time. */
export function budgetSpent(now = Date.now(), deadline = runDeadline()): boolean {
  return deadline !== undefined && deadline - now < TEST_MIN_MS;
}

/**
 * A test's timeout: enough for a few hundred requests at the latency the preflight measured, never
 * less than the base; within a budget, no longer than what is left of it.
 */
export function testTimeoutMs(latencyMs: number | undefined, now = Date.now(), deadline = runDeadline()): number {
  const forLatency = Math.max(BASE_TEST_TIMEOUT_MS, Math.round((latencyMs ?? 0) * REQUESTS_PER_TEST));
  return deadline === undefined ? forLatency : Math.max(TEST_MIN_MS, Math.min(forLatency, deadline - now));
}

/** What a test keeps of its time for judging after its longest wait. */
const JUDGING_RESERVE_MS = 10_000;

/** What is left of a test's time (its timeout as it is now), less that reserve: the bound of a wait that costs only a slow target time. */
export const timeLeftMs = (testStartedAt: number, testTimeout: number): number => testTimeout - (Date.now() - testStartedAt) - JUDGING_RESERVE_MS;

/** When a loop of cases in a test must stop starting new ones, and why. */
export function loopDeadline(testStartedAt: number, testTimeout: number, deadline = runDeadline()): { at: number; why: string } {
  const reserve = Math.max(LOOP_RESERVE_MIN_MS, testTimeout * LOOP_RESERVE_SHARE);
  const ownEnd = testStartedAt + testTimeout - reserve;
  // A test whose timeout the budget cut short (testTimeoutMs) ends with the budget: say that.
  if (deadline !== undefined && deadline - reserve <= ownEnd + 1000) return { at: Math.min(deadline - reserve, ownEnd), why: "the run's budget ran out" };
  return { at: ownEnd, why: `the test's time ran out (${Math.round(testTimeout / 1000)} s)` };
}

export interface Coverage {
  checked: number;
  total: number;
  /** Why the loop stopped before the last case. */
  stopped?: string;
}

/** Two loops' coverage as one: the cases added up, each reason for stopping said once. */
export function addCoverage(a: Coverage, b: Coverage): Coverage {
  const stopped = [...new Set([a.stopped, b.stopped].flatMap((s) => (s ? s.split('; ') : [])))].join('; ');
  return { checked: a.checked + b.checked, total: a.total + b.total, ...(stopped ? { stopped } : {}) };
}

/**
 * Runs generated cases in their order, `concurrency` at a time, until all are done, one fails, or
 * the deadline comes (then no case starts; those running finish). A failure is the lowest-numbered
 * failing case, so a seed replays to the same verdict.
 */
export async function runCases<T>(
  cases: readonly T[],
  run: (item: T, index: number) => Promise<void>,
  options: { concurrency: number; until: { at: number; why: string } },
): Promise<Coverage> {
  let next = 0;
  let checked = 0;
  let stopped: string | undefined;
  const failures: { index: number; error: unknown }[] = [];
  const lane = async () => {
    while (next < cases.length && failures.length === 0 && !stopped) {
      if (Date.now() >= options.until.at) {
        stopped = options.until.why;
        break;
      }
      const index = next++;
      try {
        await run(cases[index], index);
        checked += 1;
      } catch (error) {
        failures.push({ index, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, cases.length)) }, lane));
  if (failures.length) throw failures.sort((a, b) => a.index - b.index)[0].error;
  return { checked, total: cases.length, ...(checked < cases.length && stopped ? { stopped } : {}) };
}
