// The secret proxy: the only place where credentials meet the wire. Workers (and so Playwright's
// steps, traces, errors and reports) only ever hold placeholders such as `__jaicp-chat-token__`;
// this loopback proxy, in the runner process, swaps placeholders for the real secrets on the way
// to the target and the real secrets back for placeholders on the way back (status line aside:
// headers, Location included, and bodies). Nothing it relays can leak what a worker never had.
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Set on a 502 that the proxy itself made: the target could not be reached or answered too much. */
export const PROXY_ERROR_HEADER = 'x-conformance-proxy-error';

const MAX_BODY = 32 * 1024 * 1024;
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer', 'host', 'content-length', 'accept-encoding']);

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

function swap(text: string, pairs: [string, string][]): string {
  let out = text;
  for (const [from, to] of pairs) if (from && out.includes(from)) out = out.split(from).join(to);
  return out;
}

/** Placeholder → secret; inside a URL the secret goes percent-encoded, as a path segment or query value. */
function outward(subs: Substitution[], inUrl: boolean): [string, string][] {
  return subs.map(({ real, placeholder }) => [placeholder, inUrl ? encodeURIComponent(real) : real]);
}

function inward(subs: Substitution[]): [string, string][] {
  return subs
    .filter((s) => s.maskable !== false)
    .flatMap(({ real, placeholder }): [string, string][] => [
      [real, placeholder],
      [encodeURIComponent(real), placeholder],
    ])
    .sort((a, b) => b[0].length - a[0].length);
}

function readAll(stream: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stream.destroy();
        reject(new Error(`the body exceeds ${limit} bytes`));
      } else chunks.push(chunk);
    });
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function proxyError(res: ServerResponse, message: string): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(502, { 'content-type': 'text/plain', [PROXY_ERROR_HEADER]: message }).end(message);
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
    const back = inward(route.substitutions);
    let body: Buffer;
    try {
      body = await readAll(req, MAX_BODY);
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
    // Bodies are rewritten, so they must come back uncompressed.
    headers['accept-encoding'] = 'identity';
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const upstreamReq = send(target, { method: req.method, headers }, async (upstreamRes) => {
      try {
        const raw = await readAll(upstreamRes, MAX_BODY);
        const text = swap(raw.toString('utf8'), back);
        const replyHeaders: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(upstreamRes.headers)) {
          if (value === undefined || HOP_BY_HOP.has(name)) continue;
          replyHeaders[name] = Array.isArray(value) ? value.map((v) => swap(v, back)) : swap(value, back);
        }
        // Binary bodies pass untouched; text is rewritten.
        const isText = raw.equals(Buffer.from(raw.toString('utf8')));
        const outBody = isText ? Buffer.from(text) : raw;
        replyHeaders['content-length'] = String(outBody.length);
        res.writeHead(upstreamRes.statusCode ?? 502, replyHeaders).end(outBody);
      } catch (err) {
        proxyError(res, swap((err as Error).message, back));
      }
    });
    upstreamReq.on('error', (err: NodeJS.ErrnoException) => proxyError(res, swap(`${err.code ?? ''} ${err.message}`.trim(), back)));
    // A worker that gives up (a long poll past its bound) releases the target too.
    res.on('close', () => {
      if (!res.writableFinished) upstreamReq.destroy();
    });
    upstreamReq.end(payload);
  };

  const server: Server = createServer((req, res) => void handle(req, res).catch((err: unknown) => proxyError(res, String(err))));
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
