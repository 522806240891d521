// npm run bench — time to verdict. Runs the whole suite against the embedded reference with 1 and
// 2 workers, sets the wall time against the floor (the waits the documents and the reference's
// declared timings make unavoidable), shows how time and memory grow with the number of generated
// cases, and compares raw and checked request throughput. Prints the figures and writes them to
// reports/bench.json (or $CONFORMANCE_REPORT_DIR/bench.json). See docs/bench.md.
//   BENCH_WORKERS=1,2          worker counts of the default-count runs
//   BENCH_CASES=25,100,400     CONFORMANCE_CASES of the scaling runs (2 workers); empty: none
//   BENCH_REQUESTS=1000        requests per throughput loop
//   BENCH_SEED=<n>             CONFORMANCE_SEED of every run (default: fixed, so runs compare)
//   BENCH_REALISTIC_WORKERS=4  workers of the run against the reference behind latency and a rate limit (a target file's default); 0: none
//   BENCH_NPM_TEST=1           also time `npm test` (minutes)
// Each goal is a ratio to, or a difference from, a floor measured in the same run (the mandated
// waits, Playwright's own start, raw requests), so that it holds on a loaded machine; the
// machine's own speed is printed beside them.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { describeDriving, reportDir } from '../lib/conformanceReport.ts';
import { chainMs, floorOf, independentChains, type Floor } from '../lib/bench/floor.ts';
import { defaultWorkers, waitingWorkers } from '../lib/workerShare.ts';
import { referenceWaitChains } from '../lib/bench/referenceFloor.ts';
import { runFigures, type RunFigures } from '../lib/bench/runFigures.ts';
import { linearFit } from '../lib/bench/scaling.ts';
import { loadNow as load, machineSpeed } from '../lib/bench/machine.ts';
import { runOpenApiSection, SECTION } from '../lib/bench/openapiSection.ts';
import { playwrightStart, type PlaywrightStart } from '../lib/bench/playwrightStart.ts';
import { PROJECT_ROOT } from '../lib/runSuite.ts';
import { benchSuiteRun } from '../lib/bench/suiteRun.ts';
import { measureThroughput } from '../lib/bench/throughput.ts';
import { startReferenceProcess } from '../lib/referenceProcess.ts';
import { useAdapters } from '../lib/registry.ts';
import { RATE_LIMIT_PER_SECOND, SLOW_ANSWER_MS } from '../reference/variants.ts';
import { runAdapters } from '../specs/registry.ts';

useAdapters(await runAdapters());

const list = (value: string | undefined, fallback: number[]) =>
  value === undefined
    ? fallback
    : value
        .split(',')
        .filter(Boolean)
        .map(Number)
        .filter((n) => Number.isInteger(n) && n > 0);
const WORKERS = list(process.env.BENCH_WORKERS, [1, 2]);
const SCALE_CASES = list(process.env.BENCH_CASES, [25, 100, 400]);
const REQUESTS = Number(process.env.BENCH_REQUESTS) || 1000;
/** Workers of the realistic-target run (0: none): what a run of a target file starts unless told. */
const REALISTIC_WORKERS = Number(process.env.BENCH_REALISTIC_WORKERS ?? defaultWorkers(true));
const REALISTIC_VARIANTS = 'slow-answers,rate-limited';
const SEED = Number(process.env.BENCH_SEED) || 20240601;
/** Generated tests outgrow Playwright's 60 s test timeout at large case counts; the scaling runs lift it. */
const SCALING_TEST_TIMEOUT_MS = 30 * 60_000;

const reports = resolve(reportDir());
const runsDir = join(reports, 'bench-runs');
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

type Run = RunFigures & { loadBefore: number[]; loadAfter: number[] };

async function run(label: string, workers: number, cases: number | undefined, waitKeys: string[], env?: NodeJS.ProcessEnv): Promise<Run> {
  process.stdout.write(`  running ${label} ... `);
  const loadBefore = load();
  const raw = await benchSuiteRun({
    dir: join(runsDir, label),
    workers,
    cases,
    seed: SEED,
    testTimeoutMs: cases ? SCALING_TEST_TIMEOUT_MS : undefined,
    env,
    waitKeys,
  });
  const figures = { ...runFigures(raw, waitKeys, cpus().length), loadBefore, loadAfter: load() };
  console.log(`${s(figures.wallMs)}${raw.exitCode === 0 ? '' : ` (exit code ${raw.exitCode}: the suite did not pass)`}`);
  if (raw.outputTail) console.log(raw.outputTail);
  return figures;
}

const machine = machineSpeed();
console.log(
  `time to verdict — ${machine.cpus} CPUs, load average ${machine.load.join(' ')}, SHA-256 of 64 MiB in ${machine.sha256Ms} ms, a fresh Node loading playwright-core's bundle ${machine.moduleLoadMs} CPU-ms, seed ${SEED}`,
);
/** Playwright's own start, measured just before the run it is set against (the load drifts). */
async function bareStart(): Promise<PlaywrightStart> {
  const bare = await playwrightStart();
  console.log(`  Playwright's own start (an empty run): ${s(bare.toFirstTestMs)} to its test, of which a worker's start ${s(bare.workerStartMs)}`);
  return bare;
}
console.log();

// The floor.
const chains = await referenceWaitChains();
const waitKeys = [...new Set(chains.flatMap((c) => c.waits.map((w) => w.requirement)))];
// Every run's floor: the waits run on workers of their own, whatever the run's workers.
const WAITING_WORKERS = waitingWorkers();
if (!WAITING_WORKERS) throw new Error('npm run bench measures the waiting tests on workers of their own: unset CONFORMANCE_WAITING_WORKERS=0');
const floor: Floor = floorOf(chains, WAITING_WORKERS);
const documentFloor: Floor = floorOf(independentChains(chains), Infinity);
console.log('mandated waits (declared timings of the embedded reference):');
for (const c of chains)
  console.log(`  ${c.api.padEnd(15)} ${String(chainMs(c)).padStart(5)} ms  ${c.waits.map((w) => `${w.requirement}: ${w.what}`).join('; then ')}`);
console.log(
  `  floor: ${s(floor.floorMs)} (longest chain ${s(floor.longestChainMs)}; the most of one API ${s(floor.mostOfOneApiMs)}, a test's observations at once, over its ${WAITING_WORKERS} waiting worker${WAITING_WORKERS > 1 ? 's' : ''}; all waits ${s(floor.totalWaitMs)}); every independent observation at once: ${s(documentFloor.floorMs)}`,
);

// The default-count runs.
console.log('\nwhole suite, default case counts:');
const bare = await bareStart();
const runs: Run[] = [];
for (const w of WORKERS) runs.push(await run(`default-${w}w`, w, undefined, waitKeys));
for (const r of runs) {
  console.log(
    `\n  ${r.workers} worker${r.workers > 1 ? 's' : ''} (and ${WAITING_WORKERS} per API for its waiting tests): wall ${s(r.wallMs)}, floor ${s(floor.floorMs)}, wall/floor ${(r.wallMs / floor.floorMs).toFixed(1)}; CPU ${s(r.cpuMs)}  (load ${r.loadBefore[0]} → ${r.loadAfter[0]})`,
  );
  console.log(
    `    ${r.tests} tests, ${r.requests} requests, ${r.generatedCases} generated cases sent (${r.generatedDrawn} drawn), verdicts ${JSON.stringify(r.verdicts)}`,
  );
  console.log(
    `    mandated waits: ${s(r.waits.totalMs)} (${Object.entries(r.waits.byRequirement)
      .map(([k, ms]) => `${k} ${ms}`)
      .join(', ')} ms)`,
  );
  const phases = r.wall.phases.map((p) => `${p.api} ${s(p.lastEndMs - p.firstStartMs)}`).join(', ');
  console.log(
    `    wall: start ${s(r.wall.configMs)} + global setup and collection ${s(r.wall.collectMs)} + workers' start ${s(r.wall.firstTestMs)}; phases ${phases}; between phases ${s(r.wall.gapsMs)}; end ${s(r.wall.tailMs)}`,
  );
  const wt = r.workerTime;
  console.log(
    `    worker time ${s(wt.testsMs)}: fixtures ${s(wt.hooksMs)}, mandated waits ${s(wt.mandatedWaitMs)} (those of a test at once counted once), requests ${s(wt.requestsMs)}, checks and the rest ${s(wt.otherMs)}; cores idle while a test waited and others were queued ${r.coresIdleWhileWaitingMs === undefined ? 'not sampled' : s(r.coresIdleWhileWaitingMs)} (no test working on them, worker starts among them: ${s(r.idleWhileWaitingMs)})`,
  );
  console.log(`    peak memory: all processes ${r.memory.treeMiB} MiB, runner ${r.memory.runnerMiB} MiB, largest worker ${r.memory.workerMiB} MiB`);
}

// A realistic target: the reference behind a deployment's latency and rate limit.
let realistic: (Run & { floorMs: number; requestFloorMs: number }) | undefined;
if (REALISTIC_WORKERS) {
  console.log(
    `\nrealistic target (${REALISTIC_VARIANTS}: answers in ${SLOW_ANSWER_MS.join('-')} ms, ${RATE_LIMIT_PER_SECOND} requests/s per API), default counts, ${REALISTIC_WORKERS} workers:`,
  );
  // A deployment: the reference in a process of its own, the harness pointed at it by a target file.
  const deployment = await startReferenceProcess({ variants: REALISTIC_VARIANTS, webhook: true });
  let r: Run;
  try {
    r = await run('realistic', REALISTIC_WORKERS, undefined, waitKeys, { CONFORMANCE_TARGET: deployment.file });
  } finally {
    deployment.stop();
  }
  // The requests each API answered, at the limit's pace, whichever API is slowest; or the longest chain of waits.
  const answered = Object.values(r.driving ?? {}).map((d) => (d.pacing ? d.pacing.sent - d.pacing.throttled : 0));
  const requestFloorMs = (Math.max(0, ...answered) / RATE_LIMIT_PER_SECOND) * 1000;
  const floorMs = Math.max(floor.floorMs, requestFloorMs);
  realistic = { ...r, floorMs, requestFloorMs };
  console.log(
    `  wall ${s(r.wallMs)}, floor ${s(floorMs)} (requests ÷ rate limit ${s(requestFloorMs)}, waits ${s(floor.floorMs)}), wall/floor ${(r.wallMs / floorMs).toFixed(2)}; verdicts ${JSON.stringify(r.verdicts)}`,
  );
  // When each API ran: an API that starts late (its workers held by the others) lengthens the run beyond its requests.
  console.log(`    phases: ${r.wall.phases.map((p) => `${p.api} ${s(p.firstStartMs)}–${s(p.lastEndMs)}`).join(', ')}`);
  for (const [api, d] of Object.entries(r.driving ?? {})) console.log(`    ${api}: ${describeDriving(d)}`);
}

// Scaling with the number of generated cases.
const scaling: Run[] = [];
if (SCALE_CASES.length) {
  console.log(`\nscaling (2 workers, CONFORMANCE_CASES=${SCALE_CASES.join(', ')}):`);
  for (const n of SCALE_CASES) scaling.push(await run(`cases-${n}`, 2, n, waitKeys));
}
const points = [...runs.filter((r) => r.workers === 2), ...scaling];
const wallFit = points.length >= 2 ? linearFit(points.map((r) => [r.generatedCases, r.wallMs])) : undefined;
const runnerMemoryFit = points.length >= 2 ? linearFit(points.map((r) => [r.generatedCases, r.memory.runnerMiB])) : undefined;
const workerMemoryFit = points.length >= 2 ? linearFit(points.map((r) => [r.generatedCases, r.memory.workerMiB])) : undefined;
if (points.length) {
  console.log('\n  cases/schema  generated sent  requests     wall      CPU  peak MiB (all / runner / largest worker)');
  for (const r of points) {
    console.log(
      `  ${String(r.cases).padStart(12)}  ${String(r.generatedCases).padStart(14)}  ${String(r.requests).padStart(8)}  ${s(r.wallMs).padStart(7)}  ${s(r.cpuMs).padStart(7)}  ${r.memory.treeMiB} / ${r.memory.runnerMiB} / ${r.memory.workerMiB}`,
    );
  }
  if (wallFit && runnerMemoryFit && workerMemoryFit) {
    const perThousand = (slope: number) => `${(slope * 1000).toFixed(0)} MiB per 1,000 cases`;
    const sorted = [...points].sort((a, b) => a.generatedCases - b.generatedCases);
    const marginal = sorted.slice(1).map((r, i) => ((r.wallMs - sorted[i].wallMs) / Math.max(1, r.generatedCases - sorted[i].generatedCases)).toFixed(1));
    console.log(
      `  wall ≈ ${s(wallFit.intercept)} + ${wallFit.slope.toFixed(1)} ms per generated case (R² ${wallFit.r2.toFixed(3)}); between successive points: ${marginal.join(', ')} ms per added case`,
    );
    console.log(
      `  peak memory: runner ≈ ${Math.round(runnerMemoryFit.intercept)} MiB + ${perThousand(runnerMemoryFit.slope)} (R² ${runnerMemoryFit.r2.toFixed(3)}); largest worker ≈ ${Math.round(workerMemoryFit.intercept)} MiB + ${perThousand(workerMemoryFit.slope)} (R² ${workerMemoryFit.r2.toFixed(3)})`,
    );
  }
}

// Raw against checked throughput.
console.log(`\nthroughput, one request at a time (${REQUESTS} requests per loop, median of interleaved rounds):`);
const throughput = await measureThroughput(REQUESTS, SEED);
const { rps } = throughput;
console.log(
  `  raw ${rps.raw}/s, raw through the secret proxy ${rps.rawViaProxy}/s, HttpClient through the proxy ${rps.harnessUnchecked}/s, checked ${rps.checked}/s`,
);
console.log(
  `  checked / raw ${throughput.ratio} (beyond the proxy hop ${throughput.ratioBeyondProxy}); schema validation ${(throughput.checkShare * 100).toFixed(1)} % of a checked request`,
);
const cpu = throughput.cpuUsPerRequest;
console.log(
  `  CPU per request (this process and the reference's): raw ${cpu.raw} µs, through the proxy ${cpu.rawViaProxy} µs, HttpClient ${cpu.harnessUnchecked} µs, checked ${cpu.checked} µs; raw / checked ${throughput.cpuRatio}`,
);
const inSuite = runs.find((r) => r.workers === 2) ?? runs[0];
if (inSuite)
  console.log(`  in the suite, each profile's busiest test (a generated-case loop, checks included): ${JSON.stringify(inSuite.busiestTestRps)} requests/s`);

// One section of the OpenAPI kind, alone in its target file.
console.log(`\none OpenAPI section (the Chat API's document, against the embedded Chat API reference), 2 workers:`);
const openapiBare = await bareStart();
const openapi = await runOpenApiSection(join(runsDir, 'openapi-section'), SEED);
console.log(
  `  wall ${s(openapi.wallMs)}${openapi.exitCode === 0 ? '' : ` (exit code ${openapi.exitCode})`}; preflight's request → first test request ${s(openapi.preflightToFirstTestRequestMs)}; ${openapi.operations} operations, ${s(openapi.msPerOperation)} per operation; ${openapi.tests} tests collected${openapi.otherApis.length ? `, of other APIs too: ${openapi.otherApis.join(', ')}` : ''}`,
);

// npm test, when asked: minutes of the project's own tests.
let npmTestMs: number | undefined;
if (process.env.BENCH_NPM_TEST === '1') {
  process.stdout.write('\nnpm test ... ');
  const started = performance.now();
  const code = await new Promise<number | null>((done) => spawn('npm', ['test'], { cwd: PROJECT_ROOT, stdio: 'ignore' }).on('close', done));
  npmTestMs = performance.now() - started;
  console.log(`${s(npmTestMs)}${code === 0 ? '' : ` (exit code ${code})`}`);
}

// Goals: the issue's table, each against a floor of this run.
interface Goal {
  figure: string;
  value: string;
  goal: string;
  /** Undefined: not measured in this run. */
  met?: boolean;
}
const ratio = (x: number) => x.toFixed(2);
const goals: Goal[] = [];
const two = runs.find((r) => r.workers === 2);
if (two) {
  const start = two.wall.configMs + two.wall.collectMs + two.wall.firstTestMs;
  // Against the time workers spent waiting (a test's waits at once counted once, as the idle time counts them), not the
  // waits' sum: six waits observed at once would otherwise divide the idle time six times over. The sum is shown beside.
  // Judged on the cores the run's processes left unused (a worker starting is work); the tests' timeline, which counts
  // a core no test works on as idle, beside it.
  const waited = Math.max(1, two.workerTime.mandatedWaitMs);
  const coresIdle = two.coresIdleWhileWaitingMs;
  goals.push(
    {
      figure: 'whole suite, embedded reference, 2 workers: wall / floor',
      value: `${s(two.wallMs)} / ${s(floor.floorMs)} = ${ratio(two.wallMs / floor.floorMs)}`,
      goal: 'under 1.5',
      met: two.wallMs / floor.floorMs < 1.5,
    },
    {
      figure: "before the first test (start + collect + first test), beyond Playwright's own start",
      value: `${s(start)} − ${s(bare.toFirstTestMs)} = ${s(start - bare.toFirstTestMs)}`,
      goal: 'within 2 s',
      met: start - bare.toFirstTestMs <= 2000,
    },
    {
      figure: 'cores idle while a test waits and others are queued / time workers spent in mandated waits',
      value:
        (coresIdle === undefined
          ? "the run's CPU was not sampled"
          : `${s(coresIdle)} / ${s(two.workerTime.mandatedWaitMs)} = ${ratio(coresIdle / waited)} (over the waits' sum, ${s(two.waits.totalMs)}: ${ratio(coresIdle / Math.max(1, two.waits.totalMs))})`) +
        `; cores no test worked on, worker starts among them: ${s(two.idleWhileWaitingMs)} = ${ratio(two.idleWhileWaitingMs / waited)}`,
      goal: 'under 0.1 (workers never idle while tests wait)',
      met: coresIdle === undefined ? undefined : coresIdle / waited < 0.1,
    },
    { figure: 'generated cases sent in the default run', value: String(two.generatedCases), goal: 'at least 1,000', met: two.generatedCases >= 1000 },
  );
}
if (realistic) {
  const r = realistic.wallMs / realistic.floorMs;
  goals.push({
    figure: 'realistic target: wall / (requests ÷ rate limit)',
    value: `${s(realistic.wallMs)} / ${s(realistic.floorMs)} = ${ratio(r)}, ${realistic.verdicts?.failed ?? '?'} failed`,
    goal: 'under 1.25, no false failure',
    met: r < 1.25 && realistic.verdicts?.failed === 0,
  });
}
// Judged on CPU per request, which sets the rate on an idle machine and which the others' load leaves nearly as is.
goals.push({
  figure: 'checked / raw requests per second (one at a time), from CPU per request',
  value: `${cpu.raw} / ${cpu.checked} µs = ${throughput.cpuRatio} (by the clock: ${rps.checked} / ${rps.raw} per second = ${throughput.ratio})`,
  goal: 'at least 0.5',
  met: throughput.cpuRatio >= 0.5,
});
const openapiStart = openapi.preflightToFirstTestRequestMs - openapiBare.workerStartMs;
goals.push({
  figure: "one OpenAPI section: preflight's request → first test request, beyond a Playwright worker's start; only its tests collected",
  value: `${s(openapi.preflightToFirstTestRequestMs)} − ${s(openapiBare.workerStartMs)} = ${s(openapiStart)}, ${openapi.otherApis.length} other APIs collected; ${s(openapi.msPerOperation)} per operation`,
  goal: 'within 3 s, none other',
  met: openapiStart <= 3000 && openapi.otherApis.length === 0 && openapi.exitCode === 0,
});
// Five minutes, as the developers' guide and the issue say: on the machine the bench runs on, whose speed the goals line gives
// (the issue's "as slow as this one, where the default run takes 35 s" described its machine before the default run got
// three to four times faster, so that run's wall no longer measures the machine).
const NPM_TEST_MS = 300_000;
goals.push({
  figure: 'npm test, on this machine',
  value: npmTestMs === undefined ? 'not measured (BENCH_NPM_TEST=1)' : `${s(npmTestMs)}${two ? ` (the default run here: ${s(two.wallMs)})` : ''}`,
  goal: 'under 5 minutes',
  met: npmTestMs === undefined ? undefined : npmTestMs < NPM_TEST_MS,
});
console.log(
  `\ngoals (load average now ${load().join(' ')}; SHA-256 of 64 MiB ${machine.sha256Ms} ms; playwright-core's bundle loaded in ${machine.moduleLoadMs} CPU-ms; Playwright's own start ${s(bare.toFirstTestMs)}; raw ${rps.raw} requests/s):`,
);
for (const g of goals) console.log(`  ${g.met === undefined ? 'unknown' : g.met ? 'met    ' : 'NOT met'}  ${g.figure}: ${g.value} (goal: ${g.goal})`);

mkdirSync(reports, { recursive: true });
const out = join(reports, 'bench.json');
writeFileSync(
  out,
  JSON.stringify(
    {
      generatedAt: new Date().toISOString(),
      machine: { ...machine, loadAfter: load(), playwrightStart: { beforeDefaultRun: bare, beforeOpenapiSection: openapiBare } },
      seed: SEED,
      floor: { chains, ...floor, independentObservations: documentFloor },
      runs: runs.map((r) => ({ ...r, floorMs: floor.floorMs, wallOverFloor: Math.round((r.wallMs / floor.floorMs) * 100) / 100 })),
      scaling: { runs: scaling, wallFit, runnerMemoryFit, workerMemoryFit },
      realistic,
      throughput: { ...throughput, inSuiteBusiestTestRps: inSuite?.busiestTestRps },
      openapiSection: { section: SECTION, ...openapi },
      npmTestMs,
      goals,
    },
    null,
    2,
  ),
);
console.log(`\nfigures: ${out}`);
