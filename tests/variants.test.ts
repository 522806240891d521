// The variant check: every conforming variant of the reference passes the suite. Behaviour that
// differs only where the seeds are silent (codes, bodies, extra or reordered fields, id forms,
// timings within what is declared) must never fail a requirement: a false failure is as bad as a
// missed fault.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportDir } from '../lib/conformanceReporter.ts';
import { runVariant, writeJson, type VariantVerdict } from '../lib/mutation.ts';
import { VARIANTS } from '../reference/variants.ts';

const root = mkdtempSync(join(tmpdir(), 'variants-'));
const verdicts: VariantVerdict[] = [];

describe('each conforming variant passes', { concurrency: 2 }, () => {
  for (const variant of VARIANTS) {
    test(`${variant.name}: ${variant.silence}`, async () => {
      const verdict = await runVariant(variant, join(root, variant.name));
      verdicts.push(verdict);
      assert.deepEqual(verdict.failed, [], 'no requirement fails on a conforming variant');
      assert.equal(verdict.exitCode, 0);
    });
  }
});

after(() => {
  const perApi: Record<string, { passed: number; total: number }> = {};
  for (const v of verdicts) {
    for (const api of VARIANTS.find((x) => x.name === v.variant)!.apis) {
      perApi[api] ??= { passed: 0, total: 0 };
      perApi[api].total += 1;
      if (v.passed) perApi[api].passed += 1;
    }
  }
  const passed = verdicts.filter((v) => v.passed).length;
  writeJson(reportDir(), 'variant-check.json', { passed, total: verdicts.length, perApi, verdicts });
  console.log(`variant check: variants passed ${passed}/${verdicts.length} (${Object.entries(perApi).map(([a, c]) => `${a} ${c.passed}/${c.total}`).join(', ')})`);
});
