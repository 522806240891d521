import { defineConfig, type ReporterDescription } from '@playwright/test';
import { join } from 'node:path';
import { BASE_TEST_TIMEOUT_MS, BUDGET_ENV, parseDuration } from './lib/budget.ts';
import { reportDir } from './lib/conformanceReport.ts';
import { adapterOf, profileNames, useAdapters } from './lib/registry.ts';
import { plannedRuns, runSuffix, runsOf } from './lib/runs.ts';
import { escapeRegExp } from './lib/escapeRegExp.ts';
import { BLOB_FOLDER, blobFileName, parseShard, SHARD_ENV, ShardError, type Shard } from './lib/shards.ts';
import { targetOutline, TargetError } from './lib/target.ts';
import { apiGrep, specFolders, useRunProfiles } from './lib/apiScope.ts';
import {
  apisAsked,
  defaultWorkers,
  dispatchedByFile,
  dispatchOrder,
  POOL_PROJECT,
  profilesOfRun,
  taggedTests,
  waitingWorkers,
  WaitingWorkersError,
  workersAsked,
  workersPerProject,
} from './lib/workerShare.ts';
import { runAdapters } from './specs/registry.ts';

// One seed for the whole run: the runner picks it, workers inherit it, and the reports show it. Set before the
// adapters are derived: the target file's OpenAPI sections are derived once per process, for one
// environment, and the global setup asks again after this file.
process.env.CONFORMANCE_SEED ??= String(Date.now() % 2 ** 31);

// The APIs this run knows: one adapter each (specs/registry.ts; the target file's openapi sections
// among them). Workers load this file too. A bad target file (or shard) stops the run here, before
// any test starts, with one message naming the field.
let shard: Shard | undefined;
let fileBudget: string | undefined;
/** The APIs the target file has a section for (every one for the embedded default). */
let sections: string[] | undefined;
let waitingPerApi = 0;
try {
  // A command line that sets the workers gets that many (Playwright starts no more): none for the waits alone.
  // Said in the environment, which the workers inherit (they load this file without the command line).
  if (workersAsked(process.argv)) process.env.CONFORMANCE_WAITING_WORKERS = '0';
  waitingPerApi = waitingWorkers();
  useAdapters(await runAdapters());
  if (process.env.CONFORMANCE_TARGET) {
    ({ budget: fileBudget, sections } = targetOutline(process.env.CONFORMANCE_TARGET));
  }
  if (process.env[SHARD_ENV]) shard = parseShard(process.env[SHARD_ENV]);
} catch (err) {
  if (!(err instanceof TargetError || err instanceof ShardError || err instanceof WaitingWorkersError)) throw err;
  console.error(`conformance: ${err.message}`);
  process.exit(2);
}

const reports = reportDir();
const budgetText = process.env[BUDGET_ENV] ?? fileBudget;
const budgetMs = budgetText === undefined ? undefined : parseDuration(budgetText);

// The waiting tests, and against a deployment the tests of many requests, have workers of their own besides these (below).
/** A run against a deployment (a target file), not the embedded reference: its tests wait on the network, not the cores. */
const deployment = Boolean(process.env.CONFORMANCE_TARGET);
const WORKERS = Number(process.env.CONFORMANCE_WORKERS ?? defaultWorkers(deployment));

// A kill or variant check: many runs, each test declared once per run (fixtures/perRun.ts).
const plans = plannedRuns();
// Only the APIs the target file declares have tests: the report lists the others' requirements as untested without a
// test of theirs being loaded, those asked for by name with the reason (the file has no section for them).
const ofRun = profilesOfRun(profileNames(), sections, apisAsked()).filter((profile) => !sections || sections.includes(profile));
const declared = plans ? profileNames().filter((profile) => runsOf(plans, profile).length > 0) : ofRun;
useRunProfiles(declared);
/** Whether some tests get workers of their own: not in a kill or variant check, nor when told none (lib/workerShare.ts). */
const ownWorkers = !plans && waitingPerApi > 0;
const collected = declared.map((profile) => ({
  profile,
  runs:
    plans &&
    `(?:${runsOf(plans, profile)
      .map((r) => escapeRegExp(runSuffix(r.name)))
      .join('|')})`,
  // Its tests that wait a mandated interval, and against a deployment those of many requests, get workers of their own (below).
  waiting: ownWorkers ? taggedTests(adapterOf(profile).waitingRequirements ?? [])?.source : undefined,
  bulk: ownWorkers && deployment ? taggedTests(adapterOf(profile).bulkRequirements ?? [])?.source : undefined,
}));
type Collected = (typeof collected)[number];
const everySpecDir = profileNames().map((p) => adapterOf(p).specDir);
/** A project of these profiles' tests of a lane: their tests of many requests, their waiting tests (but those), or the rest. */
const projectOf = (name: string, of: Collected[], lane: 'bulk' | 'waiting' | 'rest') => {
  const alternatives = of.map(({ profile, runs, waiting, bulk }) => {
    const only = lane === 'bulk' ? bulk : lane === 'waiting' ? waiting : undefined;
    const besides = lane === 'bulk' ? [] : lane === 'waiting' ? [bulk] : [waiting, bulk];
    const ahead = [apiGrep(profile), runs, only].filter((g) => g).map((g) => `(?=.*${g})`);
    return `^${ahead.join('')}${besides.map((g) => (g ? `(?!.*${g})` : '')).join('')}`;
  });
  const own = [...new Set(of.map((c) => adapterOf(c.profile).specDir))];
  return { name, ...specFolders(everySpecDir, own), grep: new RegExp(alternatives.join('|')) };
};
const lanes = collected.filter((c) => c.waiting);
const bulkLanes = collected.filter((c) => c.bulk);
const perProject = workersPerProject(WORKERS, collected.length);
const projects = deployment
  ? // Against a deployment an API's rate limit or slow bot must not hold every worker: a project per API, each its
    // share (lib/workerShare.ts). Playwright dispatches in the order of the projects: the tests of many requests first (the
    // longest, their length the target's pace); then the waiting tests, at once; then the rest, the APIs without tests of
    // many requests first (dispatchOrder).
    [
      ...bulkLanes.map((c) => ({ ...projectOf(c.profile, [c], 'bulk'), workers: 1 })),
      ...lanes.map((c) => ({ ...projectOf(c.profile, [c], 'waiting'), workers: waitingPerApi })),
      ...dispatchOrder(collected).map((c) => ({ ...projectOf(c.profile, [c], 'rest'), ...(perProject ? { workers: perProject } : {}) })),
    ]
  : // Against the embedded reference (and in a kill or variant check) the tests use the cores: one pool of workers for
    // every API, where a project per API started a worker anew for each API a worker moved to; the waiting tests on
    // workers of their own, dispatched first. Capped: a slot a waiting worker leaves would start one more worker on
    // cores already busy. With the waiting tests on those, each file's other tests are dispatched at once: a test
    // dispatched alone costs a round trip to the runner and its file's suite bound anew, 6-12 ms of a worker for each
    // of two hundred tests. Else (workers set on the command line, a kill or variant check, whose files hold each test
    // once per run) the waiting tests, and the runs, must spread over every worker.
    [
      ...(lanes.length ? [{ ...projectOf('waiting', lanes, 'waiting'), workers: waitingPerApi * lanes.length }] : []),
      ...(collected.length ? [{ ...projectOf(POOL_PROJECT, collected, 'rest'), workers: WORKERS, fullyParallel: !dispatchedByFile() }] : []),
    ];

// A run of many targets reports per run (runs.json); the per-test reports would list every repetition.
// A shard keeps Playwright's blob report instead: the merge of the shards makes the HTML and JUnit.
const perTestReporters: ReporterDescription[] = plans
  ? []
  : shard
    ? [['blob', { outputDir: join(reports, BLOB_FOLDER), fileName: blobFileName(shard) }]]
    : [
        ['html', { outputFolder: join(reports, 'html'), open: 'never' }],
        ['junit', { outputFile: join(reports, 'junit.xml') }],
      ];

// Progress by requirement (lib/progressReporter.ts) unless CONFORMANCE_VERBOSE asks for Playwright's line per test.
const consoleReporter: ReporterDescription = plans ? ['dot'] : process.env.CONFORMANCE_VERBOSE ? ['list'] : ['./lib/progressReporter.ts'];

export default defineConfig({
  globalSetup: './fixtures/globalSetup.ts',
  outputDir: join(reports, 'test-results'),
  fullyParallel: true,
  workers: WORKERS + waitingPerApi * lanes.length + bulkLanes.length,
  // Each test's own timeout grows with the latency the preflight measured (fixtures/conformance.ts).
  timeout: BASE_TEST_TIMEOUT_MS,
  // The last bound on a run: its budget and a minute for the tests running when it ends; else an hour, unless set.
  globalTimeout: budgetMs ? budgetMs + 60_000 : Number(process.env.CONFORMANCE_GLOBAL_TIMEOUT_MS ?? 60 * 60_000),
  forbidOnly: true,
  ...(shard ? { shard } : {}),
  // First: a test that failed a MUST check is marked failed again before any other reporter sees it (lib/failedChecks.ts).
  // Then the head starts: the longest observations' first requests go as soon as the tests are known (lib/headStart.ts).
  reporter: [['./lib/failedChecks.ts'], ['./lib/headStart.ts'], consoleReporter, ...perTestReporters, ['./lib/conformanceReporter.ts']],
  projects,
});
