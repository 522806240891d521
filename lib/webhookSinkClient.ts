// What a test sees of the webhook sink: plans for its own clientId, and bounded waits on deliveries.
import type { Delivery, SinkPlan } from './webhookSink.ts';

export const SINK_CONTROL_ENV = 'CONFORMANCE_SINK_CONTROL';

export class WebhookSinkClient {
  constructor(private readonly controlUrl: string) {}

  async plan(clientId: string, plan: SinkPlan): Promise<void> {
    const res = await fetch(`${this.controlUrl}/plans`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId, ...plan }),
    });
    if (!res.ok) throw new Error(`webhook sink refused the plan: ${res.status}`);
  }

  /**
   * Waits until at least `atLeast` deliveries for the client have arrived or `timeoutMs` has passed,
   * and returns what arrived either way; the caller asserts on the count.
   */
  async waitFor(clientId: string, atLeast: number, timeoutMs: number): Promise<Delivery[]> {
    const url = new URL(`${this.controlUrl}/deliveries`);
    url.searchParams.set('clientId', clientId);
    url.searchParams.set('atLeast', String(atLeast));
    url.searchParams.set('timeoutMs', String(Math.max(0, Math.round(timeoutMs))));
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs + 10_000) });
    const body = (await res.json()) as { deliveries: Delivery[] };
    return body.deliveries;
  }

  deliveries(clientId: string): Promise<Delivery[]> {
    return this.waitFor(clientId, 0, 0);
  }
}
