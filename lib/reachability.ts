// Before the run: can the harness use each target section at all? Its host must take a TCP
// connection, answer one harmless request, and not refuse the credential (401 or 403). An API that
// fails this is reported once, its requirements become untested with the reason, and the exit code
// says "the target could not be used" rather than hundreds of identical failures.
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { REQUEST_TIMEOUT_MS } from './httpClient.ts';
import { connectionProblem } from './secretProxy.ts';
import type { ApiName } from './requirements.ts';
import type { ChatApiTarget, EdnaThreadsTarget, LiaTarget, Target } from './target.ts';

const CONNECT_TIMEOUT_MS = 5000;

/** Resolves to undefined when a TCP connection to the URL's host and port opens, else the reason. */
export function unreachableReason(baseUrl: string, timeoutMs = CONNECT_TIMEOUT_MS): Promise<string | undefined> {
  const url = new URL(baseUrl);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname, port });
    const done = (reason?: string) => {
      socket.destroy();
      resolve(reason);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer from ${url.host} within ${timeoutMs} ms`));
    socket.once('connect', () => done());
    socket.once('error', (err: NodeJS.ErrnoException) => done(`${url.host}: ${err.code ?? err.message}`));
  });
}

/** One request, described without its secret (messages are printed). */
interface Probe {
  what: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  /** What to check when the credential is refused. */
  credential: string;
}

/**
 * The harmless request per API, one a correct server answers without 401/403 given the right
 * credential: a plain text query for the Chat API (always 2xx), and an empty object for edna and
 * Lia (a 4xx for the body, once the credential is accepted).
 */
function probesOf(api: ApiName, section: Target['apis'][ApiName]): Probe[] {
  const json = { 'content-type': 'application/json' };
  if (api === 'jaicp-chat' || api === 'aimylogic-chat') {
    const { baseUrl, token } = section as ChatApiTarget;
    const body = JSON.stringify({ clientId: `harness-preflight-${randomUUID()}`, query: 'hello' });
    return [{ what: 'POST /chatapi/{token}', url: `${baseUrl}/chatapi/${encodeURIComponent(token)}`, headers: json, body, credential: 'the token' }];
  }
  if (api === 'edna-threads') {
    const { baseUrl, token, tenant } = section as EdnaThreadsTarget;
    const headers = { ...json, ...(tenant === undefined ? {} : { 'x-tenant-name': tenant }) };
    // The documented "Bearer <token>" first; a target that takes only the bare token still proves the token right.
    return [['Bearer ', 'Bearer {token}'], ['', '{token}']].map(([prefix, shown]) => ({
      what: `POST /api/v1/chatbot with Authorization: ${shown}`,
      url: `${baseUrl}/api/v1/chatbot`,
      headers: { ...headers, authorization: `${prefix}${token}` },
      body: '{}',
      credential: 'the token and the tenant',
    }));
  }
  const { baseUrl, key } = section as LiaTarget;
  return [{ what: 'POST /api/v1/handling/event?key={key}', url: `${baseUrl}/api/v1/handling/event?key=${encodeURIComponent(key)}`, headers: json, body: '{}', credential: 'the key' }];
}

export interface Unusable {
  /** What the one line printed before the run says after the API's name. */
  said: string;
  /** The reason recorded for the API's requirements. */
  reason: string;
}

/** Sends a probe and returns its status, or why there is none. The body is never read. */
function statusOf(probe: Probe, timeoutMs: number): Promise<number | string> {
  return new Promise((resolve) => {
    const url = new URL(probe.url);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, { method: 'POST', headers: { ...probe.headers, 'content-length': Buffer.byteLength(probe.body) } }, (res) => {
      clearTimeout(timer);
      resolve(res.statusCode ?? 0);
      res.destroy();
    });
    const timer = setTimeout(() => {
      resolve(`no answer to ${probe.what} within ${timeoutMs} ms`);
      req.destroy();
    }, timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(`${probe.what}: ${connectionProblem(err)}`);
    });
    req.end(probe.body);
  });
}

/** Why the harness cannot use this API of the target, or undefined when it can. */
export async function unusable(api: ApiName, section: NonNullable<Target['apis'][ApiName]>, timeoutMs = REQUEST_TIMEOUT_MS): Promise<Unusable | undefined> {
  const unreachable = await unreachableReason(section.baseUrl);
  if (unreachable) return { said: `is unreachable (${unreachable})`, reason: unreachable };
  const probes = probesOf(api, section);
  const refusals: string[] = [];
  for (const probe of probes) {
    const status = await statusOf(probe, timeoutMs);
    if (typeof status === 'string') return { said: `did not answer: ${status}`, reason: `no HTTP answer: ${status}` };
    if (status !== 401 && status !== 403) return undefined;
    refusals.push(`${probe.what} was answered ${status}`);
  }
  const detail = `${refusals.join(', ')} (check ${probes[0].credential})`;
  return { said: `refused the credential: ${detail}`, reason: `the credential was refused: ${detail}` };
}
