// The Chat API reference's own behaviour where the suite's verdicts depend on its order of deliveries.
import './support/setup.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { startChatApiReference } from '../reference/chat-api/server.ts';
import { BOT_SCRIPT } from '../reference/chat-api/bot.ts';

test('the timeout event goes to the webhook before the slow answer, even when the webhook is slow to take the event', async () => {
  const HELD_MS = 400;
  const arrivals: { at: number; body: string }[] = [];
  // A webhook that takes its time over a timeout event: the answer, due meanwhile, must not overtake it.
  const webhook = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      arrivals.push({ at: Date.now(), body });
      setTimeout(() => res.end(), body.includes('"timeout"') ? HELD_MS : 0);
    });
  });
  webhook.listen(0, '127.0.0.1');
  await once(webhook, 'listening');
  const timings = { longPollBlockMs: 500, webhookRetryDelayMs: 50, asyncAnswerTimeoutMs: 100, slowAnswerMs: 150, agentReplyMs: 100 };
  const reference = await startChatApiReference({
    token: 'reference-token',
    webhookUrl: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hook`,
    timings,
    faults: new Set(),
  });
  try {
    const res = await fetch(`${reference.url}/chatapi/reference-token/async`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: 'slow-client', query: BOT_SCRIPT.slowQuery }),
    });
    assert.equal(res.status, 200);
    const until = Date.now() + 5000;
    while (arrivals.length < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    assert.equal(arrivals.length, 2, `two deliveries: ${JSON.stringify(arrivals)}`);
    const [event, answer] = arrivals;
    assert.match(event.body, /"event":"timeout"/, 'the first delivery is the timeout event');
    assert.doesNotMatch(answer.body, /"event":"timeout"/);
    assert.ok(answer.at - event.at >= HELD_MS - 20, `the answer came ${answer.at - event.at} ms after the event, before the webhook had taken it`);
  } finally {
    await reference.close();
    webhook.close();
  }
});
