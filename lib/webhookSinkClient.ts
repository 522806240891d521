// What a test sees of the webhook sink: plans for its own routing key (the id its deliveries carry,
// as its API's adapter reads it), and bounded waits on deliveries. Over the workers' own http
// transport: global fetch compiles Node's bundled undici on its first call, 0.06 s of a core in each
// worker that waits on the sink (a profile of the default run's waiting workers).
import { nodeTransport } from './httpTransport.ts';
import type { Delivery, SinkPlan } from './webhookSink.ts';

export const SINK_CONTROL_ENV = 'CONFORMANCE_SINK_CONTROL';

/** Past the wait asked for, the most the control API may take to answer. */
const CONTROL_SLACK_MS = 10_000;

export class WebhookSinkClient {
  constructor(private readonly controlUrl: string) {}

  async plan(key: string, plan: SinkPlan): Promise<void> {
    const answer = await nodeTransport(`${this.controlUrl}/plans`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify({ key, ...plan })),
      timeoutMs: CONTROL_SLACK_MS,
    });
    if (answer.status !== 200) throw new Error(`webhook sink refused the plan: ${answer.status}`);
  }

  /**
   * Waits until at least `atLeast` deliveries for the key have arrived or `timeoutMs` has passed,
   * and returns what arrived either way; the caller asserts on the count.
   */
  async waitFor(key: string, atLeast: number, timeoutMs: number): Promise<Delivery[]> {
    const url = new URL(`${this.controlUrl}/deliveries`);
    url.searchParams.set('key', key);
    url.searchParams.set('atLeast', String(atLeast));
    const waitMs = Math.max(0, Math.round(timeoutMs));
    url.searchParams.set('timeoutMs', String(waitMs));
    const answer = await nodeTransport(url.href, { method: 'GET', headers: {}, timeoutMs: waitMs + CONTROL_SLACK_MS });
    if (answer.status !== 200) throw new Error(`webhook sink refused the wait: ${answer.status} ${answer.body.toString('utf8').slice(0, 200)}`);
    return (JSON.parse(answer.body.toString('utf8')) as { deliveries: Delivery[] }).deliveries;
  }

  deliveries(key: string): Promise<Delivery[]> {
    return this.waitFor(key, 0, 0);
  }
}
