// The secret proxy: the only place where credentials meet the wire. Workers (and so Playwright's
// steps, traces, errors and reports) only ever hold placeholders such as `__jaicp-chat-token__`;
// this loopback proxy, in the runner process, swaps placeholders for the real secrets on the way
// to the target and the real secrets back for placeholders on the way back (status line aside:
// headers, Location included, and bodies: compressed, binary, JSON-escaped). Nothing it
// relays can leak what a worker never had.
//
// It is also where a hostile target is contained: an answer is read within the worker's deadline
// and up to a size cap, and a target that trickles, resets, or never ends gets the proxy's own
// error (marked with PROXY_ERROR_HEADER) saying so, instead of holding the run.
import { Buffer, isUtf8 } from 'node:buffer';
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/** Set on a 502 that the proxy itself made: the target could not be reached or answered beyond what the harness reads. */
export const PROXY_ERROR_HEADER = 'x-conformance-proxy-error';
/** Alongside PROXY_ERROR_HEADER: `timeout` (no complete answer within the deadline) or `network`. */
export const PROXY_ERROR_KIND_HEADER = 'x-conformance-proxy-error-kind';
/** Set by the worker: how long it waits for the whole answer. The proxy stops reading then and says why. */
export const DEADLINE_HEADER = 'x-conformance-deadline-ms';

/** What the harness reads of a request from a worker (its own generated bodies). */
const MAX_REQUEST = 32 * 1024 * 1024;
/** What the harness reads of an answer, after decompression: no documented answer comes near it. */
export const MAX_ANSWER = 4 * 1024 * 1024;
/** The deadline of a request that names none (the test's own timeout bounds it anyway). */
const DEFAULT_DEADLINE_MS = 60_000;
/** Headers the proxy does not relay: the connection's own, and the harness's deadline. */
export const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer', 'host', 'content-length', 'accept-encoding', DEADLINE_HEADER]);

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
}

export type ProxyErrorKind = 'timeout' | 'network';

class ProxyFailure extends Error {
  constructor(
    message: string,
    readonly kind: ProxyErrorKind = 'network',
  ) {
    super(message);
  }
}

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
  const present = secrets.filter(([real]) => text.replace(ESCAPE, (_m, hex, simple) => decodeEscape(hex, simple)).includes(real));
  if (!present.length) return text;
  const decoded: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  let at = 0;
  const literal = (end: number) => {
    for (; at < end; at++) {
      decoded.push(text[at]);
      from.push(at);
      to.push(at + 1);
    }
  };
  for (const m of text.matchAll(ESCAPE)) {
    literal(m.index);
    decoded.push(decodeEscape(m[1], m[2]));
    from.push(m.index);
    to.push((at = m.index + m[0].length));
  }
  literal(text.length);
  const plain = decoded.join('');
  const spans: [number, number, string][] = [];
  for (const [real, placeholder] of present) {
    for (let i = plain.indexOf(real); i >= 0; i = plain.indexOf(real, i + real.length)) spans.push([from[i], to[i + real.length - 1], placeholder]);
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
  const encoding = String(res.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
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
      fail(new ProxyFailure(`the connection closed after ${progress.bytes} bytes of the body, before the answer was complete${err ? ` (${(err as NodeJS.ErrnoException).code ?? err.message})` : ''}`));
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
  return `${err.code ?? ''} ${err.message}`.trim();
}

export interface SecretProxy {
  /** The proxy's base URL for an API: `${url}/<api>`. */
  url: string;
  /** Routes by API name; may be filled once the URL is known. */
  routes: Map<string, ProxyRoute>;
  close(): Promise<void>;
}

export async function startSecretProxy(routes: Map<string, ProxyRoute> = new Map()): Promise<SecretProxy> {
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const m = /^\/([^/?]+)(.*)$/.exec(req.url ?? '/');
    const route = m ? routes.get(decodeURIComponent(m[1])) : undefined;
    if (!m || !route) return proxyError(res, `no route for ${req.url}`);
    const out = outward(route.substitutions, false);
    const mask = secretMask(route.substitutions);
    const deadlineMs = Number(req.headers[DEADLINE_HEADER]) || DEFAULT_DEADLINE_MS;
    let body: Buffer;
    try {
      body = await readRequest(req, MAX_REQUEST);
    } catch (err) {
      return proxyError(res, (err as Error).message);
    }
    const upstream = new URL(route.upstream);
    const target = new URL(upstream.origin + upstream.pathname.replace(/\/$/, '') + swap(m[2], outward(route.substitutions, true)));
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || HOP_BY_HOP.has(name)) continue;
      headers[name] = swap(Array.isArray(value) ? value.join(', ') : value, out);
    }
    const payload = body.length ? Buffer.from(swap(body.toString('utf8'), out)) : body;
    headers['content-length'] = String(payload.length);
    // Bodies are rewritten, so they had better come back uncompressed (they are decoded if not).
    headers['accept-encoding'] = 'identity';
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const progress: Progress = { bytes: 0 };
    let answered = false;
    const upstreamReq = send(target, { method: req.method, headers }, async (upstreamRes) => {
      answered = true;
      try {
        const raw = await readAnswer(upstreamRes, progress);
        const replyHeaders: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(upstreamRes.headers)) {
          if (value === undefined || HOP_BY_HOP.has(name) || name === 'content-encoding') continue;
          replyHeaders[name] = Array.isArray(value) ? value.map((v) => mask.text(v)) : mask.text(value);
        }
        const outBody = mask.bytes(raw);
        replyHeaders['content-length'] = String(outBody.length);
        clearTimeout(deadline);
        if (!res.headersSent && !res.destroyed) res.writeHead(upstreamRes.statusCode ?? 502, replyHeaders).end(outBody);
      } catch (err) {
        clearTimeout(deadline);
        proxyError(res, mask.text((err as Error).message), err instanceof ProxyFailure ? err.kind : 'network');
      }
    });
    // The worker's deadline: past it, say how far the target got rather than leave the worker to time out.
    const deadline = setTimeout(() => {
      const message = answered
        ? `the answer was still arriving after ${deadlineMs} ms (${progress.bytes} bytes of the body so far)`
        : `no answer within ${deadlineMs} ms`;
      proxyError(res, message, 'timeout');
      upstreamReq.destroy();
    }, deadlineMs);
    upstreamReq.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(deadline);
      if (!answered) proxyError(res, mask.text(connectionProblem(err)));
    });
    // A worker that gives up (a long poll past its bound) releases the target too.
    res.on('close', () => {
      clearTimeout(deadline);
      if (!res.writableFinished) upstreamReq.destroy();
    });
    upstreamReq.end(payload);
  };

  const everySecret = () => secretMask([...routes.values()].flatMap((r) => r.substitutions));
  const server: Server = createServer((req, res) => void handle(req, res).catch((err: unknown) => proxyError(res, everySecret().text(String(err)))));
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
