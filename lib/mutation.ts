// Measuring the verdicts: run the suite against each reference fault (it must fail the requirement
// the fault violates) and each conforming variant (it must fail nothing). Shared by the project's
// tests (the quick kill check: only the tests tagged with the violated requirement) and
// `npm run mutation` (the full matrix: every test of the fault's APIs, and which ones caught it).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogOf } from './catalogs.ts';
import type { RequirementResult } from './conformanceReporter.ts';
import type { ApiName } from './requirements.ts';
import { escapeRegExp, runSuite } from './runSuite.ts';
import { FAULTS } from '../reference/index.ts';
import type { Fault } from '../reference/faults.ts';
import type { Variant } from '../reference/variants.ts';

export interface FaultTarget {
  fault: Fault;
  /** The APIs whose reference has the fault and whose document states the violated requirement. */
  apis: ApiName[];
}

/** Each fault once, with the APIs it applies to. */
export function faultTargets(): FaultTarget[] {
  const byName = new Map<string, FaultTarget>();
  for (const [api, list] of Object.entries(FAULTS) as [ApiName, Fault[]][]) {
    for (const fault of list) {
      const entry = byName.get(fault.name) ?? { fault, apis: [] };
      if (catalogOf(api).has(fault.violates)) entry.apis.push(api);
      byName.set(fault.name, entry);
    }
  }
  return [...byName.values()];
}

export interface FaultVerdict {
  fault: string;
  description: string;
  violates: string[];
  caught: boolean;
  exitCode: number;
  /** Per violated requirement id: its status under the fault. */
  statuses: Record<string, string>;
  /** Tests that recorded the violated requirement's failure. */
  caughtBy: string[];
  /** Other requirements that failed too (how specific the fault is). */
  collateral: string[];
  elapsedMs: number;
  output?: string;
}

export async function runFault(target: FaultTarget, reportDir: string, mode: 'tagged' | 'full'): Promise<FaultVerdict> {
  const { fault, apis } = target;
  const run = await runSuite({
    reportDir,
    env: { REFERENCE_FAULTS: fault.name, CONFORMANCE_WORKERS: '1' },
    projects: apis,
    // The tagged mode runs only the tests that check the violated requirement.
    grep: mode === 'tagged' ? `@${escapeRegExp(fault.violates)}(?![\\w.-])` : undefined,
  });
  const ids = apis.map((api) => catalogOf(api).get(fault.violates)!.id);
  const results = new Map<string, RequirementResult>((run.report?.requirements ?? []).map((r) => [r.id, r]));
  const statuses = Object.fromEntries(ids.map((id) => [id, results.get(id)?.status ?? 'no report']));
  return {
    fault: fault.name,
    description: fault.description,
    violates: ids,
    caught: ids.every((id) => statuses[id] === 'failed'),
    exitCode: run.exitCode,
    statuses,
    caughtBy: [...new Set(ids.flatMap((id) => results.get(id)?.failedIn ?? []))],
    collateral: [...results.values()].filter((r) => r.status === 'failed' && !ids.includes(r.id)).map((r) => r.id),
    elapsedMs: Math.round(run.elapsedMs),
    ...(run.report ? {} : { output: run.output.slice(-2000) }),
  };
}

export interface VariantVerdict {
  variant: string;
  silence: string;
  passed: boolean;
  exitCode: number;
  failed: string[];
  elapsedMs: number;
}

export async function runVariant(variant: Variant, reportDir: string): Promise<VariantVerdict> {
  const run = await runSuite({ reportDir, env: { REFERENCE_VARIANTS: variant.name, CONFORMANCE_WORKERS: '1' }, projects: variant.apis });
  const failed = (run.report?.requirements ?? []).filter((r) => r.status === 'failed').map((r) => `${r.id}: ${(r.reason ?? '').split('\n').slice(0, 3).join(' | ')}`);
  return {
    variant: variant.name,
    silence: variant.silence,
    passed: Boolean(run.report) && failed.length === 0 && run.exitCode === 0,
    exitCode: run.exitCode,
    failed: run.report ? failed : [`no report: ${run.output.slice(-500)}`],
    elapsedMs: Math.round(run.elapsedMs),
  };
}

/** Runs jobs with at most `limit` at once, in order of submission. */
export async function pooled<T, R>(items: T[], limit: number, job: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await job(items[i]);
      }
    }),
  );
  return results;
}

/** Caught / total per API, as printed and kept in reports/. */
export function perApi(verdicts: FaultVerdict[]): Record<string, { caught: number; total: number }> {
  const out: Record<string, { caught: number; total: number }> = {};
  for (const v of verdicts) {
    for (const id of v.violates) {
      const api = id.split('.')[0];
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
