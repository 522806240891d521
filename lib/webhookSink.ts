// The webhook sink: one receiver per run (started in global setup, in the runner process) that
// records every delivery with its arrival time, routes it by clientId so parallel tests never see
// each other's traffic, and answers per plan (fail the first N deliveries of a client). Workers talk
// to it through a small control API on a separate loopback port, so that every path under the
// webhook address stays free for the target's deliveries.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Delivery {
  seq: number;
  /** Arrival time, epoch milliseconds. */
  receivedAt: number;
  listen: string;
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  truncated: boolean;
  json: unknown;
  clientIds: string[];
  answeredStatus: number;
}

export interface SinkPlan {
  /** Answer the first N deliveries for the client with failStatus. */
  failFirst?: number;
  failStatus?: number;
}

export interface WebhookSink {
  controlUrl: string;
  /** host:port actually bound for each requested listen address (port 0 becomes a real port). */
  addresses: Map<string, string>;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;
const MAX_KEPT = 10_000;

function clientIdsOf(json: unknown): string[] {
  const items = Array.isArray(json) ? json : [json];
  const ids = new Set<string>();
  for (const item of items) {
    const id = item && typeof item === 'object' ? (item as Record<string, unknown>).clientId : undefined;
    if (typeof id === 'string' || typeof id === 'number') ids.add(String(id));
  }
  return [...ids];
}

function readBody(req: IncomingMessage): Promise<{ text: string; truncated: boolean }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    req.on('data', (chunk: Buffer) => {
      if (size < MAX_BODY) chunks.push(chunk.subarray(0, MAX_BODY - size));
      size += chunk.length;
      if (size > MAX_BODY) truncated = true;
    });
    req.on('end', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), truncated }));
    req.on('error', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), truncated: true }));
  });
}

function listenOn(server: Server, address: string): Promise<string> {
  const at = address.lastIndexOf(':');
  const host = address.slice(0, at);
  const port = Number(address.slice(at + 1));
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(`webhook sink cannot listen on ${address}: ${err.code ?? err.message}`)),
    );
    server.listen(port, host, () => {
      const bound = server.address() as AddressInfo;
      resolve(`${host}:${bound.port}`);
    });
  });
}

export interface SinkOptions {
  /** Rewrites what is stored (the runner swaps echoed secrets for placeholders). */
  scrub?: (text: string) => string;
}

export async function startWebhookSink(listens: string[], options: SinkOptions = {}): Promise<WebhookSink> {
  const scrub = options.scrub ?? ((text: string) => text);
  const deliveries: Delivery[] = [];
  const plans = new Map<string, SinkPlan & { seen: number }>();
  const waiters = new Set<() => void>();
  let seq = 0;

  const receive = (listen: string) => async (req: IncomingMessage, res: ServerResponse) => {
    const receivedAt = Date.now();
    const body = await readBody(req);
    const text = scrub(body.text);
    const truncated = body.truncated;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const clientIds = clientIdsOf(json);
    let status = 200;
    for (const id of clientIds) {
      const plan = plans.get(id);
      if (!plan) continue;
      plan.seen += 1;
      if (plan.seen <= (plan.failFirst ?? 0)) status = plan.failStatus ?? 500;
    }
    deliveries.push({
      seq: ++seq,
      receivedAt,
      listen,
      method: req.method ?? '',
      path: scrub(req.url ?? '/'),
      headers: JSON.parse(scrub(JSON.stringify(req.headers))),
      body: text,
      truncated,
      json,
      clientIds,
      answeredStatus: status,
    });
    if (deliveries.length > MAX_KEPT) deliveries.splice(0, deliveries.length - MAX_KEPT);
    res.writeHead(status, { 'content-type': 'application/json' }).end(status < 300 ? '{"ok":true}' : '{"error":"planned failure"}');
    for (const wake of [...waiters]) wake();
  };

  const servers: Server[] = [];
  const addresses = new Map<string, string>();
  try {
    for (const listen of new Set(listens)) {
      const server = createServer(receive(listen));
      servers.push(server);
      addresses.set(listen, await listenOn(server, listen));
    }
  } catch (err) {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    throw err;
  }

  const matching = (clientId: string) => deliveries.filter((d) => d.clientIds.includes(clientId));

  const control = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://control');
    const reply = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.method === 'POST' && url.pathname === '/plans') {
      const { text } = await readBody(req);
      const { clientId, ...plan } = JSON.parse(text) as SinkPlan & { clientId: string };
      plans.set(clientId, { ...plan, seen: 0 });
      return reply(200, { ok: true });
    }
    if (req.method === 'GET' && url.pathname === '/deliveries') {
      const clientId = url.searchParams.get('clientId') ?? '';
      const atLeast = Number(url.searchParams.get('atLeast') ?? '0');
      const timeoutMs = Math.min(Number(url.searchParams.get('timeoutMs') ?? '0'), 10 * 60_000);
      if (matching(clientId).length >= atLeast || timeoutMs <= 0) return reply(200, { deliveries: matching(clientId) });
      // Wait on arrivals, bounded by timeoutMs: a delivery wakes the waiter, the timer ends it.
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const check = () => {
          if (matching(clientId).length >= atLeast) done();
        };
        const timer = setTimeout(done, timeoutMs);
        waiters.add(check);
        req.on('close', done);
      });
      return reply(200, { deliveries: matching(clientId) });
    }
    return reply(404, { error: 'unknown control call' });
  });
  const controlAddress = await listenOn(control, '127.0.0.1:0');

  return {
    controlUrl: `http://${controlAddress}`,
    addresses,
    async close() {
      for (const wake of [...waiters]) wake();
      await Promise.all(
        [...servers, control].map(
          (s) =>
            new Promise<void>((resolve) => {
              s.close(() => resolve());
              s.closeAllConnections();
            }),
        ),
      );
    },
  };
}
