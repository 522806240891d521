// What a test sees of the webhook sink: plans for its own routing key (the id its deliveries carry,
// as its API's adapter reads it), and bounded waits on deliveries.
import type { Delivery, SinkPlan } from './webhookSink.ts';

export const SINK_CONTROL_ENV = 'CONFORMANCE_SINK_CONTROL';

export class WebhookSinkClient {
  constructor(private readonly controlUrl: string) {}

  async plan(key: string, plan: SinkPlan): Promise<void> {
    const res = await fetch(`${this.controlUrl}/plans`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key, ...plan }),
    });
    if (!res.ok) throw new Error(`webhook sink refused the plan: ${res.status}`);
  }

  /**
   * Waits until at least `atLeast` deliveries for the key have arrived or `timeoutMs` has passed,
   * and returns what arrived either way; the caller asserts on the count.
   */
  async waitFor(key: string, atLeast: number, timeoutMs: number): Promise<Delivery[]> {
    const url = new URL(`${this.controlUrl}/deliveries`);
    url.searchParams.set('key', key);
    url.searchParams.set('atLeast', String(atLeast));
    url.searchParams.set('timeoutMs', String(Math.max(0, Math.round(timeoutMs))));
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs + 10_000) });
    const body = (await res.json()) as { deliveries: Delivery[] };
    return body.deliveries;
  }

  deliveries(key: string): Promise<Delivery[]> {
    return this.waitFor(key, 0, 0);
  }
}
