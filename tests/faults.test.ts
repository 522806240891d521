// The kill check: every switchable fault of the reference makes the suite fail the requirement it
// violates — from that requirement's own check, on every profile whose document states it —
// running only the tests tagged with that requirement, every fault a run of one Playwright
// invocation (`npm run mutation` runs whole suites and says which tests caught each fault).
// Every requirement the API can show has at least one fault.
import './support/adapters.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportDir } from '../lib/conformanceReport.ts';
import { checkFaults, faultTargets, perApi, writeJson } from '../lib/mutation.ts';
import { allRequirements, catalogOf, requirementById } from '../lib/registry.ts';

const targets = await faultTargets();

test('every fault names a requirement some profile of its API states', () => {
  for (const { fault, profiles } of targets) assert.ok(profiles.length > 0, `${fault.name} violates "${fault.violates}", which no catalog of its API holds`);
});

test('every requirement that its API can show has a fault', () => {
  const covered = new Set(targets.flatMap(({ fault, profiles }) => profiles.map((p) => catalogOf(p).get(fault.violates)!.id)));
  const gaps = allRequirements().filter((r) => !r.unobservable && !covered.has(r.id)).map((r) => r.id);
  assert.deepEqual(gaps, []);
});

test('each fault is caught by its own requirement\'s check, in one Playwright run', async () => {
  const root = mkdtempSync(join(tmpdir(), 'faults-'));
  const { verdicts, run } = await checkFaults(targets.filter((t) => t.profiles.length > 0), 'tagged', { reportDir: root, workers: 2 });
  const figures = perApi(verdicts);
  const caught = verdicts.filter((v) => v.caught).length;
  writeJson(reportDir(), 'kill-check.json', { caught, total: verdicts.length, perApi: figures, elapsedMs: Math.round(run.elapsedMs), verdicts });
  console.log(`kill check: faults caught ${caught}/${verdicts.length} (${Object.entries(figures).map(([a, c]) => `${a} ${c.caught}/${c.total}`).join(', ')}) in ${(run.elapsedMs / 1000).toFixed(0)} s`);
  assert.ok(Object.keys(run.reports).length > 0, `the run wrote its reports\n${run.output.slice(-3000)}`);
  const survivors = verdicts.filter((v) => !v.caught).map((v) => `${v.fault}: ${Object.entries(v.statuses).map(([id, s]) => `${id} ${s} ${v.reasons[id].split('\n')[0]}`).join('; ')}`);
  assert.deepEqual(survivors, [], 'every fault is caught');
  // A MUST violation fails its run's gate.
  for (const v of verdicts.filter((x) => x.violates.some((id) => requirementById(id)?.level === 'MUST'))) {
    assert.equal(run.reports[`fault-${v.fault}`].totals.gate.passed, false, `${v.fault}: a MUST failure fails the gate`);
  }
});
