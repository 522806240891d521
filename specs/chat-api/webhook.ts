// What the Chat API specs read of the webhook sink: bounded waits on a client's deliveries, what a
// delivery carries, and how a failure describes them.
import type { Delivery } from '../../lib/webhookSink.ts';
import type { WebhookSinkClient } from '../../lib/webhookSinkClient.ts';
import { replyTexts } from './chatApi.ts';

/** The items of a delivery («массив JSON-объектов»; a lone object read as one). */
export const itemsOf = (d: Delivery) => (Array.isArray(d.json) ? d.json : [d.json]) as ({ data?: unknown } | null)[];

/** The bot's reply texts an item carries (none for an event such as the timeout's). */
export const answerTextsOf = (item: { data?: unknown } | null) => replyTexts(item?.data);

/** True when a delivery carries the bot's answer (a reply or an answer text), not only an event such as the timeout's. */
export const carriesAnswer = (d: Delivery) => itemsOf(d).some((item) => answerTextsOf(item).length > 0);

/** How long a test may wait for a first delivery: the webhook is asynchronous but not slow. */
export const deliveryBound = (windowMs: number) => Math.max(5000, windowMs);

/** The client's deliveries once `enough` holds for them, or when the bound passes: each arrival is awaited, never slept on. */
export async function deliveriesUntil(sink: WebhookSinkClient, clientId: string, enough: (ds: Delivery[]) => boolean, boundMs: number): Promise<Delivery[]> {
  const deadline = performance.now() + boundMs;
  let ds = await sink.deliveries(clientId);
  while (!enough(ds) && performance.now() < deadline) ds = await sink.waitFor(clientId, ds.length + 1, Math.ceil(deadline - performance.now()));
  return ds;
}

export const describeDeliveries = (ds: Delivery[]) =>
  ds.map((d, i) => `#${i + 1} at +${d.receivedAt - (ds[0]?.receivedAt ?? 0)} ms → answered ${d.answeredStatus}: ${d.body.slice(0, 200)}`).join('\n') ||
  '(none)';
