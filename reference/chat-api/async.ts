// The Chat API's asynchronous method: POST /async answers at once with the request's id, and the
// bot's answer goes to the webhook when it is ready — preceded by a timeout event when it is later
// than the wait (seed 000).
import { randomUUID } from 'node:crypto';
import { sendJson } from '../http.ts';
import type { ChatApp, Exchange } from './app.ts';
import { answerData, botAnswer, record } from './dialogue.ts';
import { bodyOf, parseClientRequest } from './input.ts';
import { deliver, webhookItem } from './webhook.ts';

/** Under timeout-event-late: the timeouts are swept once every this many waits (a 10 s sweep for a 3 s wait, scaled). */
const TIMEOUT_SWEEP_WAITS = 3;

export async function asyncRequest(app: ChatApp, { req, res }: Exchange): Promise<void> {
  const { faults, variants } = app;
  const body = await bodyOf(app, req, res);
  if (!body) return;
  const r = parseClientRequest(app, body.value);
  if (!r) return sendJson(res, 400, { error: 'expected {clientId, query | event, data?, cid?}' });
  // Under the fault the async body is read as a text query only, as if its class had no event field.
  if (faults.has('async-event-rejected') && r.event !== undefined) return sendJson(res, 400, { error: 'query is required' });
  const client = app.clientOf(r.clientId);
  // One request at a time per client, as if the bot's session were locked while it answers.
  if (faults.has('async-busy-409') && client.inFlight > 0) return sendJson(res, 409, { error: 'a request of this client is still being processed' });
  const questionId = app.newQuestionId();
  const a = botAnswer(app, r);
  if (faults.has('async-full-answer')) sendJson(res, 200, { questionId, data: answerData(app, a) });
  else if (faults.has('async-id-mismatch')) sendJson(res, 200, { questionId: randomUUID() });
  else sendJson(res, 200, variants.has('chat-async-id-named') ? { messageId: questionId } : { questionId });
  /**
   * The timeout event's first delivery attempt, once it went. The answer goes after it: two
   * deliveries sent together (a busy process runs both overdue timers at once) may arrive in either
   * order, and the document has the event come before the answer.
   */
  let timeoutEventSent: Promise<void> | undefined;
  const finish = () => {
    client.inFlight -= 1;
    record(app, r, questionId, a);
    const answer = webhookItem(app, r, questionId, faults.has('webhook-data-minimal') ? { replies: a.replies, answer: a.answer } : answerData(app, a));
    void (timeoutEventSent ?? Promise.resolve()).then(() => deliver(app, answer));
  };
  client.inFlight += 1;
  const waitMs = app.timings.asyncAnswerTimeoutMs;
  if (a.delayMs > waitMs && !faults.has('no-timeout-event')) {
    // seed 000: an event goes to the webhook when the wait between answers is exceeded.
    const late = faults.has('timeout-event-late') ? TIMEOUT_SWEEP_WAITS * waitMs : variants.has('chat-timeout-late-within') ? 300 : 0;
    app.later(faults.has('timeout-event-early') ? 0 : waitMs + late, () => {
      timeoutEventSent = deliver(app, webhookItem(app, r, questionId, { event: 'timeout', replies: [], answer: '' }));
    });
  }
  const answerLater = () =>
    new Promise<void>((resolve) =>
      app.later(a.delayMs, () => {
        finish();
        resolve();
      }),
    );
  // Under chat-async-queued a client's requests are answered one after another.
  if (variants.has('chat-async-queued')) client.queue = client.queue.then(answerLater);
  else void answerLater();
}
