// A Playwright reporter that reads the verdicts recorded by `check` and writes the conformance
// report (lib/conformanceReport.ts): reports/conformance.json, its page (conformance.html) and its
// JUnit (conformance-junit.xml). A shard of a run (--shard) also keeps the report's input in a
// shard record (lib/shards.ts) for the merge. An invocation of many runs (the kill and variant
// checks) gets one report per run in runs.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestError, TestResult } from '@playwright/test/reporter';
import { poolUsesOf } from './consumableFixtures.ts';
import { buildReport, reportDir, type ReportInput, type TestVerdicts } from './conformanceReport.ts';
import { lastPassWithin, LEDGER_ENV, objectsOf, readLedger } from './openapi/ledger.ts';
import { pacers } from './pacing.ts';
import { sinkTally } from './webhookSink.ts';
import { redactDeep, redactSecrets } from './redactSecrets.ts';
import { allRequirements, profileNames } from './registry.ts';
import { summaryLines, writeReportFiles } from './reportFiles.ts';
import { DEFAULT_RUN, proxyRoutePrefix, plannedRuns, resolvedRuns, RUN_ANNOTATION, runSuffix, runsOf, unusableReason, type RunPlan } from './runs.ts';
import { SHARD_RECORD, type Shard, type ShardRecord } from './shards.ts';
import { harnessStop, NOT_OBSERVED, stripAnsi, verdictsOf } from './verdict.ts';
import { apisAsked, profilesOfRun } from './workerShare.ts';
import { apiOfTest, reportTitle } from './apiScope.ts';

const UNTESTED_PREFIX = 'untested:';
/** How long the report waits for the runner's last removals, when the global teardown did not get to them (the run's time limit). */
const LAST_PASS_WAIT_MS = 60_000;

/** Why a run ended before every test ran, by Playwright's status of the run. */
const STOPPED_EARLY: Partial<Record<FullResult['status'], string>> = {
  interrupted: 'the run was interrupted (Ctrl-C, SIGINT or SIGTERM)',
  timedout: 'the run reached its time limit (its budget and a minute, else CONFORMANCE_GLOBAL_TIMEOUT_MS)',
};

interface Collected {
  run: string;
  profile: string;
  verdicts: TestVerdicts;
  /** Set when the test said its API could not be tested at all. */
  untested?: string;
}

export default class ConformanceReporter implements Reporter {
  private readonly latest = new Map<string, { test: TestCase; result: TestResult }>();
  private readonly levels = new Map(allRequirements().map((r) => [r.id, r.level]));
  private readonly plans: RunPlan[] | undefined = plannedRuns();
  private shard: Shard | undefined;
  /** The tests the run selected (a --grep that matches none is a mistake, not a pass). */
  private selected = 0;
  onBegin(config: FullConfig, suite: Suite): void {
    this.shard = config.shard ?? undefined;
    this.selected = suite.allTests().length;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    this.latest.set(test.id, { test, result });
  }

  /** Errors outside every test (a spec that does not load, a global setup or worker fixture that throws): the run itself broke. */
  private readonly runErrors: string[] = [];

  onError(error: TestError): void {
    const message = redactSecrets(stripAnsi(error.message ?? error.value ?? 'an error outside every test'))
      .split('\n')[0]
      .slice(0, 300);
    // A selection that matches no test leaves every requirement untested, which the report says: not a breakage.
    if (!/^Error: No tests found/.test(message)) this.runErrors.push(message);
  }

  private collect(test: TestCase, result: TestResult): Collected {
    const skip = [...result.annotations, ...test.annotations].find((a) => a.type === 'skip')?.description ?? '';
    const profile = apiOfTest(test);
    const run = test.annotations.find((a) => a.type === RUN_ANNOTATION)?.description ?? DEFAULT_RUN;
    const records = verdictsOf(result);
    const title = reportTitle(test.titlePath(), profile).replace(runSuffix(run), '');
    const seen = new Set(records.map((r) => r.id));
    for (const a of [...result.annotations, ...test.annotations]) if (a.type === NOT_OBSERVED) seen.add(`${profile}.${a.description}`);
    const tagged = test.tags.map((t) => `${profile}.${t.replace(/^@/, '')}`).filter((id) => !seen.has(id));
    const mustFailed = records.find((r) => r.status === 'failed' && this.levels.get(r.id) === 'MUST');
    let untested: string | undefined;
    let broken = false;
    if (result.status === 'skipped' && skip.startsWith(UNTESTED_PREFIX)) untested = skip.slice(UNTESTED_PREFIX.length).trim();
    else if (result.status === 'skipped') records.push(...tagged.map((id) => ({ id, status: 'skipped' as const, reason: skip || 'skipped' })));
    else if (result.status !== 'passed') {
      const error = redactSecrets(
        stripAnsi(result.errors.map((e) => e.message ?? '').join('\n'))
          .split('\n')
          .slice(0, 6)
          .join('\n') || result.status,
      );
      // A test the harness stopped is not the target's failure.
      const stopped = harnessStop(result.status, error);
      // A check failed first and ended the test; or the harness stopped it; or it broke outside every check.
      const reason = mustFailed
        ? `not reached: the test stopped at the failure of ${mustFailed.id}`
        : stopped
          ? `not checked: ${stopped} before this check (${error})`
          : `not checked: the test stopped outside its checks: ${error}`;
      records.push(...tagged.map((id) => ({ id, status: 'skipped' as const, reason })));
      broken = !mustFailed && !stopped;
    }
    const pools = poolUsesOf(result.attachments).map((u) => ({ ...u, api: profile }));
    return { run, profile, untested, verdicts: { id: test.id, title, records, broken, ...(pools.length ? { pools } : {}) } };
  }

  /** What each run's report is built from: its target, its profiles' catalogs, its tests, and why it stopped early. */
  private inputs(stoppedEarly: string | undefined): Map<string, ReportInput> {
    const resolved = resolvedRuns() ?? {};
    const collected = [...this.latest.values()].map(({ test, result }) => this.collect(test, result));
    // Read after the runner's last pass (onEnd): what the run created, and what became of it.
    const ledger = readLedger(process.env[LEDGER_ENV]);
    const runs = this.plans
      ? this.plans.map((p) => ({ name: p.name, profiles: profileNames().filter((x) => runsOf([p], x).length) }))
      : [
          {
            name: DEFAULT_RUN,
            profiles: profilesOfRun(profileNames(), process.env.CONFORMANCE_TARGET ? Object.keys(resolved[DEFAULT_RUN]?.apis ?? {}) : undefined, apisAsked()),
          },
        ];
    // One sink serves every run of a kill check, and one selection: they are a run's own only when there is one run.
    const webhook = this.plans ? undefined : { ...sinkTally, listens: [...sinkTally.listens] };
    const selected = this.plans ? undefined : this.selected;
    return new Map(
      runs.map(({ name, profiles }) => {
        const mine = collected.filter((c) => c.run === name);
        const untestedBecause = new Map(mine.flatMap((c) => (c.untested ? [[c.profile, c.untested] as const] : [])));
        // An API the preflight found unusable has no test of its own to say so (the global setup left them out).
        for (const [profile, why] of Object.entries(resolved[name]?.unreachable ?? {}))
          if (!untestedBecause.has(profile)) untestedBecause.set(profile, unusableReason(why));
        const prefix = name === DEFAULT_RUN ? '' : proxyRoutePrefix(this.plans!.findIndex((p) => p.name === name));
        const pacing = Object.fromEntries(profiles.flatMap((p) => (pacers.get(prefix + p) ? [[p, pacers.get(prefix + p)!.stats] as const] : [])));
        // The run's own errors count against every run's gate, as a test that broke outside every check.
        const broken = this.runErrors.map((message, i) => ({ id: `run-error-${i}`, title: `the run itself: ${message}`, records: [], broken: true }));
        const objects = Object.fromEntries(profiles.map((p) => [p, objectsOf(ledger, name, p)] as const).filter(([, list]) => list.length));
        const tests = [...mine.map((c) => c.verdicts), ...broken];
        return [
          name,
          {
            target: resolved[name],
            profiles,
            tests,
            untestedBecause,
            pacing,
            objects,
            stoppedEarly,
            webhook,
            collected: selected,
          },
        ];
      }),
    );
  }

  async onEnd(result: FullResult): Promise<void> {
    // What the run created is removed before the report says what is left: at its time limit the global teardown did not get to it.
    const removed = await lastPassWithin(LAST_PASS_WAIT_MS).catch((err: unknown) => {
      console.error(`conformance: the runner's last removals failed: ${redactSecrets(String(err))}`);
      return true;
    });
    if (!removed)
      console.error(
        `conformance: the runner's last removals were still running after ${LAST_PASS_WAIT_MS / 1000} s; the report lists what they had not removed by then`,
      );
    const stoppedEarly = STOPPED_EARLY[result.status];
    // Interrupted, the run is no verdict: its gate fails, as for any error of the run itself (its time limit is the harness's, not the target's).
    if (result.status === 'interrupted') this.runErrors.push(stoppedEarly!);
    const inputs = this.inputs(stoppedEarly);
    const dir = reportDir();
    mkdirSync(dir, { recursive: true });
    if (this.plans) {
      const reports = [...inputs].map(([name, input]) => [name, redactDeep(buildReport(input))]);
      writeFileSync(join(dir, 'runs.json'), JSON.stringify(Object.fromEntries(reports), null, 2));
      console.log(`\nconformance: ${reports.length} runs reported in ${join(dir, 'runs.json')}`);
      return;
    }
    const input = inputs.get(DEFAULT_RUN)!;
    const report = redactDeep(buildReport(input));
    writeReportFiles(dir, report);
    console.log(`\n${summaryLines(report, dir).join('\n')}`);
    if (!this.shard) return;
    const record: ShardRecord = {
      shard: this.shard,
      ...input,
      untestedBecause: Object.fromEntries(input.untestedBecause),
    };
    writeFileSync(join(dir, SHARD_RECORD), JSON.stringify(redactDeep(record)));
    console.log(`  shard ${this.shard.current}/${this.shard.total}: this part of the run only; \`merge\` builds the whole report once every shard ran`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
