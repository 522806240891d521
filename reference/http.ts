// Small HTTP helpers shared by the reference servers.
import https from 'node:https';
import http, { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { clockOf, RATE_LIMIT_PER_SECOND, render, SLOW_ANSWER_MS } from './variants.ts';

const MAX_BODY = 2 * 1024 * 1024;

export type JsonBody = { ok: true; value: unknown; text: string } | { ok: false; reason: 'malformed' | 'too-large' };

export function readJson(req: IncomingMessage): Promise<JsonBody> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY) return resolve({ ok: false, reason: 'too-large' });
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve({ ok: true, value: JSON.parse(text), text });
      } catch {
        resolve({ ok: false, reason: 'malformed' });
      }
    });
    req.on('error', () => resolve({ ok: false, reason: 'malformed' }));
  });
}

/** The conforming variants each server answers with (set by `serve`). */
const variantsOf = new WeakMap<ServerResponse, ReadonlySet<string>>();

/**
 * Sends a JSON answer, as the server's conforming variants render it. `verbatim`: a stored object
 * returned as is; `contentType`: the server's own label for what is rendered as JSON.
 */
export function sendJson(res: ServerResponse, status: number, body: unknown, options: { verbatim?: boolean; contentType?: string } = {}): void {
  if (res.headersSent || res.destroyed) return;
  const out = render(variantsOf.get(res) ?? new Set(), status, body, options.verbatim);
  if (options.contentType && out.headers['content-type']?.startsWith('application/json')) out.headers['content-type'] = options.contentType;
  res.writeHead(out.status, { ...out.headers, 'content-length': Buffer.byteLength(out.body) });
  res.end(out.body);
}

export { isObject } from '../lib/isObject.ts';

export type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/**
 * A fixed one-second window: past the limit, a request is refused with 429 and a Retry-After for
 * the rest of the window, in seconds or (every other time) as an HTTP date of the server's clock.
 */
function rateLimiter(now: () => number): (res: ServerResponse) => boolean {
  let window = 0;
  let count = 0;
  let refusals = 0;
  return (res) => {
    const second = Math.floor(now() / 1000);
    if (second !== window) [window, count] = [second, 0];
    if (++count <= RATE_LIMIT_PER_SECOND) return false;
    const retryAfter = ++refusals % 2 ? '1' : new Date((second + 1) * 1000).toUTCString();
    res.writeHead(429, { 'retry-after': retryAfter, 'content-type': 'text/plain' }).end('Too Many Requests');
    return true;
  };
}

/**
 * Starts a server on loopback (port 0: any free port); a handler that throws answers 500. The
 * deployment variants apply here, to every reference: slow answers, a rate limit, a skewed clock
 * (its Date header; the handler takes the same clock from clockOf).
 */
export async function serve(handler: Handler, variants: ReadonlySet<string> = new Set()): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const now = clockOf(variants);
  const limited = variants.has('rate-limited') ? rateLimiter(now) : () => false;
  const [slowest, fastest] = [SLOW_ANSWER_MS[1], SLOW_ANSWER_MS[0]];
  const server = createServer((req, res) => {
    variantsOf.set(res, variants);
    res.setHeader('date', new Date(now()).toUTCString());
    if (limited(res)) return void req.resume();
    const delay = variants.has('slow-answers') ? fastest + Math.random() * (slowest - fastest) : 0;
    const run = () =>
      Promise.resolve(handler(req, res)).catch((err: unknown) => {
        sendJson(res, 500, { error: 'internal error', detail: err instanceof Error ? err.message : String(err) });
      });
    if (delay) setTimeout(run, delay);
    else void run();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * POSTs a JSON text and resolves with the answer's status once its body is read, or 0 when no whole
 * answer came within `timeoutMs`. Node's http client, not fetch: fetch loaded and compiled Node's
 * bundled undici in the process serving the references (the runner, for the embedded reference).
 * A connection of its own each time: a kept one the receiver closed while idle would lose the
 * delivery sent on it, which the harness would count as an attempt that never came.
 */
export function postJson(url: string, json: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve) => {
    const body = Buffer.from(json);
    const req = (url.startsWith('https:') ? https : http).request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
      agent: false,
    });
    const give = (status: number) => {
      clearTimeout(timer);
      req.destroy();
      resolve(status);
    };
    const timer = setTimeout(() => give(0), timeoutMs);
    req.on('error', () => give(0));
    req.on('response', (res) => {
      res.on('error', () => give(0));
      res.on('aborted', () => give(0));
      res.on('end', () => give(res.statusCode ?? 0));
      res.resume();
    });
    req.end(body);
  });
}
