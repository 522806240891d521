// A hostile target for the harness's own tests: a front that forwards to a real implementation (the
// reference) and breaks its answers in the ways a broken deployment does, per request as a rule
// chooses. It also records what reached it, and can flood the webhook sink with deliveries.
import { Agent, createServer, request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';

export type Behaviour =
  /** Forwards to the upstream and answers what it answers. */
  | 'pass'
  /** Takes the request and never answers. */
  | 'hang'
  /** The upstream's answer, one byte of the body at a time. */
  | 'drip'
  /** The upstream's status and headers, the body cut short by a TCP reset. */
  | 'reset'
  /** Closes the connection without answering. */
  | 'close'
  /** The upstream's status under a JSON content type, with a body that is not JSON. */
  | 'invalid-json'
  /** The upstream's answer labelled text/html. */
  | 'wrong-content-type'
  /** The upstream's status with a 10 MB JSON body. */
  | 'huge'
  /** The upstream's status with a chunked body that never ends. */
  | 'endless'
  /** 307 to the very same URL. */
  | 'redirect-self'
  /** 307 to the same path and query on another origin: the credential would go with it. */
  | 'redirect-away'
  /** 503 to everything, echoing the request line. */
  | 'server-error'
  /** The upstream's answer, gzip-compressed, with the request's credentials echoed in headers, cookies and the body (as is, percent-encoded and \u-escaped). */
  | 'echo-secrets';

const HUGE_BYTES = 10 * 1024 * 1024;
const DRIP_INTERVAL_MS = 100;

export interface Flood {
  /** http://host:port of the webhook sink. */
  sink: string;
  /** Per async request: bodies that are not JSON. */
  malformed: number;
  /** Per async request: bodies of this many bytes. */
  hugeBytes: number;
  huge: number;
  /** Per async request: deliveries for the client that asked, each carrying its credential and padded to this many bytes. */
  forClient: number;
  forClientBytes: number;
  /**
   * The async requests whose flood is whole (the first ones to come; every one when unset); every
   * later one gets its first copies only. More whole floods repeat what the first ones show (each
   * key's bound holds whatever comes) while adding load on a busy machine to the process that also
   * runs the reference, whose timings the other profile's checks judge.
   */
  wholeFloods?: number;
}

export interface HostileOptions {
  /** The real implementation's base URL; unset for a front that never forwards. */
  upstream?: string;
  /** The behaviour for a request; 'pass' when absent. */
  behaviour?: (req: IncomingMessage) => Behaviour;
  /** Where redirect-away sends the client. */
  awayOrigin?: string;
  /** Floods the sink on every POST .../async. */
  flood?: Flood;
}

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

export interface HostileServer {
  url: string;
  /** Every request that reached the front, in order. */
  requests: SeenRequest[];
  /** Deliveries the flood sent, and how many the sink answered at all. */
  flooded: { sent: number; answered: number };
  close(): Promise<void>;
}

interface Upstream {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function forward(upstream: string, req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<Upstream> {
  const base = new URL(upstream);
  const { host: _host, connection: _c, ...headers } = req.headers;
  return new Promise((resolve, reject) => {
    const out = request(new URL(base.pathname.replace(/\/$/, '') + (req.url ?? '/'), base.origin), { method: req.method, headers }, async (answer) => {
      const kept: Record<string, string> = {};
      for (const [name, value] of Object.entries(answer.headers))
        if (value !== undefined && !['content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(name)) kept[name] = String(value);
      resolve({ status: answer.statusCode ?? 502, headers: kept, body: await readAll(answer) });
    });
    out.on('error', reject);
    // The harness gave up on this request: so does the front.
    res.on('close', () => out.destroy());
    out.end(body);
  });
}

/** The credentials a request carries: the Chat API's path token, Lia's key, edna's bearer token. */
function credentialsOf(req: IncomingMessage): string[] {
  const url = new URL(req.url ?? '/', 'http://front');
  const found = [/^\/chatapi\/([^/]+)/.exec(url.pathname)?.[1], url.searchParams.get('key'), /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]]
    .filter((v): v is string => Boolean(v))
    .map((v) => decodeURIComponent(v));
  return [...new Set(found)];
}

const unicodeEscaped = (text: string) => [...text].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');

/** The upstream's answer with the credentials echoed everywhere a careless server echoes things. */
function echoing(up: Upstream, req: IncomingMessage): { headers: Record<string, string | string[]>; body: Buffer } {
  const secrets = credentialsOf(req);
  const first = secrets[0] ?? '';
  const headers: Record<string, string | string[]> = {
    ...up.headers,
    'x-echo-url': req.url ?? '',
    'x-echo-authorization': req.headers.authorization ?? '',
    'set-cookie': secrets.map((s, i) => `session${i}=${encodeURIComponent(s)}; Path=/`),
    'www-authenticate': `Bearer realm="${first}"`,
    'content-encoding': 'gzip',
  };
  const text = up.body.toString('utf8');
  const echo = `{"echoUrl":${JSON.stringify(req.url)},"escaped":"${secrets.map(unicodeEscaped).join(' ')}","percent":"${secrets.map(encodeURIComponent).join(' ')}"`;
  // A JSON object keeps its fields and gains the echo; anything else (no body, an array) is followed by it, a byte that is not UTF-8 and the raw secret.
  const body = /^\s*\{/.test(text)
    ? Buffer.from(`${echo},${text.replace(/^\s*\{/, '')}`.replace(/,\}$/, '}'))
    : Buffer.concat([Buffer.from(`${text}\n${echo}}`), Buffer.from([0xff]), Buffer.from(` ${first}`)]);
  return { headers, body: gzipSync(body) };
}

function drip(res: ServerResponse, up: Upstream): void {
  res.writeHead(up.status, up.headers);
  let at = 0;
  const timer = setInterval(() => {
    if (at >= up.body.length) {
      clearInterval(timer);
      res.end();
    } else res.write(up.body.subarray(at, ++at));
  }, DRIP_INTERVAL_MS);
  res.on('close', () => clearInterval(timer));
}

function endless(res: ServerResponse, status: number): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const pump = () => {
    while (!res.destroyed && res.write(chunk));
  };
  res.on('drain', pump);
  res.write('[');
  pump();
}

/** Sends deliveries to the sink, `atOnce` at a time; resolves when every one was answered or failed. */
async function deliverAll(sink: string, bodies: (() => Buffer)[], paths: string[], stats: HostileServer['flooded'], atOnce: number): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: atOnce });
  let next = 0;
  const one = (): Promise<void> => {
    const i = next++;
    if (i >= bodies.length) return Promise.resolve();
    stats.sent += 1;
    return new Promise<void>((resolve) => {
      const body = bodies[i]();
      const out = request(
        `${sink}${paths[i % paths.length]}`,
        { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': body.length } },
        (res) => {
          stats.answered += 1;
          res.resume();
          res.on('end', resolve);
          res.on('error', () => resolve());
        },
      );
      out.on('error', () => resolve());
      out.end(body);
    }).then(one);
  };
  await Promise.all(Array.from({ length: atOnce }, one));
  agent.destroy();
}

/** How many of a client's copies go as soon as its request arrives: more than the 1 + 3 attempts its retry check allows. */
const FIRST_COPIES = 10;

/**
 * Floods the sink for an async request. A few of the client's own copies go at once: they are what
 * its retry check counts, within a window that an earlier request's flood could outlast (a flood
 * took 1-2 s, and the seventh request of a test waited 5 s for the six before it). For the first
 * `wholeFloods` requests, the rest (the other copies, then the junk: megabytes of it) goes once the
 * floods of earlier requests are sent, 32 deliveries at a time, however many requests come at
 * once: a test that sends several async requests together would otherwise multiply the burst.
 */
function floodFor(flood: Flood, req: IncomingMessage, body: Buffer, stats: HostileServer['flooded'], queue: { last: Promise<void>; whole: number }): void {
  let clientId = '';
  try {
    clientId = String((JSON.parse(body.toString('utf8')) as { clientId?: unknown }).clientId ?? '');
  } catch {
    // A malformed request: flood with junk only.
  }
  const secrets = credentialsOf(req);
  const copies = Array.from(
    { length: flood.forClient },
    (_, i) => () =>
      Buffer.from(
        `[{"clientId":${JSON.stringify(clientId)},"token":"${secrets.map(unicodeEscaped).join('')}","copy":${i},"raw":${JSON.stringify(secrets.join(' '))},"pad":"${'p'.repeat(flood.forClientBytes)}"}]`,
      ),
  );
  const paths = ['/flood', ...secrets.map((s) => `/flood?token=${encodeURIComponent(s)}`), ...secrets.map((s) => `/${encodeURIComponent(s)}/flood`)];
  void deliverAll(flood.sink, copies.slice(0, FIRST_COPIES), paths, stats, FIRST_COPIES).catch(() => undefined);
  if (queue.whole >= (flood.wholeFloods ?? Infinity)) return;
  queue.whole += 1;
  const rest = [
    ...copies.slice(FIRST_COPIES),
    ...Array.from({ length: flood.malformed }, (_, i) => () => Buffer.from(`{"clientId": "${clientId}", not json ${i}`)),
    ...Array.from({ length: flood.huge }, () => () => Buffer.alloc(flood.hugeBytes, 0x61)),
  ];
  queue.last = queue.last.then(() => deliverAll(flood.sink, rest, paths, stats, 32)).catch(() => undefined);
}

export async function startHostileServer(options: HostileOptions = {}): Promise<HostileServer> {
  const requests: SeenRequest[] = [];
  const flooded = { sent: 0, answered: 0 };
  const floods = { last: Promise.resolve(), whole: 0 };
  const sockets = new Set<Socket>();

  const server = createServer(async (req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    const behaviour = options.behaviour?.(req) ?? 'pass';
    const body = await readAll(req);
    if (options.flood && req.method === 'POST' && /\/async$/.test(new URL(req.url ?? '/', 'http://front').pathname))
      floodFor(options.flood, req, body, flooded, floods);
    const here = `http://${req.headers.host}`;
    switch (behaviour) {
      case 'hang':
        return;
      case 'close':
        return void req.socket.destroy();
      case 'redirect-self':
        return void res.writeHead(307, { location: `${here}${req.url}` }).end();
      case 'redirect-away':
        return void res.writeHead(307, { location: `${options.awayOrigin ?? 'http://elsewhere.invalid'}${req.url}` }).end();
      case 'server-error':
        return void res
          .writeHead(503, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: 'service unavailable', request: `${req.method} ${req.url}` }));
    }
    if (!options.upstream) return void res.writeHead(404).end();
    let up: Upstream;
    try {
      up = await forward(options.upstream, req, res, body);
    } catch {
      return void req.socket.destroy();
    }
    if (res.destroyed) return;
    switch (behaviour) {
      case 'pass':
        return void res.writeHead(up.status, up.headers).end(up.body);
      case 'drip':
        return drip(res, up);
      case 'reset':
        res.writeHead(up.status, { ...up.headers, 'content-length': String(up.body.length + 64) });
        return void res.write(up.body, () => req.socket.resetAndDestroy());
      case 'invalid-json':
        return void res.writeHead(up.status, { 'content-type': 'application/json' }).end(`{"broken": ${up.body.toString('utf8').slice(0, 40)}`);
      case 'wrong-content-type':
        return void res.writeHead(up.status, { ...up.headers, 'content-type': 'text/html; charset=utf-8' }).end(up.body);
      case 'huge':
        return void res.writeHead(up.status, { 'content-type': 'application/json' }).end(`{"padding":"${'x'.repeat(HUGE_BYTES)}"}`);
      case 'endless':
        return endless(res, up.status);
      case 'echo-secrets': {
        const echoed = echoing(up, req);
        return void res.writeHead(up.status, echoed.headers).end(echoed.body);
      }
    }
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    flooded,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
