// The kill check: every switchable fault of the reference makes the suite fail the requirement it
// violates, on every API profile that states it (running only the tests tagged with that
// requirement; `npm run mutation` runs whole suites and says which tests caught each fault).
// Every requirement the API can show has at least one fault.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allRequirements, catalogOf } from '../lib/catalogs.ts';
import { reportDir } from '../lib/conformanceReporter.ts';
import { faultTargets, perApi, runFault, writeJson, type FaultVerdict } from '../lib/mutation.ts';

const root = mkdtempSync(join(tmpdir(), 'faults-'));
const targets = faultTargets();
const verdicts: FaultVerdict[] = [];

test('every fault names a requirement some API states', () => {
  for (const { fault, apis } of targets) assert.ok(apis.length > 0, `${fault.name} violates "${fault.violates}", which no catalog holds`);
});

test('every requirement that its API can show has a fault', () => {
  const covered = new Set(targets.flatMap(({ fault, apis }) => apis.map((api) => catalogOf(api).get(fault.violates)!.id)));
  const gaps = allRequirements().filter((r) => !r.unobservable && !covered.has(r.id)).map((r) => r.id);
  assert.deepEqual(gaps, []);
});

describe('each fault is caught', { concurrency: 2 }, () => {
  for (const target of targets.filter((t) => t.apis.length > 0)) {
    test(`${target.fault.name}: ${target.fault.description}`, async () => {
      const verdict = await runFault(target, join(root, target.fault.name), 'tagged');
      verdicts.push(verdict);
      assert.ok(!verdict.output, `the run wrote a report\n${verdict.output}`);
      for (const id of verdict.violates) assert.equal(verdict.statuses[id], 'failed', `${id} should fail under ${target.fault.name}`);
      const mustViolated = verdict.violates.some((id) => allRequirements().find((r) => r.id === id)?.level === 'MUST');
      if (mustViolated) assert.notEqual(verdict.exitCode, 0, 'a MUST failure fails the run');
    });
  }
});

after(() => {
  const figures = perApi(verdicts);
  const caught = verdicts.filter((v) => v.caught).length;
  writeJson(reportDir(), 'kill-check.json', { caught, total: verdicts.length, perApi: figures, verdicts });
  console.log(`kill check: faults caught ${caught}/${verdicts.length} (${Object.entries(figures).map(([a, c]) => `${a} ${c.caught}/${c.total}`).join(', ')})`);
});
