// Small HTTP helpers shared by the reference servers.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { render } from './variants.ts';

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

/** Sends a JSON answer, as the server's conforming variants render it. `verbatim`: a stored object returned as is. */
export function sendJson(res: ServerResponse, status: number, body: unknown, options: { verbatim?: boolean } = {}): void {
  if (res.headersSent || res.destroyed) return;
  const out = render(variantsOf.get(res) ?? new Set(), status, body, options.verbatim);
  res.writeHead(out.status, { ...out.headers, 'content-length': Buffer.byteLength(out.body) });
  res.end(out.body);
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/** Starts a server on loopback (port 0: any free port); a handler that throws answers 500. */
export async function serve(handler: Handler, variants: ReadonlySet<string> = new Set()): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    variantsOf.set(res, variants);
    Promise.resolve(handler(req, res)).catch((err: unknown) => {
      sendJson(res, 500, { error: 'internal error', detail: err instanceof Error ? err.message : String(err) });
    });
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
