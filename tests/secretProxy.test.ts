// The secret proxy: placeholders out, secrets in, and never a secret back.
import './support/setup.ts';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { DEADLINE_HEADER, MAX_ANSWER, PROXY_ERROR_HEADER, PROXY_ERROR_KIND_HEADER, secretMask, startSecretProxy } from '../lib/secretProxy.ts';
import { startHostileServer, type Behaviour } from './support/hostileServer.ts';

const SECRET = 'real/se cret';
const seen: { url?: string; auth?: string; body?: string }[] = [];
const upstream = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    seen.push({ url: req.url, auth: req.headers.authorization, body });
    res.writeHead(302, { location: `http://elsewhere.test/chatapi/${encodeURIComponent(SECRET)}`, 'x-echo': SECRET, 'content-type': 'application/json' });
    res.end(JSON.stringify({ token: SECRET, path: req.url }));
  });
});
await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/base`;
const proxy = await startSecretProxy(new Map([['api', { upstream: upstreamUrl, substitutions: [{ real: SECRET, placeholder: '__api-token__' }] }]]));
after(async () => {
  await proxy.close();
  upstream.close();
});

test('placeholders become the secret on the way out: path, query, headers and body', async () => {
  const res = await fetch(`${proxy.url}/api/chatapi/__api-token__/x?key=__api-token__`, {
    method: 'POST',
    headers: { authorization: 'Bearer __api-token__' },
    body: '{"t":"__api-token__"}',
    redirect: 'manual',
  });
  await res.arrayBuffer();
  const last = seen.at(-1)!;
  assert.equal(last.url, `/base/chatapi/${encodeURIComponent(SECRET)}/x?key=${encodeURIComponent(SECRET)}`);
  assert.equal(last.auth, `Bearer ${SECRET}`);
  assert.equal(last.body, `{"t":"${SECRET}"}`);
});

test('the secret becomes the placeholder on the way back, and a redirect is not followed', async () => {
  const res = await fetch(`${proxy.url}/api/chatapi/__api-token__`, { redirect: 'manual' });
  assert.equal(res.status, 302);
  assert.equal(res.headers.get('location'), 'http://elsewhere.test/chatapi/__api-token__');
  assert.equal(res.headers.get('x-echo'), '__api-token__');
  const text = await res.text();
  assert.ok(!text.includes(SECRET) && !text.includes(encodeURIComponent(SECRET)), text);
  assert.deepEqual(JSON.parse(text).token, '__api-token__');
});

test("an unreachable target is the proxy's own error, marked as such", async () => {
  const dead = await startSecretProxy(new Map([['api', { upstream: 'http://127.0.0.1:1', substitutions: [] }]]));
  const res = await fetch(`${dead.url}/api/x`);
  assert.equal(res.status, 502);
  assert.match(res.headers.get(PROXY_ERROR_HEADER) ?? '', /ECONNREFUSED/);
  await dead.close();
});

// --- hostile answers: every one ends within the worker's deadline with the proxy's own, clear error

const hostile = await startHostileServer({
  behaviour: (req) => (new URL(req.url ?? '/', 'http://x').searchParams.get('b') ?? 'pass') as Behaviour,
  upstream: upstreamUrl,
});
const hostileProxy = await startSecretProxy(new Map([['api', { upstream: hostile.url, substitutions: [{ real: SECRET, placeholder: '__api-token__' }] }]]));
after(async () => {
  await hostileProxy.close();
  await hostile.close();
});

/** What a busy machine may add to a deadline before the proxy's answer is back: generous, as the point is that it ends. */
const SLACK_MS = 10_000;

async function through(behaviour: Behaviour, deadlineMs = 1500) {
  const started = performance.now();
  const res = await fetch(`${hostileProxy.url}/api/chatapi/__api-token__?b=${behaviour}`, {
    headers: { [DEADLINE_HEADER]: String(deadlineMs) },
    redirect: 'manual',
  });
  const body = Buffer.from(await res.arrayBuffer());
  return { res, body, error: res.headers.get(PROXY_ERROR_HEADER), kind: res.headers.get(PROXY_ERROR_KIND_HEADER), tookMs: performance.now() - started };
}

test('an answer that never comes ends at the deadline, as a timeout', async () => {
  const { error, kind, tookMs } = await through('hang');
  assert.equal(kind, 'timeout');
  assert.match(error ?? '', /no answer within 1500 ms/);
  assert.ok(tookMs >= 1490 && tookMs < 1500 + SLACK_MS, `ended at the deadline (${Math.round(tookMs)} ms)`);
});

test('an answer that trickles in ends at the deadline, saying how far it got', async () => {
  const { error, kind } = await through('drip');
  assert.equal(kind, 'timeout');
  assert.match(error ?? '', /still arriving after 1500 ms \(\d+ bytes of the body so far\)/);
});

test('an endless body and a 10 MB body stop at the cap', async () => {
  // A deadline no read up to the cap comes near, even on a busy machine: the stop is the cap's, said as such, not the deadline's.
  for (const behaviour of ['endless', 'huge'] as const) {
    const { error, kind } = await through(behaviour, 120_000);
    assert.equal(kind, 'network', behaviour);
    assert.match(error ?? '', new RegExp(`body exceeds ${MAX_ANSWER} bytes`), behaviour);
  }
});

test('a connection reset mid-body, or closed without an answer, is said as such', async () => {
  assert.match((await through('reset')).error ?? '', /connection closed after \d+ bytes of the body, before the answer was complete/);
  assert.match((await through('close')).error ?? '', /closed before an answer|reset before an answer/);
});

test('echoed secrets are masked in every form: headers, cookies, gzip bodies, \\u escapes, bytes that are not UTF-8', async () => {
  const { res, body, error } = await through('echo-secrets');
  assert.equal(error, null);
  assert.equal(res.headers.get('content-encoding'), null, 'the body comes back decoded');
  const all = JSON.stringify([...res.headers]) + body.toString('latin1');
  for (const form of [SECRET, encodeURIComponent(SECRET), JSON.stringify(SECRET).slice(1, -1)]) assert.ok(!all.includes(form), `${form} in ${all}`);
  assert.ok(!JSON.stringify(JSON.parse(body.toString('utf8'))).includes(SECRET), 'the parsed body holds no secret');
  assert.match(all, /__api-token__/);
});

test('the mask works byte for byte on bodies that are not text, and on JSON escapes anywhere', () => {
  const mask = secretMask([{ real: SECRET, placeholder: '__api-token__' }]);
  const binary = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`x${SECRET}y${encodeURIComponent(SECRET)}`)]);
  assert.deepEqual(mask.bytes(binary), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('x__api-token__y__api-token__')]));
  assert.equal(mask.text(`{"a":"${[...SECRET].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"}`), '{"a":"__api-token__"}');
  // Partly escaped, in text that is not JSON, and in bytes that are not UTF-8.
  assert.equal(mask.text('<p>a \\u0072eal\\/se cret b</p>'), '<p>a __api-token__ b</p>');
  assert.deepEqual(
    mask.bytes(Buffer.concat([Buffer.from([0xff]), Buffer.from('\\u0072eal\\/se cret')])),
    Buffer.concat([Buffer.from([0xff]), Buffer.from('__api-token__')]),
  );
  assert.equal(mask.text('nothing \\n to hide'), 'nothing \\n to hide');
});

test("a kept-alive connection the target closes as a request goes out is not the target's failure: the request goes again on a new one", async () => {
  // Each connection answers its first request and resets on the next, as a target's idle timeout meeting our reuse does.
  let answered = 0;
  const closing = createNetServer((socket) => {
    let served = false;
    socket.on('data', () => {
      if (served) return void socket.resetAndDestroy();
      served = true;
      answered += 1;
      socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: keep-alive\r\n\r\n{}');
    });
  });
  await new Promise<void>((r) => closing.listen(0, '127.0.0.1', r));
  const closingProxy = await startSecretProxy(
    new Map([['api', { upstream: `http://127.0.0.1:${(closing.address() as AddressInfo).port}`, substitutions: [] }]]),
  );
  try {
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${closingProxy.url}/api/chatapi/x`, { method: 'POST', body: '{}' });
      assert.equal(res.status, 200, `request ${i + 1}: ${res.headers.get(PROXY_ERROR_HEADER) ?? ''}`);
      await res.arrayBuffer();
    }
    assert.equal(answered, 3, 'each request was answered once');
  } finally {
    await closingProxy.close();
    closing.close();
  }
});
