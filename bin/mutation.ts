// npm run mutation -- [--api NAME]... [--jobs N] [--tagged]   (--jobs: Playwright workers)
// The kill matrix: the whole suite of the fault's APIs against each reference fault (every fault
// must fail the requirement it violates), the conforming variants (none may fail anything), and
// every requirement's faults (each needs one, unless it is unobservable through its API).
// Writes reports/mutation.json and reports/mutation.md; exits 1 when a fault survives, a variant
// fails or a requirement has no fault.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandLine, unknownValue, usageError } from '../lib/commandLine.ts';
import { reportDir } from '../lib/conformanceReport.ts';
import { checkFaults, checkVariants, faultTargets, perApi, variantTargets, writeJson } from '../lib/mutation.ts';
import { allRequirements, profileNames, useAdapters } from '../lib/registry.ts';
import { runAdapters } from '../specs/registry.ts';

useAdapters(await runAdapters());
const USAGE = 'usage: npm run mutation -- [--api NAME]... [--jobs N] [--tagged]';
const { values } = commandLine('mutation', USAGE, {
  options: {
    api: { type: 'string', multiple: true },
    jobs: { type: 'string', default: '2' },
    tagged: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
  allowPositionals: false,
});
const unknownApi = unknownValue('api', values.api, profileNames());
if (unknownApi) usageError('mutation', unknownApi, USAGE);
const workers = Number(values.jobs);
if (!Number.isInteger(workers) || workers < 1) usageError('mutation', '--jobs must be a whole number of at least 1', USAGE);
const only = new Set(values.api ?? []);
const dir = join(reportDir(), 'mutation');
const started = performance.now();
const wanted = (profiles: string[]) => profiles.filter((p) => only.size === 0 || only.has(p));

const targets = (await faultTargets()).map((t) => ({ ...t, profiles: wanted(t.profiles) })).filter((t) => t.profiles.length > 0);
console.log(`mutation: ${targets.length} faults, one run each, ${values.tagged ? 'tagged tests only' : 'whole suites'} (${workers} workers)`);
const { verdicts: faults } = await checkFaults(targets, values.tagged ? 'tagged' : 'full', { reportDir: join(dir, 'faults'), workers });
for (const v of faults) console.log(`${v.caught ? 'caught  ' : 'SURVIVED'} ${v.fault} → ${v.violates.join(', ')}`);

const variantList = (await variantTargets()).map((t) => ({ ...t, profiles: wanted(t.profiles) })).filter((t) => t.profiles.length > 0);
const { verdicts: variants } = await checkVariants(
  variantList.map((t) => [t]),
  { reportDir: join(dir, 'variants'), workers },
);
for (const v of variants) console.log(`${v.passed ? 'passed' : 'FAILED'} variant ${v.variant}${v.passed ? '' : `: ${v.failed.join('; ')}`}`);

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
  ...faults.map(
    (f) =>
      `| ${f.fault}: ${cell(f.description)} | ${f.violates.join('<br>')} | ${f.caught ? 'yes' : '**no**'} | ${cell(f.caughtBy.join('<br>')) || '—'} | ${f.collateral.join('<br>') || '—'} |`,
  ),
  '',
  '| variant | silence exercised | passed |',
  '|---|---|---|',
  ...variants.map((v) => `| ${v.variant} | ${cell(v.silence)} | ${v.passed ? 'yes' : `**no**: ${cell(v.failed.join('; '))}`} |`),
  '',
];
writeFileSync(join(reportDir(), 'mutation.md'), lines.join('\n'));

console.log(
  `\nfaults caught ${summary.faults.caught}/${summary.faults.total} (${Object.entries(summary.faults.perApi)
    .map(([a, c]) => `${a} ${c.caught}/${c.total}`)
    .join(', ')})`,
);
console.log(`variants passed ${summary.variants.passed}/${summary.variants.total}`);
if (gaps.length) console.log(`requirements without a fault: ${gaps.join(', ')}`);
console.log(`kill matrix: ${join(reportDir(), 'mutation.md')} (${(summary.elapsedMs / 1000).toFixed(0)} s)`);
process.exit(survivors.length || failedVariants.length || gaps.length ? 1 : 0);
