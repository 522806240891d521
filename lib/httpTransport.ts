// What carries the HttpClient's requests: node's own http client, with keep-alive, to the secret
// proxy on loopback. Not Playwright's APIRequestContext: each of its calls captures and
// source-maps a stack for its report step and crosses its client–server protocol, which cost a
// checked request more than the request itself (npm run bench: throughput). Nothing here reads or
// judges an answer: redirects are not followed, bytes go out and come back as they are.
// Called through the modules' objects, as nock (the project's own tests) replaces their request functions.
import http, { Agent as HttpAgent, type ClientRequest, type IncomingHttpHeaders } from 'node:http';
import https, { Agent as HttpsAgent } from 'node:https';

export interface WireRequest {
  method: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** The whole exchange, connection to last byte; past it the request is abandoned. */
  timeoutMs: number;
  /** Abandons the request (the test that sent it has ended). */
  signal?: AbortSignal;
}

export interface WireAnswer {
  status: number;
  /** Lower-case names; repeated headers joined with ", " (set-cookie with "\n"). */
  headers: Record<string, string>;
  body: Buffer;
}

/** The exchange took longer than its timeout: the target (or the proxy) never finished answering. */
export class WireTimeout extends Error {
  constructor(ms: number) {
    super(`Timeout ${ms}ms exceeded`);
    this.name = 'WireTimeout';
  }
}

export type HttpTransport = (url: string, request: WireRequest) => Promise<WireAnswer>;

// One pool of connections per process: the workers send thousands of requests to the same proxy.
const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

function joinedHeaders(raw: IncomingHttpHeaders): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(name === 'set-cookie' ? '\n' : ', ') : value;
  }
  return headers;
}

/** A pooled connection the other side had closed while idle: the request never reached it, so it is sent again (on the next pooled connection, or a new one). */
const closedWhileIdle = (req: ClientRequest, err: NodeJS.ErrnoException) => req.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE');

/** Sends one request with node's http client and reads the whole answer. */
export const nodeTransport: HttpTransport = (url, request) => {
  const { method, headers, body, timeoutMs, signal } = request;
  return new Promise<WireAnswer>((resolve, reject) => {
    const secure = url.startsWith('https:');
    // Node frames a body of GET, DELETE, HEAD or OPTIONS with neither length nor chunks: the next hop would read it as a second request.
    const framed = body === undefined ? headers : { ...headers, 'content-length': String(body.length) };
    const req = (secure ? https.request : http.request)(url, { method, headers: framed, agent: secure ? agents.https : agents.http, signal });
    let answered = false;
    // Once settled, the request's own end (the socket hang-up that destroying it causes) is no news, and never a reason to send again.
    let settled = false;
    const settle = () => {
      settled = true;
      clearTimeout(timer);
    };
    const fail = (err: Error) => {
      if (settled) return;
      settle();
      req.destroy();
      reject(err);
    };
    const timer = setTimeout(() => fail(new WireTimeout(timeoutMs)), timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (settled) return;
      if (answered || !closedWhileIdle(req, err)) return fail(err);
      settle();
      nodeTransport(url, request).then(resolve, reject);
    });
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', fail);
      // A connection closed before the answer's last byte: what came is not the answer.
      res.on('aborted', () => fail(new Error('the connection closed before the answer ended')));
      res.on('end', () => {
        settle();
        resolve({ status: res.statusCode ?? 0, headers: joinedHeaders(res.headers), body: Buffer.concat(chunks) });
      });
    });
    req.end(body);
  });
};
