// A target file's `openapi` section through the CLI, the way a vendor runs it: the Chat API's own
// document (schemas/chat-api.openapi.json) against the embedded Chat API reference passes, its
// derived requirements in conformance.json and the conformance page; on a section of the demo's
// document against a faulty reference, the preflight, the gate and expectedFailures work on
// derived requirements as on any other; and the stateful checks leave nothing behind.
import './support/demo.ts';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedReference } from '../lib/embeddedReference.ts';
import {
  armLastPass,
  finishLedger,
  lastPass,
  lastPassWithin,
  LEDGER_ENV,
  LEDGER_FILE,
  objectsOf,
  readLedger,
  record,
  startLedger,
  type Created,
  type Outcome,
} from '../lib/openapi/ledger.ts';
import { unusable } from '../lib/reachability.ts';
import { runSuite, type SuiteRun } from '../lib/runSuite.ts';
import { adapters } from '../lib/registry.ts';
import { sendJson, serve } from '../reference/http.ts';
import { cliIn, ONE_WORKER } from './support/cliRuns.ts';
import { startHostileServer } from './support/hostileServer.ts';

const root = mkdtempSync(join(tmpdir(), 'openapi-run-'));
const schema = (file: string) => fileURLToPath(new URL(`../schemas/${file}`, import.meta.url));
const DEMO_DOCUMENT = fileURLToPath(new URL('./openapi-demo/openapi-demo.openapi.yml', import.meta.url));
const cli = cliIn(root);
const writeTarget = (name: string, content: unknown) => {
  const file = join(root, `${name}.json`);
  writeFileSync(file, JSON.stringify(content));
  return file;
};
/** The verdicts of a run's requirements whose id starts with `prefix`, by the rest of their id: `status: reason`. */
const verdictsOf = (run: SuiteRun, prefix: string) =>
  Object.fromEntries(
    run.report!.requirements.filter((r) => r.id.startsWith(prefix)).map((r) => [r.id.slice(prefix.length), `${r.status}${r.reason ? `: ${r.reason}` : ''}`]),
  );
const referenceOf = (adapter: string, faults = '', variants = '') =>
  startEmbeddedReference({ only: adapters().filter((a) => a.name === adapter), faults, variants, env: {} });

test("the Chat API's own document, through the OpenAPI kind, passes against the embedded Chat API reference", async () => {
  const reference = await referenceOf('chat-api');
  try {
    const { baseUrl, token } = reference.target.apis['jaicp-chat'];
    const file = writeTarget('chat', {
      name: 'chat-by-document',
      apis: { 'chat-openapi': { baseUrl, token, openapi: { document: schema('chat-api.openapi.json'), catalogue: 'Chat API' } } },
    });
    const list = await cli('chat-list', '--target', file, '--list', '--api', 'chat-openapi');
    assert.match(
      list.output,
      /^chat-openapi\.getEvents\.requires-token \[SHOULD\] 004_d2616e2255e89e41\.txt\n {2}«Чтобы пользоваться API, получите токен в JAICP\. \.\.\. Chat API — /m,
    );

    const run = await cli('chat', '--target', file, '--api', 'chat-openapi');
    assert.equal(run.exitCode, 0, run.output.slice(-3000));
    const derived = run.report!.requirements.filter((r) => r.api === 'chat-openapi');
    assert.ok(derived.length >= 40, `${derived.length} requirements derived`);
    for (const r of derived) {
      // Only GETs whose words change nothing run unless the section lists the operations that may change data.
      const unsafe = r.status === 'skipped' && /may change data \(.*\): it runs only when the section's openapi\.unsafe lists/.test(r.reason ?? '');
      // The document types getEvents' ts as any text and leaves clientId optional; the reference refuses
      // both (400, which documented-status takes): when every drawn request has one, no answer has a schema to judge.
      const unjudged =
        r.id === 'chat-openapi.getEvents.response-schema' &&
        r.status === 'skipped' &&
        /^not judged: no answer of the operation had a status it documents with a JSON schema \(answered 400/.test(r.reason ?? '');
      assert.ok(r.status === 'passed' || unsafe || unjudged, `${r.id}: ${r.status} ${r.reason ?? ''}`);
    }
    assert.ok(derived.some((r) => r.id === 'chat-openapi.loadState.response-schema' && r.status === 'passed'));
    // GET /chatapi/{token} sends the bot a message: a GET, but its words say so.
    assert.match(
      derived.find((r) => r.id === 'chat-openapi.sendSimplified.documented-status')!.reason!,
      /^GET \/chatapi\/\{token\} may change data \(its operationId says "send"\)/,
    );
    assert.ok(
      readFileSync(join(root, 'chat', 'conformance.html'), 'utf8').includes('chat-openapi.getEvents.response-schema'),
      'the conformance page lists derived requirements',
    );
    assert.match(run.output, /conformance: chat-openapi: warning: .*the path uses \{clientId\}, which no parameter declares/);
  } finally {
    await reference.close();
  }
});

test('expected failures and the gate work on derived requirements', async () => {
  const reference = await referenceOf('openapi-demo', 'demo-get-cached-203');
  try {
    const { baseUrl, token } = reference.target.apis['openapi-demo'];
    // The preflight's one harmless request is the first operation's, with the token where the document puts it.
    assert.match(
      (await unusable('openapi-demo', { baseUrl, token: 'not-the-token' }))?.said ?? '',
      /^refused the credential: GET \/items\/\{itemId\} was answered 401 \(check the token \(the Authorization header\)\)$/,
    );
    const failing = 'stock.getItem.documented-status';
    // A derived failure the file expects, and a derived requirement it lists that passes: one run shows both
    // (a new failure failing the gate is the gate's own, whatever made the id: tests/cli.test.ts).
    const expectedFailures = [
      { id: failing, reason: 'STOCK-7: the cache answers 203' },
      { id: 'stock.getItem.no-server-error', reason: 'fixed since' },
    ];
    const file = writeTarget('gated', { name: 'gated', apis: { stock: { baseUrl, token, openapi: { document: DEMO_DOCUMENT } } }, expectedFailures });
    const run = await cli('gated', '--target', file, '--api', 'stock', '--grep', 'getItem.*valid requests are answered');
    assert.equal(run.exitCode, 0, run.output.slice(-3000));
    const entry = run.report!.requirements.find((r) => r.id === failing)!;
    assert.deepEqual(entry.expected, { reason: 'STOCK-7: the cache answers 203' });
    assert.match(entry.reason!, /answered 203; the operation documents 200, 404/);
    assert.deepEqual(run.report!.totals.gate, {
      level: 'MUST',
      passed: true,
      newFailures: [],
      expectedFailures: [failing],
      fixed: ['stock.getItem.no-server-error'],
      brokenTests: [],
    });
    assert.match(run.output, /expected to fail but passed, remove from expectedFailures: stock\.getItem\.no-server-error/);
  } finally {
    await reference.close();
  }
});

test('by default nothing whose words say it changes data runs: --list says which operations run and why, the preflight sends none of them, the data stays as it was', async () => {
  const reference = await referenceOf('openapi-demo');
  try {
    const { baseUrl, token } = reference.target.apis['openapi-demo'];
    const file = writeTarget('default', { name: 'default', apis: { stock: { baseUrl, token, openapi: { document: DEMO_DOCUMENT } } } });
    const list = await cli('default-list', '--target', file, '--list', '--api', 'stock');
    assert.match(list.output, /^stock: operations of openapi-demo\.openapi\.yml$/m);
    assert.match(
      list.output,
      /^ {2}addTag: not run — GET \/items\/\{itemId\}\/addTag may change data \(its operationId says "add"\): it runs only when the section's openapi\.unsafe lists "addTag"$/m,
    );
    assert.match(list.output, /^ {2}getItem: runs — GET \/items\/\{itemId\} is a GET whose words say it changes nothing$/m);
    assert.match(list.output, /^ {2}createItem: not run — POST \/items may change data \(a POST\)/m);

    const run = await cli('default', '--target', file, '--api', 'stock');
    assert.equal(run.exitCode, 0, run.output.slice(-3000));
    const result = (id: string) => run.report!.requirements.find((r) => r.id === `stock.${id}`)!;
    for (const check of ['documented-status', 'no-server-error', 'response-schema', 'refuses-invalid', 'requires-token']) {
      assert.deepEqual(
        [result(`addTag.${check}`).status, result(`addTag.${check}`).reason],
        ['skipped', `GET /items/{itemId}/addTag may change data (its operationId says "add"): it runs only when the section's openapi.unsafe lists "addTag"`],
      );
    }
    // addTag's request would retag item 42 (its example); the catalogue's tag for it is shelf-3.
    const item = await fetch(`${baseUrl}/items/42`, { headers: { authorization: String(token) } }).then((r) => r.json() as Promise<{ tag: string }>);
    assert.equal(item.tag, 'shelf-3', 'neither the preflight nor the run sent addTag');
    // The report takes a token the document does not declare: refused 401, nothing of it is judged.
    for (const check of ['documented-status', 'no-server-error', 'response-schema']) {
      assert.deepEqual(
        [result(`getStockReport.${check}`).status, result(`getStockReport.${check}`).reason],
        ['skipped', "not judged: every request was refused 401: the section's token may be wrong, or the operation takes one the document does not declare"],
      );
    }
    assert.ok(
      ['documented-status', 'no-server-error', 'response-schema', 'refuses-invalid', 'requires-token'].every(
        (check) => result(`getItem.${check}`).status === 'passed',
      ),
    );
  } finally {
    await reference.close();
  }
});

const VACUOUS = `
openapi: 3.0.3
info: { title: Vacuous, version: '1' }
paths:
  /ping:
    get:
      operationId: ping
      parameters: [ { name: Authorization, in: header, required: true, schema: { type: string } } ]
      responses: { '200': { description: pong, content: { application/json: { schema: { type: object, required: [ok], properties: { ok: { type: boolean } } } } } } }
  /locked:
    get:
      operationId: locked
      parameters: [ { name: Authorization, in: header, required: true, schema: { type: string } }, { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 10 } } ]
      responses: { '200': { description: what another token opens, content: { application/json: { schema: { type: object } } } } }
  /region:
    get:
      operationId: region
      parameters: [ { name: Authorization, in: header, required: true, schema: { type: string } }, { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 10 } } ]
      responses: { '200': { description: the region } }
`;

test('a check passes only on an exchange of the kind it judges: otherwise it is skipped, saying why', async () => {
  const TOKEN = 'vacuous-token-7f3a';
  // ping takes the token; locked refuses it (it takes another); region refuses every request 400 for
  // a header the document does not declare, and never looks at the token.
  const server = await serve(async (req, res) => {
    req.resume();
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/ping')
      return sendJson(res, req.headers.authorization === TOKEN ? 200 : 401, req.headers.authorization === TOKEN ? { ok: true } : { message: 'token' });
    if (path === '/locked') return sendJson(res, 401, { message: 'this token does not open it' });
    return sendJson(res, 400, { message: 'X-Region is required' });
  });
  try {
    writeFileSync(join(root, 'vacuous.yml'), VACUOUS);
    const file = writeTarget('vacuous', { name: 'vacuous', apis: { vacuous: { baseUrl: server.url, token: TOKEN, openapi: { document: 'vacuous.yml' } } } });
    const run = await cli('vacuous', '--target', file, '--api', 'vacuous');
    assert.equal(run.exitCode, 0, run.output.slice(-3000));
    const verdicts = verdictsOf(run, 'vacuous.');
    const hint = "the section's token may be wrong, or the operation takes one the document does not declare";
    // How many requests were sent depends on CONFORMANCE_CASES.
    for (const [id, verdict] of Object.entries(verdicts)) verdicts[id] = verdict.replace(/ ×\d+:/, ' ×N:');
    assert.deepEqual(verdicts, {
      'ping.documented-status': 'passed',
      'ping.no-server-error': 'passed',
      'ping.response-schema': 'passed',
      'ping.requires-token': 'passed',
      'locked.documented-status': `skipped: not judged: every request was refused 401 ×N: ${hint}`,
      'locked.no-server-error': `skipped: not judged: every request was refused 401 ×N: ${hint}`,
      'locked.response-schema': `skipped: not judged: every request was refused 401 ×N: ${hint}`,
      'locked.refuses-invalid': `skipped: not judged: the valid request they break was itself refused 401, and so was every one of them: ${hint}`,
      'locked.requires-token': `skipped: not judged: the request with the section's token was refused 401: ${hint}`,
      // A 4xx the operation does not list passes documented-status; a refusal shows nothing of the token or the limit.
      'region.documented-status': 'passed',
      'region.no-server-error': 'passed',
      'region.refuses-invalid':
        'skipped: not judged: the valid request they break was itself refused 400, and so was every one of them: a refusal for what they change cannot be told from it',
      'region.requires-token':
        "skipped: not judged: the request with the section's token was itself refused 400, and so was every one of them: a refusal for what they change cannot be told from it",
    });
  } finally {
    await server.close();
  }
});

test('a request about an object the test creates, whose create is refused or breaks, is judged inside its first check: the verdict says what the create got', async () => {
  // One stock takes no new item, the other drops the connection of a create; each holds no item a request names.
  const stock = (create: (res: ServerResponse) => void) =>
    serve(async (req, res) => {
      req.resume();
      if (req.method === 'POST' && req.url === '/items') return create(res);
      return sendJson(res, 404, { code: 'not-found', message: 'no such item' });
    });
  const refusing = await stock((res) => sendJson(res, 400, { code: 'closed', message: 'the stock takes no new item' }));
  const breaking = await stock((res) => void res.socket?.destroy());
  try {
    const section = (baseUrl: string) => ({ baseUrl, token: 'stock-token', openapi: { document: DEMO_DOCUMENT, unsafe: ['createItem', 'deleteItem'] } });
    const file = writeTarget('unmade', { name: 'unmade', apis: { refusing: section(refusing.url), breaking: section(breaking.url) } });
    const run = await cli('unmade', '--target', file, '--api', 'refusing', '--api', 'breaking', '--grep', 'deleteItem');
    assert.equal(run.exitCode, 1, run.output.slice(-3000));
    const unmade = (what: string) => `skipped: not judged: no object was created for ${what} to ask about: createItem answered 400`;
    const refused = verdictsOf(run, 'refusing.deleteItem.');
    // response-schema is judged by the valid requests' test and the invalid ones': either says why it judged nothing.
    assert.ok([unmade('the valid requests'), unmade('the valid request they break')].includes(refused['response-schema']), refused['response-schema']);
    assert.deepEqual(refused, {
      'documented-status': unmade('the valid requests'),
      'no-server-error': unmade('the valid requests'),
      'response-schema': refused['response-schema'],
      'refuses-invalid': unmade('the valid request they break'),
      'requires-token': unmade("the request with the section's token"),
    });
    const broken = verdictsOf(run, 'breaking.deleteItem.');
    assert.deepEqual(Object.keys(broken).sort(), ['documented-status', 'no-server-error', 'refuses-invalid', 'requires-token', 'response-schema']);
    for (const check of ['no-server-error', 'refuses-invalid', 'requires-token'])
      assert.match(broken[check], /^failed: .*\nPOST http:\S+\/items: the connection was reset before an answer/, check);
    assert.equal(broken['documented-status'], 'skipped: not judged: deleteItem.no-server-error ended before a valid request was answered');
    assert.match(
      broken['response-schema'],
      /^skipped: not judged: deleteItem\.(no-server-error|refuses-invalid) ended before an? (in)?valid request was answered$/,
    );
  } finally {
    await refusing.close();
    await breaking.close();
  }
});

// The time limit's run mostly waits for its limit: the CRUD run keeps a core busy meanwhile.
describe('what a run creates on the target', { concurrency: 2 }, () => {
  test('stateful checks on a CRUD document: a check that fails still leaves nothing behind, and the report lists what was created and removed', async () => {
    // An update that stores nothing (a SHOULD fails, its test goes on) and a create answered 200 (a MUST fails: its test fails).
    const reference = await referenceOf('openapi-demo', 'demo-update-not-stored,demo-create-200');
    try {
      const { baseUrl, token } = reference.target.apis['openapi-demo'];
      const file = writeTarget('crud', {
        name: 'crud',
        apis: {
          stock: { baseUrl, token, openapi: { document: DEMO_DOCUMENT, unsafe: ['createItem', 'updateItem', 'deleteItem', 'cloneItem'] } },
        },
      });
      const list = await cli('crud-list', '--target', file, '--list', '--api', 'stock');
      assert.match(
        list.output,
        /^ {2}items \(by id; createItem, getItem, listItems, updateItem, deleteItem, getItemBySku, cloneItem\): stateful checks run — every operation they send runs, and what they create is removed$/m,
      );
      assert.match(
        list.output,
        /^ {2}deleteItem: runs — DELETE \/items\/\{itemId\} may change data \(a DELETE\), and the section's openapi\.unsafe lists "deleteItem"; it is sent only about items the run creates \(createItem\)$/m,
      );

      const run = await cli('crud', '--target', file, '--api', 'stock', '--grep', 'items: |updateItem|createItem');
      assert.equal(run.exitCode, 1, run.output.slice(-3000));
      const result = (id: string) => run.report!.requirements.find((r) => r.id === `stock.${id}`)!;
      assert.deepEqual(run.report!.totals.gate.newFailures, ['stock.createItem.documented-status']);
      assert.equal(result('items.update-is-read').status, 'failed');
      assert.match(
        result('items.update-is-read').reason!,
        /getItem answered 200, but not with what the update \(updateItem answered 200\) was given: name: gave /,
      );
      for (const check of ['created-is-read', 'created-is-listed', 'deleted-is-gone', 'deleted-not-listed', 'lookup-finds-it', 'clone-is-new'])
        assert.equal(result(`items.${check}`).status, 'passed', `${check}: ${result(`items.${check}`).reason}`);

      const objects = run.report!.driving!.stock.objects!;
      assert.ok(objects.length >= 8, JSON.stringify(objects));
      assert.deepEqual(
        objects.filter((o) => !o.removed),
        [],
        'every object created was removed',
      );
      assert.ok(objects.some((o) => o.createdBy === 'cloneItem' && /^DELETE \/items\/\d+ answered 200$/.test(o.removed!)));
      assert.ok(
        objects.some((o) => o.test.includes('an update is what a later read shows')),
        'the failing check removed what it created',
      );
      assert.ok(
        objects.some((o) => o.test.includes('createItem (POST /items): valid requests are answered as documented')),
        'the failed test removed what it created',
      );
      assert.match(run.output, /stock: .*; \d+ objects created \(items: \d+ by createItem, \d+ by cloneItem\), \d+ removed\n/);
      // The reference holds none of them.
      const page = await fetch(`${baseUrl}/items?limit=100`, { headers: { authorization: String(token) } }).then(
        (r) => r.json() as Promise<{ items: unknown[] }>,
      );
      assert.deepEqual(page.items, []);
    } finally {
      await reference.close();
    }
  });

  test('a run cut at its time limit still removes what its tests created, before the report says what is left', async () => {
    const reference = await referenceOf('openapi-demo');
    const { baseUrl, token } = reference.target.apis['openapi-demo'];
    // The first delete is held unanswered: the test that made the item is still removing it when the run's time runs out.
    let held = '';
    const front = await startHostileServer({
      upstream: baseUrl,
      behaviour: (req) => (!held && req.method === 'DELETE' ? ((held = req.url ?? '/'), 'hang') : 'pass'),
    });
    const items = async () => {
      const reply = await fetch(`${baseUrl}/items?limit=100`, { headers: { authorization: String(token) } });
      assert.equal(reply.status, 200);
      return JSON.stringify(await reply.json());
    };
    try {
      const before = await items();
      const file = writeTarget('cut', {
        name: 'cut',
        apis: { stock: { baseUrl: front.url, token, openapi: { document: DEMO_DOCUMENT, unsafe: ['createItem', 'deleteItem'] } } },
      });
      // Its delete comes 4-5 s into the run here; the limit leaves a busy runner six times that.
      const limitS = 30;
      const run = await runSuite({
        reportDir: join(root, 'cut'),
        command: ['tsx', 'bin/conformance.ts', '--target', file, '--api', 'stock', '--grep', 'getItem'],
        // The held delete waits for the time limit, not for a request timeout of its own.
        env: { ...ONE_WORKER, CONFORMANCE_GLOBAL_TIMEOUT_MS: String(limitS * 1000), CONFORMANCE_REQUEST_TIMEOUT_MS: String(3 * limitS * 1000) },
      });
      assert.match(held, /^\/items\/\d+$/, `a delete of an item the run made was held\n${run.output.slice(-2000)}`);
      assert.match(run.output, new RegExp(`Timed out waiting ${limitS}s`), 'the run reached its time limit');
      assert.match(run.output, /the runner removed what 1 object\(s\) a stopped test left \(1 removed\)/);
      const objects = run.report!.driving!.stock.objects!;
      assert.ok(
        objects.some((o) => `/items/${o.id}` === held),
        JSON.stringify(objects),
      );
      assert.deepEqual(
        objects.filter((o) => !o.removed),
        [],
        'the report lists nothing left',
      );
      assert.equal(await items(), before, 'the target holds what it held before the run');
    } finally {
      await front.close();
      await reference.close();
    }
  });
});

test('what a stopped worker left, the runner removes after the run; what it cannot remove is said', async () => {
  const asked: string[] = [];
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const server = await serve(async (req, res) => {
    asked.push(`${req.method} ${req.url}`);
    req.resume();
    if (req.url === '/items/7') await held;
    res.writeHead(req.url === '/items/2' ? 500 : 204).end();
  });
  try {
    const file = join(root, LEDGER_FILE);
    startLedger(file);
    const env = { [LEDGER_ENV]: file };
    const created = (key: string, id: number, removal: Created['removal']): Created => ({
      event: 'created',
      key,
      run: 'default',
      api: 'stock',
      resource: 'items',
      id,
      by: 'createItem',
      test: 'a test',
      removal,
    });
    const removal = (id: number) => ({ method: 'DELETE', url: `${server.url}/items/${id}`, path: `/items/${id}`, what: `DELETE /items/${id}`, headers: {} });
    record(created('w1-1', 1, removal(1)), env);
    record(created('w1-2', 2, removal(2)), env);
    record(created('w1-3', 3, removal(3)), env);
    record({ event: 'removed', key: 'w1-3', how: 'DELETE /items/3 answered 204', by: 'test end' }, env);
    record(created('w1-4', 4, { none: 'the document has no DELETE removing items' }), env);
    await finishLedger(file);
    assert.deepEqual(asked, ['DELETE /items/1', 'DELETE /items/2'], 'only what no test removed');
    assert.deepEqual(
      objectsOf(readLedger(file), 'default', 'stock').map((o) => [o.id, o.removed ?? `left: ${o.left}`]),
      [
        [1, 'DELETE /items/1 answered 204'],
        [2, 'left: DELETE /items/2 answered 500'],
        [3, 'DELETE /items/3 answered 204'],
        [4, 'left: the document has no DELETE removing items'],
      ],
    );

    // Armed as the global setup arms it: one pass, whichever end of the run asks first, and the report waits for it within a bound.
    const armed = join(root, `armed-${LEDGER_FILE}`);
    startLedger(armed);
    record(created('w2-7', 7, removal(7)), { [LEDGER_ENV]: armed });
    const said: Outcome[][] = [];
    armLastPass(armed, (outcomes) => said.push(outcomes));
    assert.equal(await lastPassWithin(100), false, 'a removal still unanswered is not waited for past the bound');
    release();
    assert.deepEqual(
      (await lastPass()).map((o) => o.how),
      ['DELETE /items/7 answered 204'],
    );
    assert.equal(await lastPassWithin(100), true);
    assert.equal(said.length, 1, 'the pass ran once');
    assert.equal(asked.filter((a) => a === 'DELETE /items/7').length, 1);
  } finally {
    await server.close();
  }
});
