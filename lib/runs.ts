// Several targets in one Playwright invocation: the kill check runs every fault of the reference,
// and the variant check every conforming variant, each as a run of its own (its own target, its
// own verdicts) without starting Playwright once per run. A run is a target file's content, the
// profiles whose tests run against it, and a grep narrowing those tests.
//
// Each test is declared once per run that takes it (fixtures/perRun.ts), and Playwright gets one
// project whose grep keeps each profile's tests of that profile's runs: every run's tests share the workers.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Target } from './target.ts';

/** A JSON file of RunPlan[]: set, the invocation runs these instead of one target. */
export const RUNS_ENV = 'CONFORMANCE_RUNS';
/** A JSON file of ResolvedRuns that the runner's global setup writes for workers and reporters. */
export const RESOLVED_ENV = 'CONFORMANCE_RESOLVED';
/** The run of an ordinary invocation (one target). */
export const DEFAULT_RUN = 'default';

/** The secret proxy's route prefix of the i-th run's APIs (the default run's routes are the profile names). */
export const proxyRoutePrefix = (index: number) => `r${index}~`;

/** The annotation naming the run a test was declared for. */
export const RUN_ANNOTATION = 'conformance-run';

/** The title suffix of a test declared for a run: a project's grep picks the runs of its profile. */
export const runSuffix = (run: string) => ` ‹${run}›`;

export interface RunPlan {
  /** Unique, and safe in a URL path segment: `fault-events-limit`. */
  name: string;
  /** A target file's content, validated like a file. */
  target: unknown;
  /** The profiles whose tests run (default: every section of the target). */
  profiles?: string[];
  /** A regular expression over a test's title and tags; tests that do not match are not part of the run. */
  grep?: string;
}

/** Per run name: the target as workers see it (behind the secret proxy, placeholders for secrets). */
export type ResolvedRuns = Record<string, Target>;

/** Why an API's requirements are untested when the preflight found it unusable (`Target.unreachable` holds the why). */
export const unusableReason = (why: string) => `the target could not be used: ${why}`;

/**
 * The runs of the kill or variant check this process serves, from the file RUNS_ENV names; none in
 * a vendor's invocation, which is one run. The one question the production path asks of the
 * self-testing machinery.
 */
let planned: { runs: RunPlan[] | undefined } | undefined;
export const plannedRuns = (): RunPlan[] | undefined => (planned ??= { runs: process.env[RUNS_ENV] ? readRunPlans(process.env[RUNS_ENV]) : undefined }).runs;

export function readRunPlans(path: string): RunPlan[] {
  const plans = JSON.parse(readFileSync(path, 'utf8')) as RunPlan[];
  const seen = new Set<string>();
  for (const plan of plans) {
    if (!/^[\w.-]+$/.test(plan.name) || seen.has(plan.name)) throw new Error(`${path}: run names must be unique words ("${plan.name}")`);
    seen.add(plan.name);
  }
  return plans;
}

export function profilesOf(plan: RunPlan): string[] {
  return plan.profiles ?? Object.keys((plan.target as { apis?: Record<string, unknown> } | undefined)?.apis ?? {});
}

/** The runs of a profile's project, in plan order. */
export function runsOf(plans: readonly RunPlan[], profile: string): RunPlan[] {
  return plans.filter((p) => profilesOf(p).includes(profile));
}

/** Writes the plans where a child Playwright can read them; returns the file and a remover. */
export function writeRunPlans(plans: RunPlan[]): { file: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'conformance-runs-'));
  const file = join(dir, 'runs.json');
  writeFileSync(file, JSON.stringify(plans));
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

let resolvedCache: { file: string; runs: ResolvedRuns } | undefined;

/** The resolved runs written by global setup, read once per process. */
export function resolvedRuns(env: NodeJS.ProcessEnv = process.env): ResolvedRuns | undefined {
  const file = env[RESOLVED_ENV];
  if (!file) return undefined;
  if (resolvedCache?.file !== file) resolvedCache = { file, runs: JSON.parse(readFileSync(file, 'utf8')) as ResolvedRuns };
  return resolvedCache.runs;
}

/** Whether a test (its title path and tags) belongs to a run. */
export function inRun(plan: Pick<RunPlan, 'grep'>, titlePath: readonly string[], tags: readonly string[]): boolean {
  return !plan.grep || new RegExp(plan.grep).test([...titlePath, ...tags].join(' '));
}
