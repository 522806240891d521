import { defineConfig, type ReporterDescription } from '@playwright/test';
import { join } from 'node:path';
import { BASE_TEST_TIMEOUT_MS, BUDGET_ENV, parseDuration } from './lib/budget.ts';
import { reportDir } from './lib/conformanceReport.ts';
import { adapterOf, profileNames, useAdapters } from './lib/registry.ts';
import { plannedRuns, runSuffix, runsOf } from './lib/runs.ts';
import { escapeRegExp } from './lib/escapeRegExp.ts';
import { BLOB_FOLDER, blobFileName, parseShard, SHARD_ENV, ShardError, type Shard } from './lib/shards.ts';
import { targetOutline, TargetError } from './lib/target.ts';
import {
  defaultWorkers,
  dispatchOrder,
  profilesOfRun,
  PROJECTS_ASKED_ENV,
  projectsAsked,
  spareWorkers,
  taggedTests,
  waitingWorkers,
  WaitingWorkersError,
  workersAsked,
  workersPerProject,
} from './lib/workerShare.ts';
import type { ConformanceWorkerFixtures } from './fixtures/conformance.ts';
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

// A kill or variant check: many runs, each test declared once per run (fixtures/perRun.ts), and
// one project per profile keeping the tests of that profile's runs.
const plans = plannedRuns();
const asked = projectsAsked(process.argv);
// Its workers inherit the environment, not the command line.
if (asked) process.env[PROJECTS_ASKED_ENV] = [...asked].join(',');
const ofRun = profilesOfRun(profileNames(), sections, asked);
/** Whether some tests get workers of their own: not in a kill or variant check, nor when told none (lib/workerShare.ts). */
const ownWorkers = !plans && waitingPerApi > 0;
// Only the APIs the target file declares are collected (or asked for by name, to be reported untested with the reason):
// the report lists the others' requirements as untested without a test of theirs being loaded.
const collected = profileNames()
  .filter((profile) => plans || ofRun.includes(profile))
  .map((profile) => ({ profile, runs: plans ? runsOf(plans, profile).map((r) => escapeRegExp(runSuffix(r.name))) : undefined }))
  .filter(({ runs }) => !runs || runs.length > 0)
  .map(({ profile, runs }) => ({
    profile,
    greps: [runs && `(?:${runs.join('|')})`, adapterOf(profile).testsOf?.(profile).source].filter((g): g is string => !!g),
    // Its tests that wait a mandated interval, and against a deployment those of many requests, get workers of their own (below).
    waiting: ownWorkers ? taggedTests(adapterOf(profile).waitingRequirements ?? []) : undefined,
    bulk: ownWorkers && deployment ? taggedTests(adapterOf(profile).bulkRequirements ?? []) : undefined,
  }));
// Several APIs share the workers: two each, or their even share, never more than half (lib/workerShare.ts).
const perProject = workersPerProject(WORKERS, collected.length);
/** A worker more when the APIs outnumber the workers, so that one restarting for another API leaves the cores busy. */
const spare = ownWorkers ? spareWorkers(WORKERS, collected.length, deployment) : 0;
// Every filter must match: the runs of the profile, and its own tests of a shared spec folder.
const grepOf = (greps: string[]) => (greps.length ? { grep: new RegExp(greps.map((g) => `(?=.*${g})`).join('')) } : {});
/** A project of the profile's tests that `only` matches (all of them without it) and none of `besides` does. */
const projectOf = ({ profile, greps }: (typeof collected)[number], only: RegExp | undefined, besides: (RegExp | undefined)[]) => {
  const invert = besides.filter((t): t is RegExp => !!t);
  return {
    name: profile,
    testDir: adapterOf(profile).specDir,
    use: { apiName: profile },
    ...grepOf(only ? [...greps, only.source] : greps),
    ...(invert.length ? { grepInvert: invert } : {}),
  };
};
const lanes = collected.filter((c) => c.waiting);
const bulkLanes = collected.filter((c) => c.bulk);
// Playwright dispatches in the order of the projects: against a deployment, the tests of many
// requests first (the longest, their length the target's pace); then the waiting tests, at once;
// then the rest, the APIs without tests of many requests first (dispatchOrder). Against the
// embedded reference the tests of many requests take a second or two and a worker of their own
// costs a start on busy cores: they stay with the rest.
const projects = [
  ...bulkLanes.map((c) => ({ ...projectOf(c, c.bulk, []), workers: 1 })),
  ...lanes.map((c) => ({ ...projectOf(c, c.waiting, [c.bulk]), workers: waitingPerApi })),
  ...dispatchOrder(collected).map((c) => ({
    ...projectOf(c, undefined, [c.waiting, c.bulk]),
    ...(perProject ? { workers: perProject } : {}),
  })),
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

export default defineConfig<{}, Pick<ConformanceWorkerFixtures, 'apiName'>>({
  globalSetup: './fixtures/globalSetup.ts',
  outputDir: join(reports, 'test-results'),
  fullyParallel: true,
  workers: WORKERS + spare + waitingPerApi * lanes.length + bulkLanes.length,
  // Each test's own timeout grows with the latency the preflight measured (fixtures/conformance.ts).
  timeout: BASE_TEST_TIMEOUT_MS,
  // The last bound on a run: its budget and a minute for the tests running when it ends; else an hour, unless set.
  globalTimeout: budgetMs ? budgetMs + 60_000 : Number(process.env.CONFORMANCE_GLOBAL_TIMEOUT_MS ?? 60 * 60_000),
  forbidOnly: true,
  ...(shard ? { shard } : {}),
  reporter: [consoleReporter, ...perTestReporters, ['./lib/conformanceReporter.ts']],
  projects,
});
