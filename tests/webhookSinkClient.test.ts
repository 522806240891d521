// The sink client's wire use, against a mocked control API (nock intercepts node:http).
import './support/setup.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import nock from 'nock';
import { WebhookSinkClient } from '../lib/webhookSinkClient.ts';

test('the client asks the control API for exactly what it waits on', async () => {
  const scope = nock('http://control.test')
    .post('/plans', { key: 'c1', failFirst: 3 })
    .reply(200, { ok: true })
    .get('/deliveries')
    .query({ key: 'c1', atLeast: '4', timeoutMs: '2500' })
    .reply(200, { deliveries: [] });
  const mocked = new WebhookSinkClient('http://control.test');
  await mocked.plan('c1', { failFirst: 3 });
  assert.deepEqual(await mocked.waitFor('c1', 4, 2500), []);
  scope.done();
  nock.cleanAll();
});
