// The figures of one benchmarked run, from its raw data: requests, generated cases, the time spent
// on mandated waits, where the wall time went (start-up, each API's phase, the gaps between
// them, the end), and what the workers' time was made of.
import type { TestFigures } from './benchReporter.ts';
import type { CpuSample } from './processTree.ts';
import type { SuiteRunRaw } from './suiteRun.ts';

export interface PhaseFigures {
  api: string;
  /** ms since the run was spawned. */
  firstStartMs: number;
  lastEndMs: number;
  tests: number;
  /** The longest test of the phase: a phase cannot end before it. */
  longestTest: { title: string; ms: number };
}

export interface RunFigures {
  workers: number;
  cases: number | 'default';
  exitCode: number;
  wallMs: number;
  /** CPU time of every process of the run: on C cores, wall time cannot be less than cpuMs / C. */
  cpuMs: number;
  tests: number;
  requests: number;
  /** Generated cases sent (see countGeneratedCases), and drawn. */
  generatedCases: number;
  generatedDrawn: number;
  generatedByApi: Record<string, GeneratedCases>;
  /** Time in the checks whose time is a mandated wait (the floor's requirements), by key, and in all. */
  waits: { byRequirement: Record<string, number>; totalMs: number };
  wall: {
    /** Spawn → the config was loaded (npx, Node, Playwright, the config's imports). */
    configMs: number;
    /** Config loaded → tests collected: Playwright runs the global setup first (reference, sink, proxy, preflight), then imports every spec file once in the runner. */
    collectMs: number;
    /** Collected → the first test started: the first workers' start (Node, Playwright, the config and the spec files again). */
    firstTestMs: number;
    phases: PhaseFigures[];
    /** Time between one API's last test and the next one's first (its workers starting). */
    gapsMs: number;
    /** Last test end → exit (global teardown, reporters writing). */
    tailMs: number;
  };
  /**
   * Where the workers' busy time went (sums over tests): fixture setup and teardown, the mandated
   * waits (a test's waits at once count once: waitedMs), requests outside them (a test's concurrent
   * requests count once, as its wall time), and the rest (checks, their steps and verdict
   * attachments, case generation, assertions).
   */
  workerTime: { testsMs: number; hooksMs: number; mandatedWaitMs: number; requestsMs: number; otherMs: number };
  /** Core time left idle while a worker sat in a mandated wait and tests were still queued: as the run's CPU shows it (coresIdleWhileWaiting; undefined without samples), and as its tests' timeline does (idleWhileWaiting). */
  coresIdleWhileWaitingMs?: number;
  idleWhileWaitingMs: number;
  /** Per profile, the test that sent the most requests (a generated-case loop): its requests per second, checks included. */
  busiestTestRps: Record<string, number>;
  memory: SuiteRunRaw['memory'];
  verdicts?: Record<string, number>;
  /** Per API, how the run drove it (requests sent and throttled, the rate used). */
  driving?: SuiteRunRaw['driving'];
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** A test's wait spans merged where they overlap: a test waits or not, however many of its checks wait at once. */
function spansUnion(spans: readonly { at: number; ms: number }[]): { at: number; ms: number }[] {
  const merged: { at: number; ms: number }[] = [];
  for (const { at, ms } of [...spans].sort((a, b) => a.at - b.at)) {
    const last = merged.at(-1);
    if (last && at <= last.at + last.ms) last.ms = Math.max(last.ms, at + ms - last.at);
    else merged.push({ at, ms });
  }
  return merged;
}

/** The time a test spent in its mandated waits: those it makes at once count once (the Chat API's waits test makes six). */
export function waitedMs(test: Pick<TestFigures, 'waitSpans' | 'durationMs' | 'hooksMs'>): number {
  return Math.min(test.durationMs - test.hooksMs, sum(spansUnion(test.waitSpans).map((s) => s.ms)));
}

/** A stretch of a run in which some test sits in a mandated wait while a test is still queued (one starts later). */
export interface WaitStretch {
  from: number;
  to: number;
  /** Tests in a wait (a test's waits at once count once), and tests running, waiting ones included. */
  waiting: number;
  running: number;
}

export function waitStretches(tests: TestFigures[]): WaitStretch[] {
  const lastStart = Math.max(...tests.map((t) => t.startedAt));
  const edges: [number, 'run' | 'wait', 1 | -1][] = [];
  for (const t of tests) {
    edges.push([t.startedAt, 'run', 1], [t.startedAt + t.durationMs, 'run', -1]);
    for (const w of spansUnion(t.waitSpans)) edges.push([w.at, 'wait', 1], [w.at + w.ms, 'wait', -1]);
  }
  edges.sort((a, b) => a[0] - b[0]);
  const stretches: WaitStretch[] = [];
  let running = 0;
  let waiting = 0;
  for (let i = 0; i < edges.length; i++) {
    const [at, kind, step] = edges[i];
    if (kind === 'run') running += step;
    else waiting += step;
    const until = Math.min(edges[i + 1]?.[0] ?? at, lastStart);
    if (until > at && waiting > 0) stretches.push({ from: at, to: until, waiting, running });
  }
  return stretches;
}

/**
 * Core time idle because of the waits, as the tests' timeline shows it: in each wait stretch, the
 * cores (at most one per worker) that no test is working on, up to the number of tests waiting.
 * Zero when other tests' work fills the waits, as with more workers than cores when waits
 * dominate. A core busy starting a worker, or running the target, counts as idle here.
 */
export function idleWhileWaiting(tests: TestFigures[], workers: number, cores: number): number {
  const idle = waitStretches(tests).map((w) => (w.to - w.from) * idleCores(w, workers, cores, w.running - w.waiting));
  return Math.round(sum(idle));
}

/** The cores of a stretch left idle when `busy` are in use: at most one per worker, up to the number of tests waiting. */
const idleCores = (w: WaitStretch, workers: number, cores: number, busy: number) => Math.min(w.waiting, Math.max(0, Math.min(workers, cores) - busy));

/**
 * Core time idle because of the waits, as the run's CPU shows it: in each wait stretch, the cores
 * (at most one per worker) the run's processes did not use (the sampled CPU time, spread evenly
 * between two samples), up to the number of tests waiting. A worker starting, the runner and the
 * target it holds are work here. Undefined without samples covering the stretches.
 */
export function coresIdleWhileWaiting(tests: TestFigures[], cpu: CpuSample[], workers: number, cores: number): number | undefined {
  const stretches = waitStretches(tests);
  if (!stretches.length) return 0;
  if (cpu.length < 2 || cpu[0].at > stretches[0].from || cpu[cpu.length - 1].at < stretches[stretches.length - 1].to) return undefined;
  let idle = 0;
  for (let i = 1; i < cpu.length; i++) {
    const [a, b] = [cpu[i - 1], cpu[i]];
    const used = Math.max(0, b.cpuMs - a.cpuMs) / Math.max(1, b.at - a.at);
    for (const w of stretches) {
      const overlap = Math.min(b.at, w.to) - Math.max(a.at, w.from);
      if (overlap > 0) idle += overlap * idleCores(w, workers, cores, used);
    }
  }
  return Math.round(idle);
}

export interface GeneratedCases {
  /** Cases lib/cases.ts returned: in tests, and when spec files loaded (each top-level call once per API). */
  drawn: number;
  /** Cases sent: per test, its draws up to its requests; per spec file, its load-time draws up to the requests of its tests that drew nothing themselves. */
  sent: number;
}

/**
 * Generated cases per API, from what each test's attachment says (lib/caseTally.ts).
 * A test's own draws count as sent up to the requests it made. Draws made while a spec file
 * loaded (in every worker that loads it: counted once per API, the most one load drew) belong
 * to that file's tests that draw nothing themselves (a test per case, or a step per case).
 */
export function countGeneratedCases(tests: TestFigures[]): Record<string, GeneratedCases> {
  const out: Record<string, GeneratedCases> = {};
  const add = (api: string, drawn: number, sent: number) => {
    const entry = (out[api] ??= { drawn: 0, sent: 0 });
    entry.drawn += drawn;
    entry.sent += sent;
  };
  const atLoad = new Map<string, number>(); // API + file → one load's draws
  for (const t of tests) {
    if (t.cases.inTest) add(t.api, t.cases.inTest, Math.min(t.cases.inTest, t.requests));
    const key = `${t.api}\0${t.file}`;
    atLoad.set(key, Math.max(atLoad.get(key) ?? 0, t.cases.atLoad));
  }
  for (const [key, drawn] of atLoad) {
    if (!drawn) continue;
    const [api, file] = key.split('\0');
    const requests = sum(tests.filter((t) => t.api === api && t.file === file && !t.cases.inTest).map((t) => t.requests));
    add(api, drawn, Math.min(drawn, requests));
  }
  return out;
}

/** `waitKeys`: the requirement keys whose checks are mandated waits (from the floor's model). */
export function runFigures(raw: SuiteRunRaw, waitKeys: string[], cores: number): RunFigures {
  const { timeline, spawnedAt } = raw;
  const tests = timeline.tests;
  const since = (epochMs: number) => Math.round(epochMs - spawnedAt);
  const generatedByApi = countGeneratedCases(tests);

  const apis = [...new Set(tests.map((t) => t.api))];
  const phases: PhaseFigures[] = apis.map((api) => {
    const own = tests.filter((t) => t.api === api);
    const longest = own.reduce((a, b) => (b.durationMs > a.durationMs ? b : a));
    return {
      api,
      firstStartMs: since(Math.min(...own.map((t) => t.startedAt))),
      lastEndMs: since(Math.max(...own.map((t) => t.startedAt + t.durationMs))),
      tests: own.length,
      longestTest: { title: longest.title, ms: longest.durationMs },
    };
  });
  phases.sort((a, b) => a.firstStartMs - b.firstStartMs);
  const gapsMs = sum(phases.slice(1).map((p, i) => Math.max(0, p.firstStartMs - phases[i].lastEndMs)));

  const waitMs = (t: TestFigures) => sum(waitKeys.map((k) => t.checkMs[k] ?? 0));
  const byRequirement: Record<string, number> = {};
  for (const t of tests) for (const k of waitKeys) if (t.checkMs[k]) byRequirement[k] = (byRequirement[k] ?? 0) + t.checkMs[k];
  const mandatedWaitMs = sum(Object.values(byRequirement));
  const waitedByWorkers = sum(tests.map(waitedMs));
  const testsMs = sum(tests.map((t) => t.durationMs));
  const hooksMs = sum(tests.map((t) => t.hooksMs));
  const requestsMs = sum(tests.map((t) => (waitMs(t) > 0 ? 0 : Math.min(t.requestMs, t.durationMs - t.hooksMs))));

  const busiestTestRps: Record<string, number> = {};
  for (const api of new Set(tests.map((t) => t.api))) {
    const busiest = tests.filter((t) => t.api === api).sort((a, b) => b.requests - a.requests)[0];
    busiestTestRps[api] = Math.round((busiest.requests / Math.max(1, busiest.durationMs - busiest.hooksMs)) * 1000);
  }

  return {
    workers: raw.options.workers,
    cases: raw.options.cases ?? 'default',
    exitCode: raw.exitCode,
    wallMs: Math.round(raw.wallMs),
    cpuMs: Math.round(raw.cpuMs),
    tests: tests.length,
    requests: sum(tests.map((t) => t.requests)),
    generatedCases: sum(Object.values(generatedByApi).map((g) => g.sent)),
    generatedDrawn: sum(Object.values(generatedByApi).map((g) => g.drawn)),
    generatedByApi,
    waits: { byRequirement, totalMs: mandatedWaitMs },
    wall: {
      configMs: since(timeline.configLoadedAt),
      collectMs: Math.round(timeline.collectedAt - timeline.configLoadedAt),
      firstTestMs: phases.length ? Math.round(phases[0].firstStartMs - since(timeline.collectedAt)) : 0,
      phases,
      gapsMs,
      tailMs: phases.length ? Math.round(raw.wallMs - Math.max(...phases.map((p) => p.lastEndMs))) : 0,
    },
    workerTime: { testsMs, hooksMs, mandatedWaitMs: waitedByWorkers, requestsMs, otherMs: testsMs - hooksMs - waitedByWorkers - requestsMs },
    coresIdleWhileWaitingMs: tests.length ? coresIdleWhileWaiting(tests, raw.cpuSamples, raw.options.workers, cores) : 0,
    idleWhileWaitingMs: tests.length ? idleWhileWaiting(tests, raw.options.workers, cores) : 0,
    busiestTestRps,
    memory: raw.memory,
    verdicts: raw.verdicts,
    driving: raw.driving,
  };
}
