// The webhook sink: routing by the keys it is given, planned failures, bounded waits, and its client's wire use.
import './support/setup.ts';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { chatApiAdapter } from '../specs/chat-api/adapter.ts';
import { MAX_BODY, MAX_KEPT_BYTES, MAX_KEPT_BYTES_PER_KEY, sinkTally, startWebhookSink, type SinkOptions } from '../lib/webhookSink.ts';
import { WebhookSinkClient } from '../lib/webhookSinkClient.ts';

// Routed as a run of the Chat API routes: by the clientId of each answer delivered.
const options: SinkOptions = { keysOf: (json) => chatApiAdapter.deliveryKeys!(json) };
const sink = await startWebhookSink(['127.0.0.1:0'], options);
const address = sink.addresses.get('127.0.0.1:0')!;
const client = new WebhookSinkClient(sink.controlUrl);
after(() => sink.close());

const deliver = async (body: unknown, path = '/hook') => {
  const res = await fetch(`http://${address}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
};

test('deliveries are routed by their keys and recorded with their arrival time', async () => {
  const before = Date.now();
  assert.equal(await deliver([{ clientId: 'a', n: 1 }]), 200);
  assert.equal(await deliver({ clientId: 'b', n: 2 }, '/any/path/under/it'), 200);
  const a = await client.deliveries('a');
  assert.equal(a.length, 1);
  assert.deepEqual(a[0].json, [{ clientId: 'a', n: 1 }]);
  assert.ok(a[0].receivedAt >= before);
  const b = await client.deliveries('b');
  assert.equal(b[0].path, '/any/path/under/it');
});

test("the sink tallies what reached it and the tests' waits for a delivery (a look that waits for none is no wait)", async () => {
  assert.ok(sinkTally.listens.includes(address), 'its address');
  const { received, waited } = sinkTally;
  await client.deliveries('tally');
  assert.deepEqual([sinkTally.received, sinkTally.waited], [received, waited]);
  await client.waitFor('tally', 1, 50);
  assert.equal(await deliver({ clientId: 'tally' }), 200);
  assert.deepEqual([sinkTally.received, sinkTally.waited], [received + 1, waited + 1]);
});

test('a plan fails the first N deliveries of its client only', async () => {
  await client.plan('planned', { failFirst: 2, failStatus: 503 });
  const statuses = [
    await deliver([{ clientId: 'planned' }]),
    await deliver([{ clientId: 'other' }]),
    await deliver([{ clientId: 'planned' }]),
    await deliver([{ clientId: 'planned' }]),
  ];
  assert.deepEqual(statuses, [503, 200, 503, 200]);
  assert.deepEqual(
    (await client.deliveries('planned')).map((d) => d.answeredStatus),
    [503, 503, 200],
  );
});

// Bounds far past what the deliveries take on any machine: a wait that ends before its bound was woken by them.
const WAIT_BOUND_MS = 120_000;

test('a wait returns as soon as the count is reached', async () => {
  const waiting = client.waitFor('late', 2, WAIT_BOUND_MS);
  const started = performance.now();
  await deliver([{ clientId: 'late' }]);
  await deliver([{ clientId: 'late' }]);
  const got = await waiting;
  assert.equal(got.length, 2);
  const took = performance.now() - started;
  assert.ok(took < WAIT_BOUND_MS, `woken by the delivery, not at its bound (${Math.round(took)} ms)`);
});

test('a wait for what never comes ends at its bound with what arrived', async () => {
  const started = performance.now();
  const got = await client.waitFor('nobody', 1, 150);
  const took = performance.now() - started;
  assert.equal(got.length, 0);
  // The client gives up 10 s past the bound (and throws): an answer before that is the sink ending the wait.
  assert.ok(took >= 140 && took < 10_000, `ended at the bound (${Math.round(took)} ms)`);
});

test('bodies that are not JSON are answered (and not kept: tests read deliveries by key)', async () => {
  assert.equal(await deliver('not json at all'), 200);
  assert.equal(await deliver('{"clientId": 5}'), 200);
  assert.equal((await client.deliveries('5')).length, 1);
});

test('a taken listen address is a clear error', async () => {
  await assert.rejects(startWebhookSink([address], options), new RegExp(`webhook sink cannot listen on ${address}: EADDRINUSE`));
});

test("a listen address that is not this machine's is a clear error, before anything listens", async () => {
  await assert.rejects(
    startWebhookSink(['192.0.2.1:9555'], options),
    /webhook sink cannot listen on 192\.0\.2\.1:9555: 192\.0\.2\.1 \(192\.0\.2\.1\) is not an address of this machine/,
  );
  await assert.rejects(startWebhookSink(['127.0.0.1:99999'], options), /webhook sink cannot listen on 127\.0\.0\.1:99999: the port must be 0 to 65535/);
});

// --- floods: what a hostile target may send, and the sink's bounds

const send = (body: Buffer | string, path = '/flood', agent?: Agent) =>
  new Promise<number>((resolve) => {
    const req = request(`http://${address}${path}`, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.end(body);
  });

test('a body over the cap is answered 413 without being read whole; an endless one is cut off', async () => {
  assert.equal(await send(Buffer.concat([Buffer.from('[{"clientId":"huge","pad":"'), Buffer.alloc(MAX_BODY, 0x61), Buffer.from('"}]')])), 413);
  const endless = await new Promise<number>((resolve) => {
    // A sender told 413 stops sending; the sink cuts off one that does not (LINGER_MS).
    const req = request(`http://${address}/endless`, { method: 'POST' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on('error', () => resolve(0));
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (!req.destroyed && req.write(chunk));
    };
    req.on('drain', pump);
    pump();
  });
  assert.equal(endless, 413);
});

test('a flood is kept within its bounds, and a waiting test gets its own delivery while the flood still arrives', async () => {
  // A target delivers over a pool of connections, as the hostile front does. Thousands of connections
  // opened at once would overflow the listen backlog, and how many the kernel then resets depends on
  // how fast this (busy) process accepts them: that would test the machine, not the sink.
  const pool = new Agent({ keepAlive: true, maxSockets: 32 });
  const waiting = client.waitFor('calm', 1, WAIT_BOUND_MS);
  const started = performance.now();
  const big = Buffer.from(JSON.stringify([{ clientId: 'flooded', pad: 'b'.repeat(MAX_BODY - 100) }]));
  const bodies = Array.from({ length: 2048 }, (_, i) => (i % 43 === 0 ? big : `not json ${i}`));
  let answered = 0;
  const flood = bodies.map((body) => send(body, '/flood', pool).then((status) => ((answered += 1), status)));
  await send(JSON.stringify([{ clientId: 'calm' }]));
  assert.equal((await waiting).length, 1);
  const waited = performance.now() - started;
  assert.ok(answered < flood.length, `woken by its delivery with the flood still arriving (${answered} of ${flood.length} answered)`);
  assert.ok(waited < WAIT_BOUND_MS, `woken by its delivery, not at its bound (${Math.round(waited)} ms)`);
  const statuses = await Promise.all(flood);
  pool.destroy();
  assert.deepEqual(new Set(statuses), new Set([200]), 'every delivery of the flood was read whole and answered');
  const kept = await client.deliveries('flooded');
  assert.equal(
    kept.length,
    Math.floor(MAX_KEPT_BYTES_PER_KEY / big.length),
    `as many of the ${bodies.filter((b) => b === big).length} deliveries of ${big.length} bytes as the client's bound holds are kept`,
  );
  assert.deepEqual(
    kept.map((d) => d.seq),
    [...kept.map((d) => d.seq)].sort((a, b) => a - b),
    'the earliest are kept',
  );
  assert.equal((await client.deliveries('calm')).length, 1, "a flood for one client does not push out another's");
});

test("past the run's bound, the clients least recently delivered to are dropped first", async () => {
  const oneMb = (clientId: string) => Buffer.from(JSON.stringify([{ clientId, pad: 'c'.repeat(MAX_BODY - 100) }]));
  const clients = Array.from({ length: Math.ceil(MAX_KEPT_BYTES / MAX_BODY) + 4 }, (_, i) => `many-${i}`);
  for (const id of clients) assert.equal(await send(oneMb(id)), 200);
  assert.equal((await client.deliveries(clients[0])).length, 0, 'the first client was dropped');
  assert.equal((await client.deliveries(clients.at(-1)!)).length, 1, 'the last one is kept');
});
