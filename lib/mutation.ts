// Measuring the verdicts: the suite against each reference fault (it must fail the requirement the
// fault violates, from that requirement's own check) and each conforming variant (it must fail
// nothing). Every fault and variant is a run of one Playwright invocation (lib/runs.ts), against a
// reference instance of its own started here. Shared by the project's tests (the quick kill
// check: only the tests tagged with the violated requirement) and `npm run mutation` (the full
// matrix: every test of the fault's APIs, and which ones caught it).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiAdapter, Fault, Variant } from './adapter.ts';
import type { ConformanceReport } from './conformanceReport.ts';
import { referenceModules, startEmbeddedReference, type RunningEmbedded } from './embeddedReference.ts';
import { catalogOf, requirementById } from './registry.ts';
import { RUNS_ENV, writeRunPlans, type RunPlan } from './runs.ts';
import { escapeRegExp } from './escapeRegExp.ts';
import { runSuite } from './runSuite.ts';
import { freePort } from './freePort.ts';

export interface FaultTarget {
  fault: Fault;
  adapter: ApiAdapter;
  /** The adapter's profiles whose document states the violated requirement. */
  profiles: string[];
}

export interface VariantTarget {
  variant: Variant;
  /** The adapters whose reference takes the variant. */
  adapters: ApiAdapter[];
  profiles: string[];
}

/** Every fault of every registered reference, with the profiles it applies to. */
export async function faultTargets(): Promise<FaultTarget[]> {
  const out: FaultTarget[] = [];
  for (const [adapter, module] of await referenceModules()) {
    for (const fault of module.faults)
      out.push({ fault, adapter, profiles: adapter.profiles.map((p) => p.name).filter((p) => catalogOf(p).has(fault.violates)) });
  }
  return out;
}

/** Every conforming variant, with the adapters whose reference takes it. */
export async function variantTargets(): Promise<VariantTarget[]> {
  const byName = new Map<string, VariantTarget>();
  for (const [adapter, module] of await referenceModules()) {
    for (const variant of module.variants) {
      const entry = byName.get(variant.name) ?? { variant, adapters: [], profiles: [] };
      entry.adapters.push(adapter);
      entry.profiles.push(...adapter.profiles.map((p) => p.name));
      byName.set(variant.name, entry);
    }
  }
  return [...byName.values()];
}

export interface FaultVerdict {
  fault: string;
  description: string;
  violates: string[];
  caught: boolean;
  /** Per violated requirement id: its status under the fault, and why. */
  statuses: Record<string, string>;
  reasons: Record<string, string>;
  /** Tests that recorded the violated requirement's failure. */
  caughtBy: string[];
  /** Other requirements that failed too (how specific the fault is). */
  collateral: string[];
}

export interface VariantVerdict {
  variant: string;
  silence: string;
  /** The variants switched on in the same run. */
  together: string[];
  passed: boolean;
  /** Failed requirements (with the first lines of the reason) and broken tests. */
  failed: string[];
}

export interface Planned {
  reports: Record<string, ConformanceReport>;
  exitCode: number;
  output: string;
  elapsedMs: number;
}

export interface PlannedOptions {
  reportDir: string;
  workers?: number;
  env?: NodeJS.ProcessEnv;
  /** More arguments for Playwright (a reporter of one's own, to see where the time went). */
  extraArgs?: string[];
}

export interface Planning {
  plan: RunPlan;
  start: (webhookListen: string) => Promise<RunningEmbedded>;
}

/** Starts a reference instance per run, runs them all in one Playwright invocation, and reads the reports. */
export async function runPlanned(planning: Planning[], options: PlannedOptions): Promise<Planned> {
  const webhookListen = `127.0.0.1:${await freePort()}`;
  const running: RunningEmbedded[] = [];
  try {
    const plans: RunPlan[] = [];
    for (const { plan, start } of planning) {
      const reference = await start(webhookListen);
      running.push(reference);
      plans.push({ ...plan, target: { ...reference.target, name: plan.name } });
    }
    const file = writeRunPlans(plans);
    try {
      const run = await runSuite({
        reportDir: options.reportDir,
        env: { ...options.env, [RUNS_ENV]: file.file, CONFORMANCE_WORKERS: String(options.workers ?? 2) },
        extraArgs: options.extraArgs,
      });
      const path = join(options.reportDir, 'runs.json');
      let reports: Record<string, ConformanceReport> = {};
      try {
        reports = JSON.parse(readFileSync(path, 'utf8')) as Record<string, ConformanceReport>;
      } catch {
        // No report: the verdicts below say "no report" and carry the output.
      }
      return { reports, exitCode: run.exitCode, output: run.output, elapsedMs: run.elapsedMs };
    } finally {
      file.remove();
    }
  } finally {
    await Promise.all(running.map((r) => r.close()));
  }
}

/** A Playwright-style pattern matching a test tagged with the key (and not a longer key). */
const tagGrep = (key: string) => `@${escapeRegExp(key)}(?![\\w.-])`;

/** The run of a fault, alone or behind conforming variants (a slow, rate-limited deployment). */
const faultRun = (fault: Fault, behind: string[]) => `fault-${fault.name}${behind.length ? `-behind-${behind.join('_')}` : ''}`;

/**
 * Each fault a run against a reference instance of its own with the fault on (tagged: only the
 * tests of the violated requirement), optionally behind conforming variants.
 */
export function faultPlanning(targets: FaultTarget[], mode: 'tagged' | 'full', behind: string[] = []): Planning[] {
  return targets.map(({ fault, adapter, profiles }) => ({
    plan: { name: faultRun(fault, behind), target: undefined, profiles, ...(mode === 'tagged' ? { grep: tagGrep(fault.violates) } : {}) },
    start: (webhookListen: string) => startEmbeddedReference({ faults: fault.name, variants: behind.join(','), webhookListen, env: {}, only: [adapter] }),
  }));
}

/** A fault is caught when its own requirement failed, on every profile that states it (a failure always comes from its check). */
export function faultVerdicts(targets: FaultTarget[], run: Planned, behind: string[] = []): FaultVerdict[] {
  return targets.map(({ fault, profiles }) => {
    const report = run.reports[faultRun(fault, behind)];
    const ids = profiles.map((p) => catalogOf(p).get(fault.violates)!.id);
    const results = new Map((report?.requirements ?? []).map((r) => [r.id, r]));
    const statuses = Object.fromEntries(ids.map((id) => [id, results.get(id)?.status ?? 'no report']));
    return {
      fault: fault.name,
      description: fault.description,
      violates: ids,
      caught: ids.every((id) => statuses[id] === 'failed'),
      statuses,
      reasons: Object.fromEntries(ids.map((id) => [id, results.get(id)?.reason ?? ''])),
      caughtBy: [...new Set(ids.flatMap((id) => results.get(id)?.failedIn ?? []))],
      collateral: [...results.values()].filter((r) => r.status === 'failed' && !ids.includes(r.id)).map((r) => r.id),
    };
  });
}

export async function checkFaults(
  targets: FaultTarget[],
  mode: 'tagged' | 'full',
  options: PlannedOptions,
): Promise<{ verdicts: FaultVerdict[]; run: Planned }> {
  const run = await runPlanned(faultPlanning(targets, mode), options);
  return { verdicts: faultVerdicts(targets, run), run };
}

/**
 * Variants packed into as few runs as their families allow (as many as the largest family has
 * variants), none holding two of one family, the largest family's spread first: a server that
 * differs from the reference in several silences at once must pass as surely as one that differs in one.
 */
export function variantGroups(targets: VariantTarget[]): VariantTarget[][] {
  const families = new Map<string, number>();
  for (const { variant } of targets) if (variant.family) families.set(variant.family, (families.get(variant.family) ?? 0) + 1);
  const count = Math.max(1, ...families.values());
  const weight = (t: VariantTarget) => (t.variant.family ? families.get(t.variant.family)! : 0);
  const groups: VariantTarget[][] = Array.from({ length: count }, () => []);
  let next = 0;
  for (const target of [...targets].sort((a, b) => weight(b) - weight(a))) {
    for (let tries = 0; tries < count; tries++, next = (next + 1) % count) {
      const group = groups[next];
      if (!group.some((t) => t.variant.family && t.variant.family === target.variant.family)) break;
    }
    groups[next].push(target);
    next = (next + 1) % count;
  }
  return groups.filter((g) => g.length > 0);
}

const groupName = (group: VariantTarget[]) => `variants-${group.map((t) => t.variant.name).join('_')}`;

/** Each group of variants a run against a reference instance of its own with them on (one variant per group: the full matrix). */
export function variantPlanning(groups: VariantTarget[][]): Planning[] {
  return groups.map((group) => ({
    plan: { name: groupName(group), target: undefined, profiles: [...new Set(group.flatMap((t) => t.profiles))] },
    start: (webhookListen: string) =>
      startEmbeddedReference({
        faults: '',
        variants: group.map((t) => t.variant.name).join(','),
        webhookListen,
        env: {},
        only: [...new Set(group.flatMap((t) => t.adapters))],
      }),
  }));
}

/** A variant passed when its run failed no requirement and broke no test. */
export function variantVerdicts(groups: VariantTarget[][], run: Planned): VariantVerdict[] {
  return groups.flatMap((group) =>
    group.map(({ variant }) => {
      const report = run.reports[groupName(group)];
      const failed = report
        ? [
            ...report.requirements.filter((r) => r.status === 'failed').map((r) => `${r.id}: ${(r.reason ?? '').split('\n').slice(0, 3).join(' | ')}`),
            ...report.totals.gate.brokenTests.map((t) => `broken test: ${t}`),
          ]
        : [`no report: ${run.output.slice(-500)}`];
      const together = group.filter((t) => t.variant !== variant).map((t) => t.variant.name);
      return { variant: variant.name, silence: variant.silence, together, passed: failed.length === 0, failed };
    }),
  );
}

export async function checkVariants(groups: VariantTarget[][], options: PlannedOptions): Promise<{ verdicts: VariantVerdict[]; run: Planned }> {
  const run = await runPlanned(variantPlanning(groups), options);
  return { verdicts: variantVerdicts(groups, run), run };
}

/** Caught / total per API, as printed and kept in reports/. */
export function perApi(verdicts: FaultVerdict[]): Record<string, { caught: number; total: number }> {
  const out: Record<string, { caught: number; total: number }> = {};
  for (const v of verdicts) {
    for (const id of v.violates) {
      const api = requirementById(id)!.api;
      out[api] ??= { caught: 0, total: 0 };
      out[api].total += 1;
      if (v.statuses[id] === 'failed') out[api].caught += 1;
    }
  }
  return out;
}

export function writeJson(dir: string, name: string, value: unknown): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value, null, 2));
  return path;
}
