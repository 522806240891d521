// The secret proxy: the only place where credentials meet the wire. Workers (and so Playwright's
// steps, traces, errors and reports) only ever hold placeholders such as `__jaicp-chat-token__`;
// this loopback proxy, in the runner process, swaps placeholders for the real secrets on the way
// to the target and the real secrets back for placeholders on the way back (status line aside:
// headers, Location included, and bodies: compressed, binary, JSON-escaped). Nothing it
// relays can leak what a worker never had.
//
// It is also where a hostile target is contained: an answer is read within the worker's deadline
// and up to a size cap, and a target that trickles, resets, or never ends gets the proxy's own
// error (marked with PROXY_ERROR_HEADER) saying so, instead of holding the run. And it is where
// the harness keeps its pace (lib/pacing.ts): every worker's requests to one API wait their turn
// here, and a target that asks to slow down (429) is answered by waiting, not by a verdict.
import { Buffer, isUtf8 } from 'node:buffer';
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { isThrottle, MAX_RETRIES, MAX_WAIT_MS, Pacer, pacers, PacingGaveUp, policyRate, retryAfterMs, type Limits } from './pacing.ts';

/** The prefix of the headers the harness itself adds between worker and proxy. */
export const HARNESS_HEADER_PREFIX = 'x-conformance-';
/** Set on a 502 that the proxy itself made: the target could not be reached or answered beyond what the harness reads. */
export const PROXY_ERROR_HEADER = 'x-conformance-proxy-error';
/** Alongside PROXY_ERROR_HEADER: a ProxyErrorKind. */
export const PROXY_ERROR_KIND_HEADER = 'x-conformance-proxy-error-kind';
/** Set on every answer the proxy relays: how long the target took (the last attempt, sent to read), in ms. */
export const TARGET_TIME_HEADER = 'x-conformance-target-ms';
/** Set by the worker: how long it waits for the whole answer. The proxy stops reading then and says why. */
export const DEADLINE_HEADER = 'x-conformance-deadline-ms';
/** Set by the worker: the test a request belongs to, so that the pace shares turns among tests (lib/pacing.ts). */
export const FLOW_HEADER = 'x-conformance-flow';

/** What the harness reads of a request from a worker (its own generated bodies). */
const MAX_REQUEST = 32 * 1024 * 1024;
/** What the harness reads of an answer, after decompression: no documented answer comes near it. */
export const MAX_ANSWER = 4 * 1024 * 1024;
/** The deadline of a request that names none (the test's own timeout bounds it anyway). */
const DEFAULT_DEADLINE_MS = 60_000;
/** Headers the proxy does not relay: the connection's own, and the harness's deadline and flow. */
export const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
  'te',
  'trailer',
  'host',
  'content-length',
  'accept-encoding',
  DEADLINE_HEADER,
  FLOW_HEADER,
]);

export interface Substitution {
  real: string;
  placeholder: string;
  /** False for a secret too short to tell from ordinary text: sent, but not masked on the way back. */
  maskable?: boolean;
}

export interface ProxyRoute {
  /** The target's base URL. */
  upstream: string;
  substitutions: Substitution[];
  /** What the target file declares the API allows; without it the pace adapts to refusals. */
  limits?: Limits;
}

/** timeout: no complete answer in time; network: no answer at all; throttled: the target kept asking the harness to slow down. */
export type ProxyErrorKind = 'timeout' | 'network' | 'throttled';

class ProxyFailure extends Error {
  /** The connection was a kept-alive one the target closed as the request went out: the target never read it. */
  closedIdle = false;
  /** The request went out whole and the target kept it open until the harness let go: it took it. */
  held = false;

  constructor(
    message: string,
    readonly kind: ProxyErrorKind = 'network',
  ) {
    super(message);
  }
}

/** How long the proxy keeps a worker's idle connection open. */
const PROXY_IDLE_MS = 10 * 60_000;

function swap(text: string, pairs: [string, string][]): string {
  let out = text;
  for (const [from, to] of pairs) if (from && out.includes(from)) out = out.split(from).join(to);
  return out;
}

/** Placeholder → secret; inside a URL the secret goes percent-encoded, as a path segment or query value. */
function outward(subs: Substitution[], inUrl: boolean): [string, string][] {
  return subs.map(({ real, placeholder }) => [placeholder, inUrl ? encodeURIComponent(real) : real]);
}

/** The forms in which a target may echo a secret: as is, and percent-encoded (either case, or form-encoded). JSON escapes are maskEscaped's. */
function echoedForms(real: string): string[] {
  const percent = encodeURIComponent(real);
  return [real, percent, percent.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()), new URLSearchParams({ s: real }).toString().slice(2)];
}

function splitJoin(buffer: Buffer, from: Buffer, to: Buffer): Buffer {
  let at = buffer.indexOf(from);
  if (at < 0) return buffer;
  const parts: Buffer[] = [];
  let start = 0;
  while (at >= 0) {
    parts.push(buffer.subarray(start, at), to);
    start = at + from.length;
    at = buffer.indexOf(from, start);
  }
  parts.push(buffer.subarray(start));
  return Buffer.concat(parts);
}

export interface SecretMask {
  /** Secrets in text become their placeholders. */
  text(text: string): string;
  /** The same, byte for byte, for bodies that may not be text. */
  bytes(body: Buffer): Buffer;
}

const ESCAPE = /\\(?:u([0-9a-fA-F]{4})|(["\\/bfnrt]))/g;
const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const decodeEscape = (hex: string | undefined, simple: string | undefined) => (hex ? String.fromCharCode(parseInt(hex, 16)) : SIMPLE_ESCAPES[simple!]);

/**
 * Masks secrets written with JSON string escapes, however partial (`\u0074oken`, `a\/b`), in any
 * text: the escapes are decoded with a map back to the text, and each secret found in the decoded
 * text has the span it came from replaced.
 */
function maskEscaped(text: string, secrets: [string, string][]): string {
  if (!text.includes('\\')) return text;
  // Each escape decodes to one character; the literal runs between them keep their offsets.
  const parts: string[] = [];
  const escapes: { plainAt: number; textAt: number; textEnd: number }[] = [];
  let last = 0;
  let plainLength = 0;
  for (const m of text.matchAll(ESCAPE)) {
    parts.push(text.slice(last, m.index), decodeEscape(m[1], m[2]));
    plainLength += m.index - last;
    escapes.push({ plainAt: plainLength, textAt: m.index, textEnd: m.index + m[0].length });
    plainLength += 1;
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  const plain = parts.join('');
  const present = secrets.filter(([real]) => plain.includes(real));
  if (!present.length) return text;
  /** The text's span of the decoded character at `i`: its escape, or the one literal character. */
  const spanOf = (i: number): [number, number] => {
    let [lo, hi] = [0, escapes.length - 1];
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (escapes[mid].plainAt <= i) lo = mid + 1;
      else hi = mid - 1;
    }
    const before = escapes[hi];
    if (!before) return [i, i + 1];
    if (before.plainAt === i) return [before.textAt, before.textEnd];
    const at = before.textEnd + (i - before.plainAt - 1);
    return [at, at + 1];
  };
  const spans: [number, number, string][] = [];
  for (const [real, placeholder] of present) {
    for (let i = plain.indexOf(real); i >= 0; i = plain.indexOf(real, i + real.length)) spans.push([spanOf(i)[0], spanOf(i + real.length - 1)[1], placeholder]);
  }
  let out = text;
  let limit = Infinity;
  for (const [start, end, placeholder] of spans.sort((a, b) => b[0] - a[0])) {
    if (end > limit) continue;
    out = out.slice(0, start) + placeholder + out.slice(end);
    limit = start;
  }
  return out;
}

/**
 * Masks the secrets of the substitutions (the maskable ones) in everything that comes back from a
 * target: as is, percent- or form-encoded, and JSON-escaped. A body that is not UTF-8 is searched
 * byte for byte (and for escapes as Latin-1, which covers ASCII secrets).
 */
export function secretMask(subs: Substitution[]): SecretMask {
  const maskable = subs.filter((s) => s.maskable !== false && s.real);
  const pairs = maskable
    .flatMap(({ real, placeholder }) => [...new Set(echoedForms(real))].map((form): [string, string] => [form, placeholder]))
    .sort((a, b) => b[0].length - a[0].length);
  const bytePairs = pairs.map(([from, to]): [Buffer, Buffer] => [Buffer.from(from), Buffer.from(to)]);
  const reals = maskable.map(({ real, placeholder }): [string, string] => [real, placeholder]);
  const realsLatin1 = reals.map(([real, placeholder]): [string, string] => [Buffer.from(real).toString('latin1'), placeholder]);
  return {
    text: (input) => maskEscaped(swap(input, pairs), reals),
    bytes(body) {
      const out = bytePairs.reduce((b, [from, to]) => splitJoin(b, from, to), body);
      if (!out.includes(0x5c)) return out;
      if (isUtf8(out)) return Buffer.from(maskEscaped(out.toString('utf8'), reals));
      return Buffer.from(maskEscaped(out.toString('latin1'), realsLatin1), 'latin1');
    },
  };
}

function readRequest(stream: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stream.destroy();
        reject(new ProxyFailure(`the request body exceeds ${limit} bytes`));
      } else chunks.push(chunk);
    });
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

const DECODERS: Record<string, () => Transform> = { gzip: createGunzip, 'x-gzip': createGunzip, deflate: createInflate, br: createBrotliDecompress };

/** How far the reading of an answer got, for the message when it stops early. */
interface Progress {
  bytes: number;
}

/**
 * Reads an answer's body, decompressed (the proxy asked for none, but a target may send it anyway:
 * a secret inside must still be masked), up to the cap; rejects when the connection closes early.
 */
function readAnswer(res: IncomingMessage, progress: Progress): Promise<Buffer> {
  const encoding = String(res.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  const decoder = DECODERS[encoding]?.();
  if (!decoder && encoding !== 'identity' && encoding !== '') {
    res.destroy();
    return Promise.reject(new ProxyFailure(`the answer is sent with content-encoding "${encoding}", which the harness does not read`));
  }
  const source: Readable = decoder ? res.pipe(decoder) : res;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let done = false;
    const fail = (err: ProxyFailure) => {
      if (done) return;
      done = true;
      res.destroy();
      decoder?.destroy();
      reject(err);
    };
    source.on('data', (chunk: Buffer) => {
      progress.bytes += chunk.length;
      if (progress.bytes > MAX_ANSWER) fail(new ProxyFailure(`the answer's body exceeds ${MAX_ANSWER} bytes, more than the harness reads`));
      else chunks.push(chunk);
    });
    source.on('end', () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks));
    });
    const cut = (err?: Error) =>
      fail(
        new ProxyFailure(
          `the connection closed after ${progress.bytes} bytes of the body, before the answer was complete${err ? ` (${(err as NodeJS.ErrnoException).code ?? err.message})` : ''}`,
        ),
      );
    res.on('error', cut);
    res.on('close', () => {
      if (!res.complete) cut();
    });
    decoder?.on('error', (err: Error) => fail(new ProxyFailure(`the answer's ${encoding} body cannot be decoded: ${err.message}`)));
  });
}

/** A message fit for a header: one line of printable Latin-1. */
const headerSafe = (message: string) => message.replace(/[^\x20-\x7e]/g, ' ').slice(0, 1000);

function proxyError(res: ServerResponse, message: string, kind: ProxyErrorKind = 'network'): void {
  if (res.headersSent) return void res.destroy();
  const line = headerSafe(message);
  res.writeHead(502, { 'content-type': 'text/plain', [PROXY_ERROR_HEADER]: line, [PROXY_ERROR_KIND_HEADER]: kind }).end(line);
}

/** Node's codes for a certificate whose issuer is not trusted (self-signed, or of a CA the machine does not hold). */
const UNTRUSTED_ISSUER = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);
/** Node's codes for a trusted certificate that does not fit: its dates, or not the host's name. */
const CERTIFICATE_MISFIT = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID']);

/** What a failed connection to the target means, in words. */
export function connectionProblem(err: NodeJS.ErrnoException): string {
  const said: Record<string, string> = {
    ECONNREFUSED: 'the connection was refused',
    ECONNRESET: 'the connection was reset before an answer',
    ENOTFOUND: 'the host name does not resolve',
    EHOSTUNREACH: 'the host cannot be reached',
    ETIMEDOUT: 'the connection timed out',
  };
  if (err.code && said[err.code]) return `${said[err.code]} (${err.code})`;
  if (err.message === 'socket hang up') return 'the connection closed before an answer (socket hang up)';
  // A staging server's certificate is often of a private CA: say how to trust it, not only OpenSSL's words.
  if (err.code && UNTRUSTED_ISSUER.has(err.code))
    return `the server's TLS certificate is not trusted: ${err.message} (${err.code}); a private CA's certificate is trusted with NODE_EXTRA_CA_CERTS=<its PEM file>`;
  if (err.code && CERTIFICATE_MISFIT.has(err.code)) return `the server's TLS certificate does not fit: ${err.message} (${err.code})`;
  const notTls = /wrong version number|packet length too long/i.exec(err.message);
  if (notTls) return `the server does not speak TLS on this port (OpenSSL: ${notTls[0]}): is the baseUrl http://, not https://?`;
  return `${err.code ?? ''} ${err.message}`.trim();
}

export interface SecretProxy {
  /** The proxy's base URL for an API: `${url}/<api>`. */
  url: string;
  /** Routes by API name; may be filled once the URL is known. */
  routes: Map<string, ProxyRoute>;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
  /** From sending the request to reading the last byte. */
  elapsedMs: number;
}

/** A request the proxy sends on to the target, within the worker's deadline. */
interface Outgoing {
  target: URL;
  method: string | undefined;
  headers: Record<string, string>;
  payload: Buffer;
  deadlineMs: number;
  abort: AbortSignal;
}

/**
 * Sends the request once more on a fresh connection when a kept-alive one was closed by the target
 * as it went out (the target's idle timeout met our reuse: Node's documented `reusedSocket` race).
 * The target never read that request, so this is no retry of one it saw.
 */
async function forward(out: Outgoing): Promise<Answer> {
  try {
    return await forwardOnce(out, false);
  } catch (err) {
    if (!(err instanceof ProxyFailure && err.closedIdle)) throw err;
    return forwardOnce(out, true);
  }
}

/**
 * One attempt at the target: sends the request and reads the whole answer within the worker's
 * deadline and the size cap, or rejects saying how far the target got.
 */
function forwardOnce({ target, method, headers, payload, deadlineMs, abort }: Outgoing, freshConnection: boolean): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const progress: Progress = { bytes: 0 };
    const started = performance.now();
    let answered = false;
    // Sent whole: a request the harness lets go of after that was the target's to take.
    let written = false;
    const heldFailure = (failure: ProxyFailure) => Object.assign(failure, { held: written });
    const upstreamReq = send(target, { method, headers, ...(freshConnection ? { agent: false } : {}) }, (upstreamRes) => {
      answered = true;
      readAnswer(upstreamRes, progress).then(
        (body) => {
          clearTimeout(deadline);
          resolve({ status: upstreamRes.statusCode ?? 502, headers: upstreamRes.headers, body, elapsedMs: performance.now() - started });
        },
        (err: unknown) => {
          clearTimeout(deadline);
          reject(err);
        },
      );
    });
    // The worker's deadline: past it, say how far the target got rather than leave the worker to time out.
    const deadline = setTimeout(() => {
      const message = answered
        ? `the answer was still arriving after ${deadlineMs} ms (${progress.bytes} bytes of the body so far)`
        : `no answer within ${deadlineMs} ms`;
      upstreamReq.destroy();
      reject(heldFailure(new ProxyFailure(message, 'timeout')));
    }, deadlineMs);
    upstreamReq.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(deadline);
      if (answered) return;
      const failure = new ProxyFailure(connectionProblem(err));
      failure.closedIdle = upstreamReq.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE');
      reject(failure);
    });
    // A worker that gives up (a long poll past its bound) releases the target too.
    abort.addEventListener('abort', () => {
      clearTimeout(deadline);
      upstreamReq.destroy();
      reject(heldFailure(new ProxyFailure('the worker stopped waiting')));
    });
    upstreamReq.on('finish', () => (written = true));
    upstreamReq.end(payload);
  });
}

/** A route's rewrites, built at its first request (global setup marks which secrets can be masked before any). */
const rewrites = new WeakMap<ProxyRoute, { base: string; out: [string, string][]; outInUrl: [string, string][]; mask: SecretMask }>();
function rewritesOf(route: ProxyRoute) {
  let found = rewrites.get(route);
  if (!found) {
    const upstream = new URL(route.upstream);
    found = {
      base: upstream.origin + upstream.pathname.replace(/\/$/, ''),
      out: outward(route.substitutions, false),
      outInUrl: outward(route.substitutions, true),
      mask: secretMask(route.substitutions),
    };
    rewrites.set(route, found);
  }
  return found;
}

/**
 * @param onRefusing told once per route whose target kept refusing past the pacing bounds (the
 *   runner says it on the console); later requests on that route fail at once.
 */
export async function startSecretProxy(
  routes: Map<string, ProxyRoute> = new Map(),
  onRefusing?: (route: string, message: string) => void,
): Promise<SecretProxy> {
  /** Routes whose target kept refusing past the pacing bounds: later requests fail at once, said once. */
  const refusing = new Map<string, string>();
  const pacerOf = (name: string, route: ProxyRoute) => {
    let pacer = pacers.get(name);
    if (!pacer) pacers.set(name, (pacer = new Pacer(route.limits)));
    return pacer;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const m = /^\/([^/?]+)(.*)$/.exec(req.url ?? '/');
    const name = m ? decodeURIComponent(m[1]) : '';
    const route = routes.get(name);
    if (!m || !route) return proxyError(res, `no route for ${req.url}`);
    const { base, out, outInUrl, mask } = rewritesOf(route);
    const deadlineMs = Number(req.headers[DEADLINE_HEADER]) || DEFAULT_DEADLINE_MS;
    const flow = [req.headers[FLOW_HEADER]].flat()[0];
    let body: Buffer;
    try {
      body = await readRequest(req, MAX_REQUEST);
    } catch (err) {
      return proxyError(res, (err as Error).message);
    }
    const already = refusing.get(name);
    if (already) return proxyError(res, already, 'throttled');
    const target = new URL(base + swap(m[2], outInUrl));
    const headers: Record<string, string> = {};
    for (const [header, value] of Object.entries(req.headers)) {
      if (value === undefined || HOP_BY_HOP.has(header)) continue;
      headers[header] = swap(Array.isArray(value) ? value.join(', ') : value, out);
    }
    const payload = body.length ? Buffer.from(swap(body.toString('utf8'), out)) : body;
    headers['content-length'] = String(payload.length);
    // Bodies are rewritten, so they had better come back uncompressed (they are decoded if not).
    headers['accept-encoding'] = 'identity';
    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });

    const pacer = pacerOf(name, route);
    const giveUpAt = Date.now() + MAX_WAIT_MS;
    const refusals: string[] = [];
    for (let attempt = 0; ; attempt++) {
      let release: (held?: boolean) => void;
      try {
        release = await pacer.acquire(giveUpAt, flow, abort.signal);
      } catch (err) {
        if (!(err instanceof PacingGaveUp)) throw err;
        // Withdrawn: nobody is left to answer.
        if (abort.signal.aborted) return;
        return proxyError(res, `the harness stopped waiting for its turn: ${err.message}`, 'throttled');
      }
      // Gone between its turn and now: nothing is sent for it.
      if (abort.signal.aborted) return release();
      let answer: Answer;
      try {
        answer = await forward({ target, method: req.method, headers, payload, deadlineMs, abort: abort.signal });
      } catch (err) {
        release(err instanceof ProxyFailure && err.held);
        return proxyError(res, mask.text((err as Error).message), err instanceof ProxyFailure ? err.kind : 'network');
      }
      release();
      const retryAfter = [answer.headers['retry-after']].flat()[0];
      const date = [answer.headers.date].flat()[0];
      if (isThrottle(answer.status, retryAfter)) {
        refusals.push(`${answer.status}${retryAfter ? ` (Retry-After: ${retryAfter})` : ''}`);
        const asked = retryAfterMs(retryAfter, date);
        const left = giveUpAt - Date.now();
        if (attempt < MAX_RETRIES && (asked ?? 0) <= left) {
          pacer.throttled(attempt, asked, date);
          continue;
        }
        pacer.gaveUp();
        const why =
          asked !== undefined && asked > left
            ? `asked to wait ${Math.round(asked / 1000)} s, more than the harness waits (${Math.round(MAX_WAIT_MS / 1000)} s)`
            : `refused ${refusals.length} times`;
        const message = `the target kept asking the harness to slow down: ${why}: ${refusals.join(', ')}`;
        refusing.set(name, `earlier requests were refused until the harness gave up: ${message}`);
        onRefusing?.(name, message);
        return proxyError(res, message, 'throttled');
      }
      pacer.answered(policyRate([answer.headers['ratelimit-policy']].flat()[0]), date);
      const replyHeaders: Record<string, string | string[]> = {};
      for (const [header, value] of Object.entries(answer.headers)) {
        if (value === undefined || HOP_BY_HOP.has(header) || header === 'content-encoding') continue;
        replyHeaders[header] = Array.isArray(value) ? value.map((v) => mask.text(v)) : mask.text(value);
      }
      const outBody = mask.bytes(answer.body);
      replyHeaders['content-length'] = String(outBody.length);
      replyHeaders[TARGET_TIME_HEADER] = String(Math.round(answer.elapsedMs));
      // The target's Date or none: a Date of the proxy's own would pass our clock off as the target's.
      res.sendDate = false;
      if (!res.headersSent && !res.destroyed) res.writeHead(answer.status, replyHeaders).end(outBody);
      return;
    }
  };

  const everySecret = () => secretMask([...routes.values()].flatMap((r) => r.substitutions));
  const server: Server = createServer((req, res) => void handle(req, res).catch((err: unknown) => proxyError(res, everySecret().text(String(err)))));
  // Workers keep their connections to the proxy alive between requests, idle for as long as a test
  // waits; closing one as a worker reuses it resets that worker's request (Node closes after 5 s).
  server.keepAliveTimeout = PROXY_IDLE_MS;
  server.headersTimeout = PROXY_IDLE_MS + 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    routes,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
