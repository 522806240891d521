// Before the run: can the harness use each target section at all? Its host must take a TCP
// connection, answer one harmless request, and not refuse the credential (401 or 403). An API that
// fails this is reported once, its requirements become untested with the reason, and the exit code
// says "the target could not be used" rather than hundreds of identical failures.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import type { Probe, Section } from './adapter.ts';
import { REQUEST_TIMEOUT_MS } from './httpClient.ts';
import { adapterOf } from './registry.ts';
import { connectionProblem } from './secretProxy.ts';

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
    const body = probe.body ?? '';
    const req = send(url, { method: probe.method, headers: { ...probe.headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
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
    req.end(body);
  });
}

/** Why the harness cannot use this API of the target, or undefined when it can. */
export async function unusable(profile: string, section: Section, timeoutMs = REQUEST_TIMEOUT_MS): Promise<Unusable | undefined> {
  const unreachable = await unreachableReason(section.baseUrl);
  if (unreachable) return { said: `is unreachable (${unreachable})`, reason: unreachable };
  const probes = adapterOf(profile).preflight(profile, section);
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
