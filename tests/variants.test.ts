// The variant check: every conforming variant of the reference passes the suite. Behaviour that
// differs only where the seeds are silent (codes, bodies, extra or reordered fields, id forms,
// timings within what is declared) must never fail a requirement: a false failure is as bad as a
// missed fault. Every variant is a run of one Playwright invocation.
import './support/adapters.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportDir } from '../lib/conformanceReport.ts';
import { checkVariants, variantTargets, writeJson } from '../lib/mutation.ts';

test('each conforming variant passes, in one Playwright run', async () => {
  const targets = await variantTargets();
  const root = mkdtempSync(join(tmpdir(), 'variants-'));
  const { verdicts, run } = await checkVariants(targets, { reportDir: root, workers: 4 });
  const perApi: Record<string, { passed: number; total: number }> = {};
  for (const [i, v] of verdicts.entries()) {
    for (const api of targets[i].profiles) {
      perApi[api] ??= { passed: 0, total: 0 };
      perApi[api].total += 1;
      if (v.passed) perApi[api].passed += 1;
    }
  }
  const passed = verdicts.filter((v) => v.passed).length;
  writeJson(reportDir(), 'variant-check.json', { passed, total: verdicts.length, perApi, elapsedMs: Math.round(run.elapsedMs), verdicts });
  console.log(`variant check: variants passed ${passed}/${verdicts.length} (${Object.entries(perApi).map(([a, c]) => `${a} ${c.passed}/${c.total}`).join(', ')}) in ${(run.elapsedMs / 1000).toFixed(0)} s`);
  assert.deepEqual(verdicts.filter((v) => !v.passed).map((v) => `${v.variant}: ${v.failed.join('; ')}`), [], 'no requirement fails on a conforming variant');
});
