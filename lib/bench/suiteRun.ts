// One benchmarked run of the whole suite against the embedded reference: the project's own
// configuration plus the benchmark reporter (lib/bench/bench.config.ts), the case tally switched
// on, and the process tree's memory and CPU sampled. Returns the raw figures; runFigures.ts reads them.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ConformanceReport } from '../conformanceReport.ts';
import { PROJECT_ROOT, runSuite } from '../runSuite.ts';
import { BENCH_OUT_ENV, BENCH_WAITS_ENV, type BenchRunFigures } from './benchReporter.ts';
import { CASE_TALLY_ENV } from '../caseTally.ts';
import { childrenCpuMs } from './cpu.ts';
import { sampleProcessTree, type CpuSample, type MemoryPeaks } from './processTree.ts';

export interface SuiteRunOptions {
  /** A folder of the benchmark's own; emptied first. */
  dir: string;
  workers: number;
  /** CONFORMANCE_CASES; undefined keeps each spec's default count. */
  cases?: number;
  seed: number;
  /** Playwright's per-test timeout, for runs whose generated tests outgrow the default. */
  testTimeoutMs?: number;
  /** More environment for the run (the reference's variants: a realistic target). */
  env?: NodeJS.ProcessEnv;
  /** The requirement keys whose checks are mandated waits: the timeline keeps their spans. */
  waitKeys?: string[];
}

export interface SuiteRunRaw {
  options: SuiteRunOptions;
  exitCode: number;
  /** Epoch ms when the child was spawned, and its wall time to exit. */
  spawnedAt: number;
  wallMs: number;
  /** CPU time of the whole process tree (user + system). */
  cpuMs: number;
  timeline: BenchRunFigures;
  memory: MemoryPeaks;
  /** The process tree's CPU time, sampled through the run. */
  cpuSamples: CpuSample[];
  /** Requirement counts from conformance.json (a benchmark of a failing run says so). */
  verdicts?: Record<string, number>;
  /** The ids of the requirements the report lists. */
  requirements?: string[];
  /** The run's last lines, when it did not pass. */
  outputTail?: string;
  /** Per API, how the run drove it (pacing included), from conformance.json. */
  driving?: ConformanceReport['driving'];
}

export async function benchSuiteRun(options: SuiteRunOptions): Promise<SuiteRunRaw> {
  rmSync(options.dir, { recursive: true, force: true });
  mkdirSync(options.dir, { recursive: true });
  const timelineFile = join(options.dir, 'timeline.json');
  const env: NodeJS.ProcessEnv = {
    ...options.env,
    CONFORMANCE_WORKERS: String(options.workers),
    CONFORMANCE_SEED: String(options.seed),
    [CASE_TALLY_ENV]: '1',
    [BENCH_OUT_ENV]: timelineFile,
    [BENCH_WAITS_ENV]: (options.waitKeys ?? []).join(','),
    CI: '1',
  };
  if (options.cases !== undefined) env.CONFORMANCE_CASES = String(options.cases);
  const extraArgs = ['--config', join(PROJECT_ROOT, 'lib/bench/bench.config.ts')];
  if (options.testTimeoutMs) extraArgs.push(`--timeout=${options.testTimeoutMs}`);
  const sampling = sampleProcessTree(200);
  const cpuBefore = childrenCpuMs();
  const spawnedAt = Date.now();
  const run = await runSuite({ reportDir: join(options.dir, 'reports'), env, extraArgs });
  const sampled = sampling.stop();
  const totals = run.report?.totals;
  return {
    options,
    exitCode: run.exitCode,
    spawnedAt,
    wallMs: run.elapsedMs,
    cpuMs: childrenCpuMs() - cpuBefore,
    timeline: JSON.parse(readFileSync(timelineFile, 'utf8')) as BenchRunFigures,
    memory: sampled.memory,
    cpuSamples: sampled.cpu,
    verdicts: totals && { passed: totals.passed, failed: totals.failed, skipped: totals.skipped, unobservable: totals.unobservable, untested: totals.untested },
    requirements: run.report?.requirements.map((r) => r.id),
    outputTail: run.exitCode === 0 ? undefined : run.output.split('\n').slice(-30).join('\n'),
    driving: run.report?.driving,
  };
}
