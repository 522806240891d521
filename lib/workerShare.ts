// How a run's workers are shared among its APIs. Against the embedded reference one pool serves
// every API (playwright.config.ts). Against a deployment each API is a project: Playwright takes the
// projects one after another when nothing limits them, so one API's rate limit or slow bot would
// hold every worker while the others wait. With more than one API in the run, each takes two
// workers (one may sit in a mandated wait while the other sends), or its even share when there
// are workers enough for more, and never more than half. With half each, the APIs listed last
// waited for the first two to end: at 8 workers against a rate-limited deployment, edna and Lia
// started 37 s into a 59 s run (npm run bench, realistic target). A run of one API keeps every
// worker.
import { availableParallelism, getPriority, setPriority } from 'node:os';
import { escapeRegExp } from './escapeRegExp.ts';
import { RUNS_ENV } from './runs.ts';

/**
 * The run's workers unless CONFORMANCE_WORKERS says: against the embedded reference its tests use
 * the cores, so one per core, two to four (a container may see every core of its host); against a
 * deployment they mostly wait on the network, so four. npm run bench, 2 cores: the
 * embedded default took 10.2 s with two workers and 12.7 s with three; the realistic target
 * (150–400 ms answers, 25 requests/s) 69.2 s with two, 50.7 s with four, 51.5–54.2 s with eight.
 */
export function defaultWorkers(deployment: boolean, cores = availableParallelism()): number {
  return deployment ? 4 : Math.min(4, Math.max(2, cores));
}

/**
 * The APIs a run is asked for by name (the CLI's `--api`), in the environment: the runner and its
 * workers load the config, and must declare the same tests (an API asked for without a section of
 * the target file has its tests, reported untested).
 */
export const APIS_ASKED_ENV = 'CONFORMANCE_APIS';

/** The APIs asked for (APIS_ASKED_ENV, comma-separated); undefined when none is. */
export function apisAsked(env: NodeJS.ProcessEnv = process.env): Set<string> | undefined {
  const names = env[APIS_ASKED_ENV]?.split(',').filter(Boolean);
  return names?.length ? new Set(names) : undefined;
}

/**
 * The profiles a run is about, of `all` (registry order): those the target file declares (every one
 * without a file), or asked for by name even without a section (to be reported untested, saying
 * why); narrowed to those asked for. Its projects collect their tests, and its report lists them.
 */
export function profilesOfRun(all: readonly string[], sections: readonly string[] | undefined, asked: ReadonlySet<string> | undefined): string[] {
  return all.filter((p) => (!sections || sections.includes(p) || asked?.has(p)) && (!asked || asked.has(p)));
}

/** The most workers one project may take: undefined (all of them) unless several projects share the run. */
export function workersPerProject(workers: number, projects: number): number | undefined {
  return projects > 1 ? Math.min(Math.ceil(workers / 2), Math.max(2, Math.ceil(workers / projects))) : undefined;
}

// A test that waits a mandated interval (a webhook retry window, a long poll held open) holds its
// Playwright worker for it without using a core. Such tests of an API (its adapter's
// waitingRequirements) run on workers of their own, dispatched first, added to the run's workers:
// the others keep the cores busy meanwhile. At 2 workers, with the waits on the same workers, the
// cores sat idle for every one of the 16.7 s of waits while tests were queued (npm run bench).

/**
 * Workers for an API's waiting tests: one, since an API's waits are observed at once in one test
 * (the Chat API's specs/chat-api/waits.spec.ts). npm run bench, 2 cores: with each wait a test of
 * its own on two workers per API, the run's first test started 0.4-0.6 s later, every worker
 * starting at once on busy cores.
 */
export const WAITING_WORKERS = 1;

/** A CONFORMANCE_WAITING_WORKERS that is not a whole number of workers. */
export class WaitingWorkersError extends Error {}

/**
 * Workers for each API's waiting tests: CONFORMANCE_WAITING_WORKERS, else WAITING_WORKERS. 0 gives
 * them none of their own (a machine short of memory: each worker holds 150–250 MiB).
 */
export function waitingWorkers(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.CONFORMANCE_WAITING_WORKERS;
  if (text === undefined || text === '') return WAITING_WORKERS;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0)
    throw new WaitingWorkersError(`CONFORMANCE_WAITING_WORKERS must be a whole number of workers (0: none of their own), not ${JSON.stringify(text)}`);
  return n;
}

/**
 * Whether a run's tests other than the waiting ones are dispatched a file at a time
 * (playwright.config.ts): against the embedded reference, with lanes for the waiting tests. A
 * dispatch of its own per test costs the worker a round trip to the runner (docs/bench.md item 24);
 * against a deployment, in a kill or variant check, or with no lanes, each test is one.
 */
export function dispatchedByFile(env: NodeJS.ProcessEnv = process.env): boolean {
  return !env.CONFORMANCE_TARGET && !env[RUNS_ENV] && waitingWorkers(env) > 0;
}

/** The project of the run's pool of workers against the embedded reference (playwright.config.ts). */
export const POOL_PROJECT = 'conformance';

/**
 * How much lower the pool's workers run than the runner. Against the embedded reference the runner
 * serves every worker's requests (the secret proxy, the references, the sink, the pace): a worker
 * that keeps a core from it stalls the others on their answers. Nine interleaved pairs of the
 * default run: cores idle while a test waited 667-825 ms (mean 730) against 706-923 ms (mean 833),
 * the same wall and CPU (docs/bench.md item 29). Within a run's own cgroup, as on a CI runner, it
 * shares the cores among the run's processes only; on a shared host it also yields to other work.
 */
export const POOL_NICENESS = 5;

/** Whether a worker of this project yields the cores to its runner: the pool's, where the embedded run has lanes. The waiting workers keep their timers punctual. */
export function yieldsToRunner(project: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return project === POOL_PROJECT && dispatchedByFile(env);
}

/** Lowers this process's priority by POOL_NICENESS (a process may always lower its own); where it cannot, it runs as it is. */
export function yieldToRunner(): void {
  try {
    setPriority(Math.min(19, getPriority() + POOL_NICENESS));
  } catch {
    // not permitted here: the run is as before
  }
}

/**
 * The order in which the APIs' other tests are dispatched: those of an API with a lane of many
 * requests (`bulk`) last. Against a rate-limited deployment that lane alone keeps the API's pace
 * busy, so its other tests lose nothing by waiting for a worker, while the APIs without one start
 * at once (npm run bench, realistic target: Lia started 14 s in, 42 s of a 46 s run; 5 s in, 34 s).
 */
export function dispatchOrder<T extends { bulk?: unknown }>(apis: readonly T[]): T[] {
  return [...apis.filter((a) => !a.bulk), ...apis.filter((a) => a.bulk)];
}

/** The Playwright grep of the tests tagged with one of `requirements` (whole tags: @a.b, not @a.b-c); undefined for none. */
export function taggedTests(requirements: readonly string[]): RegExp | undefined {
  return requirements.length ? new RegExp(`@(?:${requirements.map(escapeRegExp).join('|')})(?![\\w.-])`) : undefined;
}

/** The Playwright workers option given on the command line (`--workers=4`, `-j 4`, `-j4`, `--workers 50%`); undefined when none is. */
export function workersAsked(argv: readonly string[]): string | undefined {
  const i = argv.reduce((last, arg, at) => (arg === '--workers' || arg.startsWith('--workers=') || arg.startsWith('-j') ? at : last), -1);
  if (i === -1) return undefined;
  const arg = argv[i];
  if (arg === '-j' || arg === '--workers') return argv[i + 1];
  return arg.startsWith('-j') ? arg.slice(arg.startsWith('-j=') ? 3 : 2) : arg.slice('--workers='.length);
}
