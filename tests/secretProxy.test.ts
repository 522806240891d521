// The secret proxy: placeholders out, secrets in, and never a secret back.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PROXY_ERROR_HEADER, startSecretProxy } from '../lib/secretProxy.ts';

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

test('an unreachable target is the proxy\'s own error, marked as such', async () => {
  const dead = await startSecretProxy(new Map([['api', { upstream: 'http://127.0.0.1:1', substitutions: [] }]]));
  const res = await fetch(`${dead.url}/api/x`);
  assert.equal(res.status, 502);
  assert.match(res.headers.get(PROXY_ERROR_HEADER) ?? '', /ECONNREFUSED/);
  await dead.close();
});
