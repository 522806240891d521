// The Chat API reference's webhook: what it delivers (an async request's answer, its timeout event,
// an agent's reply) and how, with the documented retries (seed 000: three).
import type { ChatApp } from './app.ts';
import { localIso } from './clock.ts';
import type { ClientRequest } from './input.ts';
import { postJson } from '../http.ts';

/**
 * How long an attempt waits for the webhook's answer. The documents name no bound: the reference
 * waits as a platform's webhook client would, rather than give up on a receiver that is slow to
 * answer and send its retry after what came next (the harness's sink, on a starved runner under a
 * flood, answered nothing for over 5 s, the bound this was).
 */
const ATTEMPT_TIMEOUT_MS = 30_000;

/**
 * Sends an item to the webhook, in an array unless `alone` (or the fault) sends it as one object.
 * Resolves once the first attempt is answered or has failed (its retries go on).
 */
export function deliver(app: ChatApp, item: Record<string, unknown>, alone = false): Promise<void> {
  const { faults, webhookUrl } = app;
  if (!webhookUrl) return Promise.resolve();
  const body = JSON.stringify(alone || faults.has('webhook-object-not-array') ? item : [item]);
  const retries = faults.has('webhook-no-retry') ? 0 : faults.has('webhook-two-retries') ? 2 : faults.has('webhook-extra-retry') ? 4 : 3;
  const attempt = async (n: number) => {
    const status = await postJson(webhookUrl, body, ATTEMPT_TIMEOUT_MS);
    let ok = status >= 200 && status < 300;
    if (ok && faults.has('webhook-retry-after-success') && n === 0) ok = false;
    if (!ok && n < retries) app.later(app.timings.webhookRetryDelayMs, () => void attempt(n + 1));
  };
  return attempt(0);
}

/** One item of a delivery: the channel's token, the request it answers, and `data`. */
export function webhookItem(app: ChatApp, r: ClientRequest, questionId: string, data: Record<string, unknown>): Record<string, unknown> {
  const item: Record<string, unknown> = { token: app.token, clientId: r.clientId, questionId, data, timestamp: localIso(app.now()) };
  if (!app.faults.has('webhook-no-blockform')) item.blockForm = app.faults.has('webhook-blockform-string') ? 'false' : false;
  return item;
}
