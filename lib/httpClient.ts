// The client the checks send with: it journals every exchange (redacted, size-capped) so that a
// failed check can show what was sent and what came back.
import { randomUUID } from 'node:crypto';
import { noteSent } from './caseEvidence.ts';
import type { Exchange } from './exchange.ts';
import { nodeTransport, WireTimeout, type HttpTransport } from './httpTransport.ts';
import { redactSecrets } from './redactSecrets.ts';
import { MAX_WAIT_MS } from './pacing.ts';
import { ServerClock } from './serverClock.ts';
import {
  DEADLINE_HEADER,
  FLOW_HEADER,
  HARNESS_HEADER_PREFIX,
  PROXY_ERROR_HEADER,
  PROXY_ERROR_KIND_HEADER,
  TARGET_TIME_HEADER,
  type ProxyErrorKind,
} from './secretProxy.ts';

const BODY_CAP = 16 * 1024;
/** Sent unless a request sets them: the harness names itself to the target's operators. */
const DEFAULT_HEADERS = { accept: '*/*', 'user-agent': 'chatbot-api-conformance' };

/** How long one request may take unless it says otherwise; CONFORMANCE_REQUEST_TIMEOUT_MS overrides it. */
export const REQUEST_TIMEOUT_MS = Number(process.env.CONFORMANCE_REQUEST_TIMEOUT_MS) || 15_000;
/** The secret proxy gives up at the request's deadline and says why; the client's own timeout is the backstop. */
const BACKSTOP_MS = 2_000;

export type { Exchange } from './exchange.ts';

export interface Reply {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  json: unknown;
  elapsedMs: number;
  /** The journaled exchange that carried it: the evidence of a judgement about it. */
  exchange: Exchange;
}

export interface RequestSpec {
  method?: string;
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is (for malformed bodies); content type defaults to application/json. */
  body?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/**
 * Starts the message of a request the harness gave up on for its own bounds (its pace), not for
 * anything the target did: the reporter reads such a stop as the harness's, never as a failure.
 */
export const HARNESS_STOPPED = 'the harness stopped: ';

export class RequestFailed extends Error {
  constructor(
    message: string,
    readonly kind: ProxyErrorKind,
  ) {
    super(kind === 'throttled' ? `${HARNESS_STOPPED}${message}` : message);
    this.name = 'RequestFailed';
  }
}

const cap = (text: string) => (text.length > BODY_CAP ? `${text.slice(0, BODY_CAP)}… [${text.length - BODY_CAP} more characters]` : text);
/** Whether a journaled body was cut at the cap (it ends with the mark saying how much was dropped). */
export const isCapped = (text: string) => /… \[\d+ more characters\]$/.test(text) && text.length > BODY_CAP;

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export class HttpClient {
  constructor(
    readonly baseUrl: string,
    readonly journal: Exchange[],
    private readonly defaultTimeoutMs = REQUEST_TIMEOUT_MS,
    /** The target's clock, learnt from the Date header of every answer. */
    readonly clock = new ServerClock(),
    private readonly transport: HttpTransport = nodeTransport,
  ) {}

  /** Names this client's requests (one test's) to the proxy's pace, which shares turns among tests. */
  private readonly flow = randomUUID();

  /** Abandons the requests still in flight (at the end of the test that sent them), so that none holds the proxy's pace or the target's connections into the next test. */
  private readonly inFlight = new AbortController();
  close(): void {
    this.inFlight.abort();
  }

  url(spec: Pick<RequestSpec, 'path' | 'query'>): string {
    const url = new URL(this.baseUrl + spec.path);
    for (const [k, v] of Object.entries(spec.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    return url.toString();
  }

  async send(spec: RequestSpec): Promise<Reply> {
    const method = spec.method ?? (spec.json !== undefined || spec.body !== undefined ? 'POST' : 'GET');
    const url = this.url(spec);
    const shown = redactSecrets(url);
    const payload = spec.body ?? (spec.json !== undefined ? JSON.stringify(spec.json) : undefined);
    const headers: Record<string, string> = { ...spec.headers };
    const unset = (name: string) => !Object.keys(headers).some((h) => h.toLowerCase() === name);
    if (payload !== undefined && unset('content-type')) headers['content-type'] = 'application/json';
    // What any HTTP client says: a deployment's firewall may turn away a request that names no agent.
    for (const [name, value] of Object.entries(DEFAULT_HEADERS)) if (unset(name)) headers[name] = value;
    const exchange: Exchange = {
      at: new Date().toISOString(),
      method,
      url: shown,
      path: shown.startsWith(this.baseUrl) ? shown.slice(this.baseUrl.length) || '/' : shown,
      requestHeaders: JSON.parse(redactSecrets(JSON.stringify(headers))),
      requestBody: payload === undefined ? undefined : cap(redactSecrets(payload)),
      elapsedMs: 0,
    };
    this.journal.push(exchange);
    noteSent(exchange);
    const timeoutMs = spec.timeoutMs ?? this.defaultTimeoutMs;
    const started = performance.now();
    const sentAt = Date.now();
    try {
      // The transport follows no redirect: one could carry the credential in the URL to another origin.
      const response = await this.transport(url, {
        method,
        headers: { ...headers, [DEADLINE_HEADER]: String(Math.round(timeoutMs)), [FLOW_HEADER]: this.flow },
        body: payload === undefined ? undefined : Buffer.from(payload),
        // The proxy answers within the deadline once the request is sent; before that it may hold it for the pace.
        timeoutMs: timeoutMs + MAX_WAIT_MS + BACKSTOP_MS,
        signal: this.inFlight.signal,
      });
      const text = response.body.toString('utf8');
      const answeredAt = Date.now();
      const responseHeaders = response.headers;
      // The target's own time: a request that waited its turn at the proxy's pace was not slow.
      const targetMs = Number(responseHeaders[TARGET_TIME_HEADER]);
      const elapsedMs = Number.isFinite(targetMs) && targetMs >= 0 ? targetMs : performance.now() - started;
      exchange.elapsedMs = Math.round(elapsedMs);
      const proxyError = responseHeaders[PROXY_ERROR_HEADER];
      if (proxyError) {
        // The target was never reached, or answered beyond what the harness reads: not its 502.
        exchange.error = redactSecrets(proxyError);
        const kind = (responseHeaders[PROXY_ERROR_KIND_HEADER] ?? 'network') as ProxyErrorKind;
        throw new RequestFailed(`${method} ${exchange.url}: ${exchange.error}`, kind);
      }
      this.clock.observe(sentAt, answeredAt, responseHeaders.date);
      exchange.status = response.status;
      // The proxy's own headers are not the target's answer.
      const answered = Object.fromEntries(Object.entries(responseHeaders).filter(([h]) => !h.startsWith(HARNESS_HEADER_PREFIX)));
      exchange.responseHeaders = JSON.parse(redactSecrets(JSON.stringify(answered)));
      exchange.responseBody = cap(redactSecrets(text));
      return {
        status: response.status,
        headers: responseHeaders,
        text,
        json: parseJson(text),
        elapsedMs,
        exchange,
      };
    } catch (err) {
      if (err instanceof RequestFailed) throw err;
      exchange.elapsedMs = Math.round(performance.now() - started);
      const raw = this.inFlight.signal.aborted ? 'abandoned: the test that sent it ended' : ((err as Error).message ?? String(err));
      const kind = err instanceof WireTimeout ? 'timeout' : 'network';
      exchange.error = redactSecrets(raw.split('\n')[0]);
      throw new RequestFailed(`${method} ${exchange.url}: ${exchange.error}`, kind);
    }
  }
}

/** A short text of an exchange for an assertion message. */
export function describeExchange(e: Exchange): string {
  const lines = [`→ ${e.method} ${e.url}`];
  if (e.requestBody !== undefined) lines.push(`  ${e.requestBody.slice(0, 500)}`);
  if (e.error) lines.push(`← error after ${e.elapsedMs} ms: ${e.error}`);
  else lines.push(`← ${e.status} after ${e.elapsedMs} ms`, `  ${(e.responseBody ?? '').slice(0, 500)}`);
  return lines.join('\n');
}
