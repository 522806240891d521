// The HttpClient over node's http client (lib/httpTransport.ts): what goes out is what the check
// built, what comes back is the answer as it was, and a request the harness gives up on says why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpClient, RequestFailed } from '../lib/httpClient.ts';
import { nodeTransport, WireTimeout, type HttpTransport } from '../lib/httpTransport.ts';
import { PROXY_ERROR_HEADER, PROXY_ERROR_KIND_HEADER } from '../lib/secretProxy.ts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
  socket: unknown;
}

async function serve(answer: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ base: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks), socket: req.socket });
      answer(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

const closed = (server: Server) => {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
};

test('a body goes out byte for byte with its length, and the answer comes back as it was, headers joined as one', async () => {
  const { base, seen, server } = await serve((_req, res) => {
    res.setHeader('x-many', ['a', 'b']);
    res.setHeader('set-cookie', ['one=1', 'two=2']);
    res.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":"✓"}');
  });
  try {
    const journal: never[] = [];
    const http = new HttpClient(base, journal);
    const body = '{"query":"привет 👋"}';
    const reply = await http.send({ path: '/chat', query: { a: 'x y' }, body });
    assert.equal(seen[0].method, 'POST');
    assert.equal(seen[0].url, '/chat?a=x+y');
    assert.equal(seen[0].body.toString('utf8'), body);
    assert.equal(seen[0].headers['content-length'], String(Buffer.byteLength(body)));
    assert.equal(seen[0].headers['content-type'], 'application/json');
    assert.equal(seen[0].headers['user-agent'], 'chatbot-api-conformance', 'the harness names itself');
    assert.equal(reply.status, 201);
    assert.deepEqual(reply.json, { ok: '✓' });
    assert.equal(reply.headers['x-many'], 'a, b');
    assert.equal(reply.headers['set-cookie'], 'one=1\ntwo=2');
    assert.equal(journal.length, 1, 'the exchange is journaled');
    assert.equal(reply.exchange.status, 201);
  } finally {
    await closed(server);
  }
});

test("a request's own headers win over the defaults, a redirect is not followed, and requests share a connection", async () => {
  const { base, seen, server } = await serve((req, res) => {
    if (req.url === '/moved') res.writeHead(302, { location: `${base}/elsewhere` }).end();
    else res.writeHead(200).end('fine');
  });
  try {
    const http = new HttpClient(base, []);
    const moved = await http.send({ path: '/moved', headers: { 'User-Agent': 'vendor-probe' } });
    assert.equal(moved.status, 302, 'the redirect is the answer');
    assert.equal(seen.length, 1, 'nothing was sent to where it pointed');
    assert.equal(seen[0].headers['user-agent'], 'vendor-probe');
    await http.send({ path: '/again' });
    assert.equal(seen[1].socket, seen[0].socket, 'kept alive');
  } finally {
    await closed(server);
  }
});

test('a request the server never answers fails as a timeout; an unreachable one as a network failure; the proxy says its own', async () => {
  const { base, server } = await serve((req, res) => {
    if (req.url === '/proxy-gave-up')
      res.writeHead(502, { [PROXY_ERROR_HEADER]: 'the target refused the connection', [PROXY_ERROR_KIND_HEADER]: 'network' }).end();
    // Otherwise it never answers.
  });
  try {
    // The client's own bound is a backstop behind the proxy's deadline (minutes): the transport is given a short one here.
    await assert.rejects(nodeTransport(`${base}/hang`, { method: 'GET', headers: {}, timeoutMs: 50 }), WireTimeout);
    const journal: { error?: string }[] = [];
    const timingOut: HttpTransport = (url, request) => nodeTransport(url, { ...request, timeoutMs: 50 });
    const http = new HttpClient(base, journal as never[], undefined, undefined, timingOut);
    await assert.rejects(
      http.send({ path: '/hang' }),
      (err: unknown) => err instanceof RequestFailed && err.kind === 'timeout' && /Timeout \d+ms exceeded/.test(err.message),
    );
    assert.match(journal[0].error ?? '', /Timeout/, 'the journal says why there is no answer');
    await assert.rejects(
      http.send({ path: '/proxy-gave-up' }),
      (err: unknown) => err instanceof RequestFailed && err.kind === 'network' && /refused the connection/.test(err.message),
    );
  } finally {
    await closed(server);
  }
  const gone = new HttpClient(base, []);
  await assert.rejects(gone.send({ path: '/' }), (err: unknown) => err instanceof RequestFailed && err.kind === 'network');
});

test('a GET or DELETE with a body carries its length, so the next hop reads one request, not two', async () => {
  const { base, seen, server } = await serve((_req, res) => res.writeHead(200).end('ok'));
  try {
    const http = new HttpClient(base, []);
    for (const method of ['GET', 'DELETE']) {
      const reply = await http.send({ method, path: '/with-body', json: { a: 1 } });
      assert.equal(reply.status, 200, `${method}: answered`);
    }
    assert.deepEqual(
      seen.map((s) => [s.method, s.url, s.body.toString('utf8')]),
      [
        ['GET', '/with-body', '{"a":1}'],
        ['DELETE', '/with-body', '{"a":1}'],
      ],
    );
  } finally {
    await closed(server);
  }
});

test('a pooled connection the server closed while idle is not blamed on it: the request goes again on a new one', async () => {
  const served = new WeakSet<object>();
  const { base, seen, server } = await serve((req, res) => {
    // The second request on a connection finds it closed, as a server's idle timeout would leave it.
    if (served.has(req.socket)) return req.socket.destroy();
    served.add(req.socket);
    res.writeHead(200).end('ok');
  });
  try {
    const http = new HttpClient(base, []);
    assert.equal((await http.send({ path: '/first' })).status, 200);
    assert.equal((await http.send({ path: '/second' })).status, 200, 'sent again on a new connection');
    assert.equal(seen.length, 3, 'the first, the one that found the connection closed, and its second sending');
  } finally {
    await closed(server);
  }
});

test('closing the client abandons its requests in flight: none outlives the test that sent it', async () => {
  const { base, server } = await serve(() => undefined);
  try {
    const http = new HttpClient(base, []);
    const pending = http.send({ path: '/never' });
    http.close();
    const outcome = await Promise.race([
      pending.then(
        () => 'answered',
        (err: unknown) => err,
      ),
      new Promise((resolve) => setTimeout(resolve, 2000, 'still in flight 2 s later')),
    ]);
    assert.ok(outcome instanceof RequestFailed && /the test that sent it ended/.test(outcome.message), String(outcome));
  } finally {
    await closed(server);
  }
});

test('a request that timed out on a pooled connection is not sent again behind the caller', async () => {
  const served = new WeakSet<object>();
  const { base, seen, server } = await serve((req, res) => {
    // The first request on a connection is answered; the next one on it hangs.
    if (served.has(req.socket)) return;
    served.add(req.socket);
    res.writeHead(200).end('ok');
  });
  try {
    const quick = (path: string) => nodeTransport(`${base}${path}`, { method: 'POST', headers: {}, body: Buffer.from('{}'), timeoutMs: 100 });
    await quick('/first');
    await assert.rejects(quick('/hangs'), WireTimeout);
    const again = await Promise.race([once(server, 'request').then(() => 'sent again'), new Promise((resolve) => setTimeout(resolve, 500, 'not sent again'))]);
    assert.equal(again, 'not sent again');
    assert.deepEqual(
      seen.map((s) => s.url),
      ['/first', '/hangs'],
    );
  } finally {
    await closed(server);
  }
});
