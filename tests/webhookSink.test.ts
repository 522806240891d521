// The webhook sink: routing by clientId, planned failures, bounded waits, and its client's wire use.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { startWebhookSink } from '../lib/webhookSink.ts';
import { WebhookSinkClient } from '../lib/webhookSinkClient.ts';

const sink = await startWebhookSink(['127.0.0.1:0']);
const address = sink.addresses.get('127.0.0.1:0')!;
const client = new WebhookSinkClient(sink.controlUrl);
after(() => sink.close());

const deliver = async (body: unknown, path = '/hook') => {
  const res = await fetch(`http://${address}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  await res.arrayBuffer();
  return res.status;
};

test('deliveries are routed by clientId and recorded with their arrival time', async () => {
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

test('a plan fails the first N deliveries of its client only', async () => {
  await client.plan('planned', { failFirst: 2, failStatus: 503 });
  const statuses = [await deliver([{ clientId: 'planned' }]), await deliver([{ clientId: 'other' }]), await deliver([{ clientId: 'planned' }]), await deliver([{ clientId: 'planned' }])];
  assert.deepEqual(statuses, [503, 200, 503, 200]);
  assert.deepEqual((await client.deliveries('planned')).map((d) => d.answeredStatus), [503, 503, 200]);
});

test('a wait returns as soon as the count is reached', async () => {
  const waiting = client.waitFor('late', 2, 5000);
  const started = performance.now();
  await deliver([{ clientId: 'late' }]);
  await deliver([{ clientId: 'late' }]);
  const got = await waiting;
  assert.equal(got.length, 2);
  assert.ok(performance.now() - started < 4000, 'woken by the delivery, not the bound');
});

test('a wait for what never comes ends at its bound with what arrived', async () => {
  const started = performance.now();
  const got = await client.waitFor('nobody', 1, 150);
  const took = performance.now() - started;
  assert.equal(got.length, 0);
  assert.ok(took >= 140 && took < 3000, `ended at the bound (${took} ms)`);
});

test('bodies that are not JSON are kept, unrouted, and answered', async () => {
  assert.equal(await deliver('not json at all'), 200);
  assert.equal(await deliver('{"clientId": 5}'), 200);
  assert.equal((await client.deliveries('5')).length, 1);
});

test('a taken listen address is a clear error', async () => {
  await assert.rejects(startWebhookSink([address]), new RegExp(`webhook sink cannot listen on ${address}: EADDRINUSE`));
});
