// Every switchable fault of the reference makes the suite fail the requirement it violates: the
// suite is shown to catch each realistic bug, per API profile that states the requirement.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogOf } from '../lib/catalogs.ts';
import type { ApiName } from '../lib/requirements.ts';
import type { RequirementResult } from '../lib/conformanceReporter.ts';
import { runSuite } from '../lib/runSuite.ts';
import { FAULTS } from '../reference/index.ts';
import type { Fault } from '../reference/faults.ts';

const root = mkdtempSync(join(tmpdir(), 'faults-'));
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Each fault once, with the APIs whose reference it affects and whose document states its requirement. */
const faults = new Map<string, { fault: Fault; apis: ApiName[] }>();
for (const [api, list] of Object.entries(FAULTS) as [ApiName, Fault[]][]) {
  for (const fault of list) {
    const entry = faults.get(fault.name) ?? { fault, apis: [] };
    if (catalogOf(api).has(fault.violates)) entry.apis.push(api);
    faults.set(fault.name, entry);
  }
}

test('every fault names a requirement some API states', () => {
  for (const { fault, apis } of faults.values()) assert.ok(apis.length > 0, `${fault.name} violates "${fault.violates}", which no catalog holds`);
});

describe('each fault is caught', { concurrency: 2 }, () => {
  for (const { fault, apis } of faults.values()) {
    if (apis.length === 0) continue;
    test(`${fault.name}: ${fault.description}`, async () => {
      const run = await runSuite({
        reportDir: join(root, fault.name),
        env: { REFERENCE_FAULTS: fault.name, CONFORMANCE_WORKERS: '1' },
        projects: apis,
        // Only the tests that check the violated requirement: they carry its key as a tag.
        grep: `@${escape(fault.violates)}(?![\\w.-])`,
      });
      assert.ok(run.report, `the run wrote a report\n${run.output.slice(-2000)}`);
      for (const api of apis) {
        const req = catalogOf(api).get(fault.violates)!;
        const result: RequirementResult | undefined = run.report.requirements.find((r) => r.id === req.id);
        assert.equal(result?.status, 'failed', `${req.id} should fail under ${fault.name}, got ${result?.status}\n${run.output.slice(-1500)}`);
        if (req.level === 'MUST') assert.notEqual(run.exitCode, 0, 'a MUST failure fails the run');
      }
    });
  }
});
