// The target file: a public interface vendors write by hand. A bad one gets one message that
// names the field, and no test starts.
import './support/setup.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTargetFile, resolveReferenceTarget, resolveTarget, secretsOf, TARGET_OUTLINE_ENV, targetOutline, TargetError } from '../lib/target.ts';
import { CHAT_API_DEFAULTS, type ChatApiTarget } from '../specs/chat-api/target.ts';
import { runSuite } from '../lib/runSuite.ts';
import { startEmbeddedReference } from '../lib/embeddedReference.ts';
import { hasOpenApiSections } from '../lib/openapi/kindSections.ts';
import { ADAPTERS } from '../specs/registry.ts';

const dir = mkdtempSync(join(tmpdir(), 'target-test-'));
const write = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};
const chat = { baseUrl: 'http://127.0.0.1:8081/', token: 'channel-token' };

test('a target file has sections of the OpenAPI kind only where a section names an openapi document', () => {
  assert.equal(hasOpenApiSections(write('builtin.json', { name: 'acme', apis: { 'jaicp-chat': chat } })), false);
  assert.equal(
    hasOpenApiSections(
      write('openapi.json', { name: 'acme', apis: { 'jaicp-chat': chat, shop: { baseUrl: 'http://127.0.0.1:1', openapi: { document: 'shop.yaml' } } } }),
    ),
    true,
  );
  // Unreadable or unparsable: none (loading the file says why).
  assert.equal(hasOpenApiSections(write('broken.json', '{ "apis": ')), false);
  assert.equal(hasOpenApiSections(join(dir, 'missing.json')), false);
  assert.equal(hasOpenApiSections(undefined), false);
});

test('the embedded reference describes itself as a valid target file (a run takes its description unvalidated)', async () => {
  const reference = await startEmbeddedReference({ env: {} });
  try {
    assert.deepEqual(
      resolveTarget(structuredClone(reference.target), {}, 'the embedded reference'),
      resolveReferenceTarget(structuredClone(reference.target), 'the embedded reference'),
    );
  } finally {
    await reference.close();
  }
});

test("the target file's schema and every section schema are valid JSON Schema (runs compile them without the meta-schema)", () => {
  const ajv = new Ajv2020({ strict: true });
  const schemas = [JSON.parse(readFileSync(new URL('../schemas/target.schema.json', import.meta.url), 'utf8')), ...ADAPTERS.map((a) => a.section.schema)];
  for (const schema of schemas) assert.equal(ajv.validateSchema(schema), true, `${String(schema.$id)}: ${ajv.errorsText()}`);
});

test('a minimal file gets the documented defaults', () => {
  const target = resolveTarget({ name: 'acme', apis: { 'jaicp-chat': chat } }, {});
  const section = target.apis['jaicp-chat'] as ChatApiTarget;
  assert.equal(section.baseUrl, 'http://127.0.0.1:8081');
  assert.equal(section.timing.asyncAnswerTimeoutMs, 3000);
  assert.deepEqual(section.paths, CHAT_API_DEFAULTS.paths);
  assert.equal(target.apis.lia, undefined);
});

test('declared timings and paths win over the defaults', () => {
  const target = resolveTarget({ apis: { 'aimylogic-chat': { ...chat, timing: { longPollMinBlockMs: 5 }, paths: { stateSave: '/x/{clientId}' } } } }, {});
  const section = target.apis['aimylogic-chat'] as ChatApiTarget;
  assert.equal(section.timing.longPollMinBlockMs, 5);
  assert.equal(section.timing.longPollMaxMs, CHAT_API_DEFAULTS.timing.longPollMaxMs);
  assert.equal(section.paths.stateSave, '/x/{clientId}');
  assert.equal(section.paths.stateLoad, CHAT_API_DEFAULTS.paths.stateLoad);
});

test('environment variables supply secrets, so files can leave them out', () => {
  const target = resolveTarget(
    { apis: { 'jaicp-chat': { baseUrl: chat.baseUrl }, lia: { baseUrl: 'http://h', key: 'in-file' } } },
    {
      CONFORMANCE_JAICP_CHAT_TOKEN: 'from-env',
      CONFORMANCE_LIA_KEY: 'env-key',
    },
  );
  assert.equal(target.apis['jaicp-chat']!.token, 'from-env');
  assert.equal(target.apis.lia!.key, 'env-key');
  assert.deepEqual(secretsOf(target).sort(), ['env-key', 'from-env']);
});

const rejects = (raw: unknown, ...fragments: string[]) => {
  assert.throws(
    () => resolveTarget(raw, {}),
    (err: unknown) => {
      assert.ok(err instanceof TargetError);
      for (const f of fragments) assert.ok(err.message.includes(f), `"${f}" in: ${err.message}`);
      return true;
    },
  );
};

test('a bad field is named', () => {
  rejects({ apis: { 'jaicp-chat': { baseURL: 'http://x', token: 't' } } }, 'apis.jaicp-chat: unknown field "baseURL"', 'missing required field "baseUrl"');
  rejects({ apis: { 'jaicp-chat': { ...chat, timing: { longPollMinBlockMs: -1 } } } }, 'apis.jaicp-chat.timing.longPollMinBlockMs');
  rejects({ apis: { lia: { baseUrl: 'ftp://x', key: 'k' } } }, 'apis.lia.baseUrl', 'http(s) URL');
  // Credentials in the URL would reach the preflight only (the secret proxy sends origin and path), and the reports' curl lines.
  rejects({ apis: { lia: { baseUrl: 'https://vendor:secret@lia.example', key: 'k' } } }, 'apis.lia.baseUrl', 'without user:password@');
  rejects({ apis: { 'edna-threads': { ...chat, answerIdMode: 'lenient' } } }, 'apis.edna-threads.answerIdMode', '["strict","soft"]');
  rejects({ apis: { 'jaicp-chat': { ...chat, webhook: { listen: 'localhost' } } } }, 'apis.jaicp-chat.webhook.listen', 'host:port');
  // Port 0 would have the system choose a port, which the bot's webhook URL cannot name: every async check would fail.
  rejects({ apis: { 'jaicp-chat': { ...chat, webhook: { listen: '127.0.0.1:0' } } } }, 'apis.jaicp-chat.webhook.listen', 'port (1-65535)');
  rejects({ apis: {} }, 'apis');
  rejects([], '(top level)');
  // A name of no API is an unknown field beside a known section too; each section is judged by its own schema.
  rejects({ apis: { lia: { baseUrl: 'http://x', key: 'some-lia-key' }, 'jaicp-chta': chat } }, 'apis: unknown field "jaicp-chta"');
  rejects({ apis: { lia: { baseUrl: 'http://x', key: 'some-lia-key' }, 'jaicp-chat': { ...chat, key: 'k' } } }, 'apis.jaicp-chat: unknown field "key"');
  rejects({ apis: { 'jaicp-chat': chat, lia: { ...chat } } }, 'apis.lia: unknown field "token"');
});

test('a long poll cannot be held longer than it may last: a minimum block over the maximum (declared or by default) is refused', () => {
  const timed = (timing: Record<string, number>) => ({ apis: { 'aimylogic-chat': { ...chat, timing } } });
  rejects(
    timed({ longPollMinBlockMs: 6000, longPollMaxMs: 3000 }),
    'is not valid',
    'apis.aimylogic-chat.timing.longPollMinBlockMs: 6000 ms is more than timing.longPollMaxMs (3000 ms)',
  );
  rejects(
    timed({ longPollMinBlockMs: 40000 }),
    'apis.aimylogic-chat.timing.longPollMinBlockMs: 40000 ms is more than timing.longPollMaxMs (30000 ms, the default)',
  );
  const held = resolveTarget(timed({ longPollMinBlockMs: 3000, longPollMaxMs: 3000 }), {}).apis['aimylogic-chat'] as ChatApiTarget;
  assert.deepEqual([held.timing.longPollMinBlockMs, held.timing.longPollMaxMs], [3000, 3000]);
});

test('unreadable and malformed files are reported as such', () => {
  assert.throws(() => loadTargetFile(join(dir, 'missing.json')), /cannot read target file .*ENOENT/);
  assert.throws(() => loadTargetFile(write('broken.json', '{"apis": {')), /is not valid JSON/);
});

test('a missing secret is said with the variable that may hold it, and when that is set but empty (an unset CI secret)', () => {
  const missing = (env: NodeJS.ProcessEnv) => {
    try {
      resolveTarget({ apis: { lia: { baseUrl: 'http://x' } } }, env);
    } catch (err) {
      return (err as TargetError).message;
    }
    return 'accepted';
  };
  assert.match(missing({}), /apis\.lia: missing required field "key" \(or set CONFORMANCE_LIA_KEY\)$/m);
  assert.match(missing({ CONFORMANCE_LIA_KEY: '' }), /apis\.lia: missing required field "key" \(or set CONFORMANCE_LIA_KEY: it is set, but empty\)$/m);
  assert.equal(missing({ CONFORMANCE_LIA_KEY: 'from-ci' }), 'accepted');
});

test('a file saved with a byte order mark (as Windows editors may) is read as without one, by every reader of it', () => {
  const bom = (name: string, content: unknown) => write(name, `\uFEFF${JSON.stringify(content)}`);
  assert.equal(loadTargetFile(bom('bom.json', { name: 'acme', apis: { 'jaicp-chat': chat } })).name, 'acme');
  assert.equal(hasOpenApiSections(bom('bom-openapi.json', { name: 'acme', apis: { stock: { baseUrl: 'http://x', openapi: { document: 'd.yml' } } } })), true);
  assert.throws(() => loadTargetFile(write('bom-twice.json', `\uFEFF\uFEFF{}`)), /is not valid JSON/, 'one mark, and only at the start');
});

test("the target file is validated once in a run: its workers get its outline from the runner's environment", () => {
  const env: NodeJS.ProcessEnv = {};
  const path = write('outline.json', { name: 'acme', budget: '15m', apis: { 'jaicp-chat': chat } });
  assert.deepEqual(targetOutline(path, env), { budget: '15m', sections: ['jaicp-chat'] });
  assert.ok(env[TARGET_OUTLINE_ENV], 'handed on in the environment');
  // A worker, whatever the file says now.
  writeFileSync(path, '{ nope');
  assert.deepEqual(targetOutline(path, env), { budget: '15m', sections: ['jaicp-chat'] });
  assert.throws(() => targetOutline(path, {}), TargetError, 'a process without an outline reads and validates the file');
  assert.throws(() => targetOutline(path, { [TARGET_OUTLINE_ENV]: '{ not an outline' }), TargetError, 'nor with one that is none');
  assert.throws(
    () => targetOutline(write('outline-bad.json', { name: 'acme', apis: { 'jaicp-chat': { token: 'x' } } }), env),
    /baseUrl/,
    'another file is validated',
  );
});

test('a run with a bad target file stops before any test, naming the field', async () => {
  const path = write('typo.json', { name: 'typo', apis: { 'jaicp-chat': { baseUrl: 'http://127.0.0.1:1', tokn: 'x' } } });
  for (const run of [
    await runSuite({ reportDir: join(dir, 'pw'), env: { CONFORMANCE_TARGET: path } }),
    await runSuite({ reportDir: join(dir, 'cli'), command: ['tsx', 'bin/conformance.ts', '--target', path] }),
  ]) {
    assert.equal(run.exitCode, 2, run.output);
    assert.match(run.output, /apis\.jaicp-chat: unknown field "tokn"/);
    assert.match(run.output, /missing required field "token"/);
    assert.doesNotMatch(run.output, /Running \d+ test/);
    assert.equal(run.report, undefined, 'no report: no test ran');
  }
});

test('an expectedFailures id that names no requirement is a configuration error', () => {
  rejects(
    { apis: { 'jaicp-chat': chat }, expectedFailures: [{ id: 'jaicp-chat.sync.returns-cidd', reason: 'typo' }] },
    'expectedFailures: unknown requirement id "jaicp-chat.sync.returns-cidd"',
  );
  assert.doesNotThrow(() => resolveTarget({ apis: { 'jaicp-chat': chat }, expectedFailures: [{ id: 'jaicp-chat.sync.returns-cid', reason: 'ACME-1' }] }, {}));
});
