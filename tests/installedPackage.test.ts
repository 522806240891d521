// The CI recipe of docs/ci.md, run on this machine: the package packed, installed from its tarball
// into an empty folder, and its command run there against the reference in a process of its own
// (what `npm run reference -- --out t.json` starts), as two shards and a merge. The reports land in that folder,
// never in the installed package, and the merge gives every requirement its verdict.
import './support/setup.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConformanceReport } from '../lib/conformanceReport.ts';
import { catalogOf } from '../lib/registry.ts';
import { startReferenceProcess } from '../lib/referenceProcess.ts';
import { PROJECT_ROOT } from '../lib/runSuite.ts';
import { statusesOf } from './support/statuses.ts';

const work = mkdtempSync(join(tmpdir(), 'installed-package-'));
const vendor = join(work, 'vendor');

/**
 * The environment of a vendor's CI job: none of this process's conformance settings, but one worker
 * (CONFORMANCE_WORKERS, as the README documents it): a shard of Lia's tests is seconds of work, and each of the
 * four workers a run against a target file takes by default costs more CPU to start than it saves.
 */
const vendorEnv = { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('CONFORMANCE_'))), CONFORMANCE_WORKERS: '1' };

/** Runs a command in the vendor's folder; resolves with its exit code and output. */
function inVendor(command: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: vendor, env: vendorEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => void (output += c));
    child.stderr.on('data', (c: Buffer) => void (output += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

const readReport = () => JSON.parse(readFileSync(join(vendor, 'reports', 'conformance.json'), 'utf8')) as ConformanceReport;

test('installed from its tarball into an empty folder, the command runs there, as two shards and a merge', { timeout: 180_000 }, async () => {
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: PROJECT_ROOT, encoding: 'utf8' })) as {
    filename: string;
    files: { path: string }[];
  }[];
  const files = packed.files.map((f) => f.path);
  for (const needed of [
    'bin/chatbot-api-conformance.js',
    'bin/conformance.ts',
    'playwright.config.ts',
    'schemas/target.schema.json',
    'specs/registry.ts',
    'fixtures/globalSetup.ts',
    'reference/variants.ts',
  ]) {
    assert.ok(files.includes(needed), `the tarball holds ${needed}`);
  }
  assert.deepEqual(
    files.filter((f) => /^(tests|reports|node_modules)\//.test(f)),
    [],
    'the tarball holds no tests, reports or dependencies',
  );

  mkdirSync(vendor);
  writeFileSync(join(vendor, 'package.json'), JSON.stringify({ name: 'vendor-ci', private: true }));
  const install = await inVendor('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(work, packed.filename)]);
  assert.equal(install.code, 0, install.output);

  const reference = await startReferenceProcess({ file: join(vendor, 't.json'), env: vendorEnv });
  try {
    // Two shards and a merge: every Lia test runs once, in one shard or the other (tests/shards.test.ts
    // holds the merge to one run's verdicts; here it is the installed command, in the vendor's folder).
    const run = (...args: string[]) => inVendor('npx', ['chatbot-api-conformance', ...args]);
    for (const shard of ['1/2', '2/2']) {
      const part = await run('--target', 't.json', '--api', 'lia', '--shard', shard);
      assert.equal(part.code, 0, part.output.slice(-3000));
      assert.match(part.output, /requirements checked, 0 failed$/m);
    }
    const merged = await run('merge');
    assert.equal(merged.code, 0, merged.output.slice(-3000));
    const report = readReport();
    assert.equal(report.target, 'local-reference');
    const lia = report.requirements.filter((r) => r.api === 'lia');
    assert.deepEqual(lia.map((r) => r.id).sort(), [...catalogOf('lia').values()].map((r) => r.id).sort(), 'every Lia requirement is reported');
    assert.ok(
      lia.every((r) => r.status === 'passed'),
      JSON.stringify(statusesOf(report.requirements)),
    );
    for (const file of ['conformance.html', 'conformance-junit.xml', 'junit.xml', 'html/index.html'])
      assert.ok(existsSync(join(vendor, 'reports', file)), `reports/${file} in the vendor's folder`);
    assert.equal(existsSync(join(vendor, 'node_modules', 'chatbot-api-conformance', 'reports')), false, 'nothing written into the installed package');
  } finally {
    reference.stop();
  }
});

test('docs/ci.md shows the commands this test runs', () => {
  const recipe = readFileSync(join(PROJECT_ROOT, 'docs', 'ci.md'), 'utf8');
  for (const command of [
    'npm install --no-audit --no-fund ./chatbot-api-conformance-',
    'npx chatbot-api-conformance --target',
    '--shard ${{ matrix.shard }}/2',
    '--shard "$CI_NODE_INDEX/$CI_NODE_TOTAL"',
    'npx chatbot-api-conformance merge',
  ]) {
    assert.ok(recipe.includes(command), `docs/ci.md runs ${command}`);
  }
});
