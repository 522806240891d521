// The webhook sink: one receiver per run (started in global setup, in the runner process) that
// records every delivery with its arrival time, routes it by the keys the run's adapters read from it
// (a client's id, say) so parallel tests never see each other's traffic, and answers per plan (fail
// the first N deliveries of a key). Workers talk
// to it through a small control API on a separate loopback port, so that every path under the
// webhook address stays free for the target's deliveries.
//
// A target may flood it: a body is read up to a cap (a larger one is answered 413), a delivery
// that trickles is cut off, and what is kept is bounded in count and in bytes, per key and in
// all, so that the runner's memory stays bounded whatever arrives.
import { lookup } from 'node:dns/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';

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
  /** The routing keys read from it: the tests waiting on any of them see it. */
  keys: string[];
  answeredStatus: number;
}

export interface SinkPlan {
  /** Answer the first N deliveries for the key with failStatus. */
  failFirst?: number;
  failStatus?: number;
}

export interface WebhookSink {
  controlUrl: string;
  /** host:port actually bound for each requested listen address (port 0 becomes a real port). */
  addresses: Map<string, string>;
  close(): Promise<void>;
}

/**
 * What the sinks of this process saw in all: the addresses they listened on, the deliveries that
 * reached them, and the tests' waits for one. Waits that nothing ever answered point at the
 * deployment's webhook URL or network rather than at each check (the report says so).
 */
export const sinkTally = { listens: [] as string[], received: 0, waited: 0 };

/** The largest delivery body read; past it the delivery is kept truncated and answered 413. */
export const MAX_BODY = 1024 * 1024;
/** What is kept, at most: this many deliveries, holding this many bytes of bodies, in all and per key. */
export const MAX_KEPT = 10_000;
export const MAX_KEPT_BYTES = 32 * 1024 * 1024;
export const MAX_KEPT_PER_KEY = 100;
export const MAX_KEPT_BYTES_PER_KEY = 4 * 1024 * 1024;
/** A delivery must arrive whole within this long. */
const DELIVERY_TIMEOUT_MS = 30_000;
/**
 * How long the rest of a body over the cap is read and dropped after the 413 (a lingering close):
 * a connection closed with its data unread is reset, and a sender still writing could lose the
 * answer with it. A sender that stops at the answer ends this at once; one that never does is cut off.
 */
const LINGER_MS = 2_000;

function splitAddress(address: string): { host: string; port: number } {
  const at = address.lastIndexOf(':');
  return { host: address.slice(0, at), port: Number(address.slice(at + 1)) };
}

const isLoopback = (ip: string) => ip.startsWith('127.') || ip === '::1' || ip === '::ffff:127.0.0.1';

/**
 * Why the harness cannot receive deliveries at this host, or undefined when it can: it must be a
 * loopback address, an address of one of this machine's interfaces, a name resolving to one, or
 * the wildcard (0.0.0.0).
 */
export async function notLocalReason(host: string): Promise<string | undefined> {
  if (host === 'localhost' || host === '0.0.0.0' || host === '::') return undefined;
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await lookup(host, { all: true })).map((a) => a.address);
    } catch (err) {
      return `the host name "${host}" does not resolve (${(err as NodeJS.ErrnoException).code ?? 'lookup failed'})`;
    }
  }
  const local = new Set(Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address)));
  if (addresses.some((a) => isLoopback(a) || local.has(a))) return undefined;
  return `${host} (${addresses.join(', ')}) is not an address of this machine; the harness receives deliveries itself, so webhook.listen must be a loopback or local interface address (or 0.0.0.0), and the channel's webhook must reach it`;
}

const LISTEN_ERRORS: Record<string, string> = {
  EADDRINUSE: 'the address is already in use (another process listens there)',
  EADDRNOTAVAIL: 'not an address of this machine',
  EACCES: 'not allowed to listen there (a port below 1024 needs privileges)',
};

async function listenOn(server: Server, address: string): Promise<string> {
  const { host, port } = splitAddress(address);
  const fail = (why: string) => new Error(`webhook sink cannot listen on ${address}: ${why}`);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw fail(`the port must be 0 to 65535`);
  const notLocal = await notLocalReason(host);
  if (notLocal) throw fail(notLocal);
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      const code = err.code ?? err.message;
      reject(fail(LISTEN_ERRORS[code] ? `${code} (${LISTEN_ERRORS[code]})` : code));
    });
    // A target may open many connections at once: past the accept queue, the kernel resets them mid-body.
    server.listen({ port, host, backlog: SINK_BACKLOG }, () => {
      const bound = server.address() as AddressInfo;
      resolve(`${host}:${bound.port}`);
    });
  });
}

/** Closes those of `servers` that listen. */
const closeAll = (servers: readonly Server[]) => Promise.all(servers.map((s) => new Promise((r) => (s.listening ? s.close(r) : r(undefined)))));

/**
 * Throws, as the sink would, when one of `listens` cannot be listened on (taken, not of this
 * machine); the addresses are let go at once. The CLI asks before it starts Playwright, whose
 * runner would find the same only after its own start.
 */
export async function probeListens(listens: readonly string[]): Promise<void> {
  const servers: Server[] = [];
  try {
    for (const listen of new Set(listens)) {
      const server = createServer();
      servers.push(server);
      await listenOn(server, listen);
    }
  } finally {
    await closeAll(servers);
  }
}

/** Connections the kernel holds for the sink before it accepts them (Node's default is 511). */
const SINK_BACKLOG = 4096;

interface Received {
  text: string;
  /** The body was longer than MAX_BODY (or never arrived whole). */
  truncated: boolean;
  tooLarge: boolean;
}

/** Reads a body up to MAX_BODY; resolves as soon as the cap is passed, and drops the rest as it arrives. */
function readBody(req: IncomingMessage): Promise<Received> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (truncated: boolean, tooLarge = false) => {
      if (settled) return;
      settled = true;
      resolve({ text: Buffer.concat(chunks).toString('utf8'), truncated, tooLarge });
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      if (size + chunk.length > MAX_BODY) {
        chunks.push(chunk.subarray(0, MAX_BODY - size));
        size = MAX_BODY;
        return settle(true, true);
      }
      chunks.push(chunk);
      size += chunk.length;
    });
    req.on('end', () => settle(false));
    req.on('error', () => settle(true));
    req.on('close', () => settle(!req.complete));
  });
}

/** The routing keys of a delivery, from its parsed body (undefined when it is not JSON). */
export type DeliveryKeys = (json: unknown) => string[];

export interface SinkOptions {
  /** How deliveries are routed: the adapters say it (ApiAdapter.deliveryKeys); the sink names no API's field. */
  keysOf: DeliveryKeys;
  /** Rewrites what is stored (the runner masks echoed secrets with their placeholders). */
  scrub?: (text: string) => string;
}

export async function startWebhookSink(listens: string[], options: SinkOptions): Promise<WebhookSink> {
  const scrub = options.scrub ?? ((text: string) => text);
  /** Per key, least recently delivered to first: what each test may read. */
  const routes = new Map<string, { deliveries: Delivery[]; bytes: number }>();
  let keptBytes = 0;
  let keptCount = 0;
  const plans = new Map<string, SinkPlan & { seen: number }>();
  const waiters = new Map<string, Set<() => void>>();
  let seq = 0;

  // Tests read deliveries by key only, so an unrouted one is answered and dropped. A key keeps its
  // earliest deliveries up to its own bound (a flood for one key cannot push out another's), and
  // past the run's bound the keys least recently delivered to (finished tests) go first.
  const keep = (delivery: Delivery) => {
    for (const key of delivery.keys) {
      const log = routes.get(key) ?? { deliveries: [], bytes: 0 };
      routes.delete(key);
      routes.set(key, log);
      if (log.deliveries.length >= MAX_KEPT_PER_KEY || log.bytes + delivery.body.length > MAX_KEPT_BYTES_PER_KEY) continue;
      log.deliveries.push(delivery);
      log.bytes += delivery.body.length;
      keptBytes += delivery.body.length;
      keptCount += 1;
    }
    for (const [key, log] of routes) {
      if (keptCount <= MAX_KEPT && keptBytes <= MAX_KEPT_BYTES) break;
      routes.delete(key);
      keptBytes -= log.bytes;
      keptCount -= log.deliveries.length;
    }
    for (const key of delivery.keys) for (const wake of [...(waiters.get(key) ?? [])]) wake();
  };

  const receive = (listen: string) => async (req: IncomingMessage, res: ServerResponse) => {
    const receivedAt = Date.now();
    sinkTally.received += 1;
    const body = await readBody(req);
    const text = scrub(body.text);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const keys = [...new Set(options.keysOf(json))];
    let status = body.tooLarge ? 413 : 200;
    for (const key of keys) {
      const plan = plans.get(key);
      if (!plan) continue;
      plan.seen += 1;
      if (plan.seen <= (plan.failFirst ?? 0) && !body.tooLarge) status = plan.failStatus ?? 500;
    }
    keep({
      seq: ++seq,
      receivedAt,
      listen,
      method: req.method ?? '',
      path: scrub(req.url ?? '/'),
      headers: JSON.parse(scrub(JSON.stringify(req.headers))),
      body: text,
      truncated: body.truncated,
      json,
      keys,
      answeredStatus: status,
    });
    if (res.destroyed) return;
    if (body.tooLarge) {
      // The rest of the body is not kept: it is dropped as it arrives (readBody goes on reading), then the connection.
      const cutOff = setTimeout(() => req.destroy(), LINGER_MS);
      for (const ended of ['end', 'close']) req.once(ended, () => clearTimeout(cutOff));
      res.writeHead(413, { 'content-type': 'application/json' }).end(`{"error":"a delivery body is read up to ${MAX_BODY} bytes"}`);
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json' }).end(status < 300 ? '{"ok":true}' : '{"error":"planned failure"}');
  };

  const servers: Server[] = [];
  const addresses = new Map<string, string>();
  try {
    for (const listen of new Set(listens)) {
      const server = createServer(receive(listen));
      server.requestTimeout = DELIVERY_TIMEOUT_MS;
      server.headersTimeout = Math.min(DELIVERY_TIMEOUT_MS, 10_000);
      servers.push(server);
      addresses.set(listen, await listenOn(server, listen));
    }
  } catch (err) {
    await closeAll(servers);
    throw err;
  }

  const matching = (key: string) => routes.get(key)?.deliveries ?? [];

  /** Resolves once the key has `atLeast` deliveries, or at the bound, or when the caller leaves. */
  const arrivals = (key: string, atLeast: number, timeoutMs: number, req: IncomingMessage) =>
    new Promise<void>((resolve) => {
      const set = waiters.get(key) ?? new Set();
      waiters.set(key, set);
      const done = () => {
        clearTimeout(timer);
        set.delete(check);
        if (!set.size) waiters.delete(key);
        resolve();
      };
      const check = () => {
        if (matching(key).length >= atLeast) done();
      };
      const timer = setTimeout(done, timeoutMs);
      set.add(check);
      req.on('close', done);
    });

  const control = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://control');
    const reply = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.method === 'POST' && url.pathname === '/plans') {
      const { text } = await readBody(req);
      try {
        const { key, ...plan } = JSON.parse(text) as SinkPlan & { key: string };
        plans.set(String(key), { ...plan, seen: 0 });
      } catch {
        return reply(400, { error: 'a plan is a JSON object with a key' });
      }
      return reply(200, { ok: true });
    }
    if (req.method === 'GET' && url.pathname === '/deliveries') {
      const key = url.searchParams.get('key') ?? '';
      const atLeast = Number(url.searchParams.get('atLeast') ?? '0');
      const timeoutMs = Math.min(Number(url.searchParams.get('timeoutMs') ?? '0') || 0, 10 * 60_000);
      if (atLeast > 0 && timeoutMs > 0) sinkTally.waited += 1;
      if (matching(key).length < atLeast && timeoutMs > 0) await arrivals(key, atLeast, timeoutMs, req);
      return reply(200, { deliveries: matching(key) });
    }
    return reply(404, { error: 'unknown control call' });
  });
  const controlAddress = await listenOn(control, '127.0.0.1:0');
  sinkTally.listens.push(...addresses.values());

  return {
    controlUrl: `http://${controlAddress}`,
    addresses,
    async close() {
      for (const set of waiters.values()) for (const wake of [...set]) wake();
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
