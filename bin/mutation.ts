// npm run mutation -- [--api NAME]... [--jobs N] [--tagged]
// The kill matrix: the whole suite of the fault's APIs against each reference fault (every fault
// must fail the requirement it violates), the conforming variants (none may fail anything), and
// every requirement's faults (each needs one, unless it is unobservable through its API).
// Writes reports/mutation.json and reports/mutation.md; exits 1 when a fault survives, a variant
// fails or a requirement has no fault.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { allRequirements } from '../lib/catalogs.ts';
import { reportDir } from '../lib/conformanceReporter.ts';
import { faultTargets, perApi, pooled, runFault, runVariant, writeJson, type FaultVerdict, type VariantVerdict } from '../lib/mutation.ts';
import { VARIANTS } from '../reference/variants.ts';

const { values } = parseArgs({ options: { api: { type: 'string', multiple: true }, jobs: { type: 'string' }, tagged: { type: 'boolean' } } });
const only = new Set(values.api ?? []);
const jobs = Math.max(1, Number(values.jobs ?? 2));
const dir = join(reportDir(), 'mutation');
const started = performance.now();

const targets = faultTargets()
  .map((t) => ({ ...t, apis: t.apis.filter((a) => only.size === 0 || only.has(a)) }))
  .filter((t) => t.apis.length > 0);
let done = 0;
const faults: FaultVerdict[] = await pooled(targets, jobs, async (t) => {
  const v = await runFault(t, join(dir, 'faults', t.fault.name), values.tagged ? 'tagged' : 'full');
  console.log(`[${++done}/${targets.length}] ${v.caught ? 'caught  ' : 'SURVIVED'} ${v.fault} → ${v.violates.join(', ')} (${(v.elapsedMs / 1000).toFixed(1)} s)`);
  return v;
});

const variants: VariantVerdict[] = await pooled(
  VARIANTS.filter((v) => only.size === 0 || v.apis.some((a) => only.has(a))),
  jobs,
  async (variant) => {
    const v = await runVariant(variant, join(dir, 'variants', variant.name));
    console.log(`${v.passed ? 'passed' : 'FAILED'} variant ${v.variant}${v.passed ? '' : `: ${v.failed.join('; ')}`}`);
    return v;
  },
);

// A requirement no call of its API can show needs no fault; every other one does.
const requirements = allRequirements().filter((r) => only.size === 0 || only.has(r.api));
const unobservable = new Set(requirements.filter((r) => r.unobservable).map((r) => r.id));
const withFault = new Set(faults.flatMap((f) => f.violates));
const gaps = requirements.filter((r) => !withFault.has(r.id) && !unobservable.has(r.id)).map((r) => r.id);

const survivors = faults.filter((f) => !f.caught);
const failedVariants = variants.filter((v) => !v.passed);
const summary = {
  faults: { caught: faults.length - survivors.length, total: faults.length, perApi: perApi(faults) },
  variants: { passed: variants.length - failedVariants.length, total: variants.length },
  requirementsWithoutFault: gaps,
  unobservable: [...unobservable],
  elapsedMs: Math.round(performance.now() - started),
};
writeJson(reportDir(), 'mutation.json', { summary, faults, variants });

const cell = (s: string) => s.replace(/\|/g, '\\|');
const lines = [
  '# Kill matrix',
  '',
  `Faults caught: ${summary.faults.caught}/${summary.faults.total}; variants passed: ${summary.variants.passed}/${summary.variants.total}; requirements without a fault: ${gaps.length ? gaps.join(', ') : 'none'} (unobservable: ${summary.unobservable.join(', ') || 'none'}).`,
  '',
  '| API | faults caught |',
  '|---|---|',
  ...Object.entries(summary.faults.perApi).map(([api, c]) => `| ${api} | ${c.caught}/${c.total} |`),
  '',
  '| fault | violates | caught | caught by | also failed |',
  '|---|---|---|---|---|',
  ...faults.map((f) => `| ${f.fault}: ${cell(f.description)} | ${f.violates.join('<br>')} | ${f.caught ? 'yes' : '**no**'} | ${cell(f.caughtBy.join('<br>')) || '—'} | ${f.collateral.join('<br>') || '—'} |`),
  '',
  '| variant | silence exercised | passed |',
  '|---|---|---|',
  ...variants.map((v) => `| ${v.variant} | ${cell(v.silence)} | ${v.passed ? 'yes' : `**no**: ${cell(v.failed.join('; '))}`} |`),
  '',
];
writeFileSync(join(reportDir(), 'mutation.md'), lines.join('\n'));

console.log(`\nfaults caught ${summary.faults.caught}/${summary.faults.total} (${Object.entries(summary.faults.perApi).map(([a, c]) => `${a} ${c.caught}/${c.total}`).join(', ')})`);
console.log(`variants passed ${summary.variants.passed}/${summary.variants.total}`);
if (gaps.length) console.log(`requirements without a fault: ${gaps.join(', ')}`);
console.log(`kill matrix: ${join(reportDir(), 'mutation.md')} (${(summary.elapsedMs / 1000).toFixed(0)} s)`);
process.exit(survivors.length || failedVariants.length || gaps.length ? 1 : 0);
