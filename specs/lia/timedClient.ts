// The document's processing limit («Максимальное время обработки одного запроса — 30 секунд»),
// measured on every request the suite makes: the Lia client sends through this wrapper, which
// records each request that took longer, and each test ends with one processing.time-limit check.
// The limit is read from the schema (x-max-processing-ms), never written here.
import { expect } from '../../fixtures/conformance.ts';
import { RequestFailed, type HttpClient, type Reply, type RequestSpec } from '../../lib/httpClient.ts';
import { openApi } from '../../lib/schemas.ts';

export const EVENT_PATH = '/api/v1/handling/event';

/** How long past the limit the client still waits, so that a slow answer is measured rather than cut off. */
const GRACE_MS = 5_000;

export function processingLimitMs(): number {
  const operation = openApi('lia').paths?.[EVENT_PATH]?.post as Record<string, unknown> | undefined;
  const limit = operation?.['x-max-processing-ms'];
  if (typeof limit !== 'number') throw new Error(`schemas/lia.openapi.json: POST ${EVENT_PATH} has no x-max-processing-ms`);
  return limit;
}

export class TimedClient {
  private readonly overruns: string[] = [];
  private sent = 0;

  constructor(
    private readonly http: HttpClient,
    readonly limitMs = processingLimitMs(),
  ) {}

  /** How long one request may take before it is cut off: the limit and a grace to measure past it. */
  get waitMs(): number {
    return this.limitMs + GRACE_MS;
  }

  /** How many requests went through this client. */
  get requests(): number {
    return this.sent;
  }

  async send(spec: RequestSpec, label: string): Promise<Reply> {
    this.sent += 1;
    const what = `request #${this.sent} (${label})`;
    try {
      const reply = await this.http.send({ ...spec, timeoutMs: this.waitMs });
      if (reply.elapsedMs > this.limitMs) this.overruns.push(`${what} answered after ${Math.round(reply.elapsedMs)} ms`);
      return reply;
    } catch (err) {
      if (err instanceof RequestFailed && err.kind === 'timeout') this.overruns.push(`${what} not answered within ${this.waitMs} ms`);
      throw err;
    }
  }

  assertWithinLimit(): void {
    expect(this.overruns, `each of ${this.sent} requests answered within ${this.limitMs} ms`).toEqual([]);
  }
}
