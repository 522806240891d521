// Proving the verdicts, in one Playwright invocation (lib/runs.ts: every fault and every group of
// variants is a run with a reference instance of its own):
// - the kill check: every switchable fault of the reference makes the suite fail the requirement
//   it violates — from that requirement's own check, on every profile whose document states it —
//   running only the tests tagged with that requirement (`npm run mutation` runs whole suites);
// - the variant check: every conforming variant passes the whole suite (behaviour that differs only
//   where the documents are silent must never fail a requirement). Variants share as few runs as
//   their families allow, never two of one family in a run (variantGroups: each run is a whole suite,
//   the costliest part of this file); `npm run mutation` runs each alone.
// Generated loops send ten cases each here: faults and variants differ in codes, bodies, ids and
// timings, not in what the generators draw (the embedded default runs the full counts).
import { DEMO_ENV } from './support/demo.ts';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportDir } from '../lib/conformanceReport.ts';
import {
  faultPlanning,
  faultTargets,
  faultVerdicts,
  perApi,
  runPlanned,
  variantGroups,
  variantPlanning,
  variantTargets,
  variantVerdicts,
  writeJson,
  type Planned,
} from '../lib/mutation.ts';
import { allRequirements, catalogOf, requirementById } from '../lib/registry.ts';

const faults = await faultTargets();
const variants = await variantTargets();
const groups = variantGroups(variants);
/** A real deployment: slow answers and a rate limit. The first fault of each API must still be caught behind them. */
const DEPLOYMENT = ['slow-answers', 'rate-limited'];
const firstFaults = faults.filter((t, i) => faults.findIndex((x) => x.adapter === t.adapter) === i);
let run: Planned;

before(async () => {
  run = await runPlanned([...faultPlanning(faults, 'tagged'), ...faultPlanning(firstFaults, 'tagged', DEPLOYMENT), ...variantPlanning(groups)], {
    reportDir: mkdtempSync(join(tmpdir(), 'verdict-checks-')),
    // Mostly waiting (slow answers, retry windows). Alone on 2 cores: 85 s and 66.5 CPU-s at 8 workers, 140 s and 57.6 CPU-s
    // at 4. In npm test it runs beside the other files, which keep the cores busy meanwhile: there its CPU is what counts.
    workers: 4,
    env: { CONFORMANCE_CASES: '10', ...DEMO_ENV },
  });
});

test('every fault names a requirement some profile of its API states', () => {
  for (const { fault, profiles } of faults) assert.ok(profiles.length > 0, `${fault.name} violates "${fault.violates}", which no catalog of its API holds`);
});

test('every requirement that its API can show has a fault', () => {
  const covered = new Set(faults.flatMap(({ fault, profiles }) => profiles.map((p) => catalogOf(p).get(fault.violates)!.id)));
  const gaps = allRequirements()
    .filter((r) => !r.unobservable && !covered.has(r.id))
    .map((r) => r.id);
  assert.deepEqual(gaps, []);
});

test('every variant is in one run, no run holds two of one family, and there are no more runs than that needs', () => {
  assert.deepEqual(
    groups
      .flat()
      .map((t) => t.variant.name)
      .sort(),
    variants.map((t) => t.variant.name).sort(),
  );
  for (const group of groups) {
    const families = group.flatMap((t) => (t.variant.family ? [t.variant.family] : []));
    assert.equal(new Set(families).size, families.length, `one run holds ${group.map((t) => t.variant.name).join(', ')}`);
  }
  const ofFamilies = variants.map((t) => t.variant.family).filter(Boolean);
  const largest = Math.max(1, ...ofFamilies.map((f) => ofFamilies.filter((x) => x === f).length));
  assert.equal(groups.length, largest, 'as many runs as the largest family has variants');
});

test("the kill check: each fault is caught by its own requirement's check", () => {
  assert.ok(Object.keys(run.reports).length > 0, `the run wrote its reports\n${run.output.slice(-3000)}`);
  const verdicts = faultVerdicts(faults, run);
  const figures = perApi(verdicts);
  const caught = verdicts.filter((v) => v.caught).length;
  writeJson(reportDir(), 'kill-check.json', { caught, total: verdicts.length, perApi: figures, elapsedMs: Math.round(run.elapsedMs), verdicts });
  console.log(
    `kill check: faults caught ${caught}/${verdicts.length} (${Object.entries(figures)
      .map(([a, c]) => `${a} ${c.caught}/${c.total}`)
      .join(', ')})`,
  );
  const survivors = verdicts
    .filter((v) => !v.caught)
    .map(
      (v) =>
        `${v.fault}: ${Object.entries(v.statuses)
          .map(([id, s]) => `${id} ${s} ${v.reasons[id].split('\n')[0]}`)
          .join('; ')}`,
    );
  assert.deepEqual(survivors, [], 'every fault is caught');
  // A MUST violation fails its run's gate.
  for (const v of verdicts.filter((x) => x.violates.some((id) => requirementById(id)?.level === 'MUST'))) {
    assert.equal(run.reports[`fault-${v.fault}`].totals.gate.passed, false, `${v.fault}: a MUST failure fails the gate`);
  }
});

test('behind slow answers and a rate limit, a fault of every API is still caught', () => {
  const verdicts = faultVerdicts(firstFaults, run, DEPLOYMENT);
  writeJson(reportDir(), 'kill-check-deployment.json', { behind: DEPLOYMENT, verdicts });
  console.log(
    `kill check behind ${DEPLOYMENT.join(' and ')}: ${verdicts.filter((v) => v.caught).length}/${verdicts.length} (${verdicts.map((v) => v.fault).join(', ')})`,
  );
  assert.deepEqual(
    verdicts.filter((v) => !v.caught).map((v) => `${v.fault}: ${JSON.stringify(v.statuses)}`),
    [],
  );
});

test('the variant check: each conforming variant passes', () => {
  const verdicts = variantVerdicts(groups, run);
  const profilesOf = new Map(variants.map((t) => [t.variant.name, t.profiles]));
  const perProfile: Record<string, { passed: number; total: number }> = {};
  for (const v of verdicts) {
    for (const api of profilesOf.get(v.variant)!) {
      perProfile[api] ??= { passed: 0, total: 0 };
      perProfile[api].total += 1;
      if (v.passed) perProfile[api].passed += 1;
    }
  }
  const passed = verdicts.filter((v) => v.passed).length;
  writeJson(reportDir(), 'variant-check.json', { passed, total: verdicts.length, perApi: perProfile, elapsedMs: Math.round(run.elapsedMs), verdicts });
  console.log(
    `variant check: variants passed ${passed}/${verdicts.length} (${Object.entries(perProfile)
      .map(([a, c]) => `${a} ${c.passed}/${c.total}`)
      .join(', ')}); both checks in ${(run.elapsedMs / 1000).toFixed(0)} s`,
  );
  assert.deepEqual(
    verdicts.filter((v) => !v.passed).map((v) => `${v.variant}: ${v.failed.join('; ')}`),
    [],
    'no requirement fails on a conforming variant',
  );
});
