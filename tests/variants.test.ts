// Every conforming variant of the reference passes the suite: behaviour that differs only where
// the seeds are silent (codes, bodies, extra or reordered fields, id forms, timings within what is
// declared) must never fail a requirement. A false failure is as bad as a missed fault.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSuite } from '../lib/runSuite.ts';
import { VARIANTS } from '../reference/variants.ts';

const root = mkdtempSync(join(tmpdir(), 'variants-'));

describe('each conforming variant passes', { concurrency: 2 }, () => {
  for (const variant of VARIANTS) {
    test(`${variant.name}: ${variant.silence}`, async () => {
      const run = await runSuite({ reportDir: join(root, variant.name), env: { REFERENCE_VARIANTS: variant.name, CONFORMANCE_WORKERS: '1' }, projects: variant.apis });
      assert.ok(run.report, `the run wrote a report\n${run.output.slice(-2000)}`);
      const failed = run.report.requirements.filter((r) => r.status === 'failed');
      assert.deepEqual(failed.map((r) => `${r.id}: ${(r.reason ?? '').split('\n').slice(0, 3).join(' | ')}`), [], 'no requirement fails on a conforming variant');
      assert.equal(run.exitCode, 0, run.output.slice(-2000));
    });
  }
});
