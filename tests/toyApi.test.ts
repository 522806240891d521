// Adding an API is one folder and one registry line: a toy fifth API (tests/toy-api/: an adapter
// with one requirement, its OpenAPI document, a spec, a reference with one fault) joins the
// project's APIs through a registry of one more line, and the CLI, the reporter, the preflight and
// the kill check take it with no edit anywhere else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useAdapters } from '../lib/registry.ts';
import { checkFaults, faultTargets } from '../lib/mutation.ts';
import { runSuite } from '../lib/runSuite.ts';
import { ADAPTERS } from './toy-api/registry.ts';

const REGISTRY = fileURLToPath(new URL('./toy-api/registry.ts', import.meta.url));
const TOY = dirname(REGISTRY);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const env = { CONFORMANCE_REGISTRY: REGISTRY };
useAdapters(ADAPTERS);
const root = mkdtempSync(join(tmpdir(), 'toy-api-'));

test('the toy folder imports only the core (lib/, fixtures/, reference/http.ts) and itself', () => {
  const files = readdirSync(TOY, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  for (const file of files) {
    for (const [, spec] of readFileSync(join(TOY, file), 'utf8').matchAll(/from '(\.[^']+)'/g)) {
      const target = relative(ROOT, resolve(TOY, dirname(file), spec));
      const allowed =
        target.startsWith('lib/') ||
        target.startsWith('fixtures/') ||
        target === 'reference/http.ts' ||
        target.startsWith('tests/toy-api/') ||
        target === 'specs/registry.ts';
      assert.ok(allowed, `${file} imports ${target}`);
    }
  }
});

test('the CLI lists it, runs it against its reference, and reports its requirement passed', async () => {
  const list = await runSuite({ reportDir: join(root, 'list'), env, command: ['tsx', 'bin/conformance.ts', '--list', '--api', 'toy-echo'] });
  assert.match(list.output, /^toy-echo\.echo\.returns-text \[MUST\] tests\/toy-api\/echo\.md$/m);
  const run = await runSuite({ reportDir: join(root, 'run'), env, command: ['tsx', 'bin/conformance.ts', '--api', 'toy-echo'] });
  assert.equal(run.exitCode, 0, run.output.slice(-3000));
  const toy = run.report!.requirements.find((r) => r.id === 'toy-echo.echo.returns-text');
  assert.equal(toy?.status, 'passed', JSON.stringify(toy));
});

test('a spec that does not load fails the run, saying so, rather than passing with nothing tested', async () => {
  const run = await runSuite({
    reportDir: join(root, 'broken'),
    env: { ...env, TOY_SPEC_BREAKS: '1' },
    command: ['tsx', 'bin/conformance.ts', '--api', 'toy-echo'],
  });
  assert.equal(run.exitCode, 1, run.output.slice(-3000));
  assert.match(run.report!.totals.gate.brokenTests.join('\n'), /^the run itself: .*the toy spec does not load/m);
  assert.match(run.output, /conformance: FAILED \(1 test\(s\) broke outside every MUST check\)/);
});

test('the kill check catches its fault by its own requirement', async () => {
  const targets = (await faultTargets()).filter((t) => t.fault.name === 'toy-echo-trimmed');
  assert.equal(targets.length, 1);
  const { verdicts, run } = await checkFaults(targets, 'tagged', { reportDir: join(root, 'kill'), env });
  assert.equal(verdicts[0].caught, true, `${JSON.stringify(verdicts[0])}\n${run.output.slice(-2000)}`);
  assert.match(verdicts[0].reasons['toy-echo.echo.returns-text'], /the text as sent/);
});
