// Before the run: can the harness use each target section at all? Its host must take a TCP
// connection, answer one harmless request, and not refuse the credential (401 or 403). An API that
// fails this is reported once, its requirements become untested with the reason, and the exit code
// says "the target could not be used" rather than hundreds of identical failures.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect, isIP } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { Probe, Section } from './adapter.ts';
import { parseJson, REQUEST_TIMEOUT_MS } from './httpClient.ts';
import { adapterOf } from './registry.ts';
import { connectionProblem } from './secretProxy.ts';
import { ServerClock, type OffsetBounds, type StampBounds } from './serverClock.ts';

const CONNECT_TIMEOUT_MS = 5000;
/** How long a port that failed a plain request is given to show it speaks TLS: a silent one adds no more to the preflight. */
const TLS_CHECK_MS = 2000;
/** The most of a probe's answer read for the time it carries: an answer to one message is small. */
const STAMPED_BODY_MAX = 64 * 1024;

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

/**
 * Whether the base URL's port completes a TLS handshake: an http:// baseUrl on an https port, which
 * resets a plain request (Node) or answers it 400 (nginx), and would fail every test alike. Only the
 * handshake is made, nothing is sent over it, so the certificate is not judged here.
 */
export function speaksTls(baseUrl: string, timeoutMs = CONNECT_TIMEOUT_MS): Promise<boolean> {
  const url = new URL(baseUrl);
  return new Promise((resolve) => {
    const socket = tlsConnect({
      host: url.hostname,
      port: Number(url.port || 80),
      rejectUnauthorized: false,
      ...(isIP(url.hostname) ? {} : { servername: url.hostname }),
    });
    const done = (tls: boolean) => {
      socket.destroy();
      resolve(tls);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('secureConnect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export interface Unusable {
  /** What the one line printed before the run says after the API's name. */
  said: string;
  /** The reason recorded for the API's requirements. */
  reason: string;
}

interface ProbeAnswer {
  status: number;
  /** To the answer's headers. */
  elapsedMs: number;
  sentAt: number;
  answeredAt: number;
  date?: string;
  contentType?: string;
  /** The server's own time the answer carries (Probe.stampOf), and when its body was in. */
  stamp?: { text: string; answeredAt: number };
}

/** A 2xx answer's body as JSON, read to its end within the bound; undefined when it is not that. */
function jsonBodyOf(res: IncomingMessage, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (value: unknown) => {
      clearTimeout(timer);
      resolve(value);
      res.destroy();
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > STAMPED_BODY_MAX) return done(undefined);
      chunks.push(chunk);
    });
    res.on('end', () => done(parseJson(Buffer.concat(chunks).toString('utf8'))));
    res.on('error', () => done(undefined));
  });
}

/**
 * Sends a probe and returns its status line and timing, or why there is none. The body is read
 * only for the time a 2xx answer carries, where the probe says where it is.
 */
function answerOf(probe: Probe, timeoutMs: number): Promise<ProbeAnswer | string> {
  return new Promise((resolve) => {
    const url = new URL(probe.url);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const body = probe.body ?? '';
    const sentAt = Date.now();
    const started = performance.now();
    let answered = false;
    const req = send(url, { method: probe.method, headers: { ...probe.headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      answered = true;
      clearTimeout(timer);
      const status = res.statusCode ?? 0;
      const answer: ProbeAnswer = {
        status,
        elapsedMs: performance.now() - started,
        sentAt,
        answeredAt: Date.now(),
        date: res.headers.date,
        contentType: res.headers['content-type'],
      };
      const stampOf = probe.stampOf;
      if (!stampOf || status < 200 || status >= 300) {
        resolve(answer);
        return void res.destroy();
      }
      void jsonBodyOf(res, timeoutMs).then((json) => {
        const text = json === undefined ? undefined : stampOf(json);
        resolve(text === undefined ? answer : { ...answer, stamp: { text, answeredAt: Date.now() } });
      });
    });
    const timer = setTimeout(() => {
      resolve(`no answer to ${probe.what} within ${timeoutMs} ms`);
      req.destroy();
    }, timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => {
      // Once the status line is in, the API answered: a body cut short only leaves its time unread.
      if (answered) return;
      clearTimeout(timer);
      resolve(`${probe.what}: ${connectionProblem(err)}`);
    });
    req.end(body);
  });
}

/** What the preflight learnt of a section: whether the harness can use it, how fast it answers, its clock. */
export interface Preflight {
  unusable?: Unusable;
  /** How long the probe's answer took to start, in ms: what the per-test timeouts scale with. */
  latencyMs?: number;
  /** The offset of the target's clock from ours, from its Date header. */
  clock?: OffsetBounds;
  /** The offset of its application's clock, from the time its answer carries (where the API's answers carry one). */
  applicationClock?: StampBounds;
}

/** Probes a section: can the harness use it, and how fast and with what clock does it answer. */
export async function preflightOf(profile: string, section: Section, timeoutMs = REQUEST_TIMEOUT_MS): Promise<Preflight> {
  const unreachable = await unreachableReason(section.baseUrl);
  if (unreachable) return { unusable: { said: `is unreachable (${unreachable})`, reason: unreachable } };
  const probes = adapterOf(profile).preflight(profile, section);
  const refusals: string[] = [];
  const base = new URL(section.baseUrl);
  for (const probe of probes) {
    const answer = await answerOf(probe, timeoutMs);
    // A front's page (nginx: "The plain HTTP request was sent to HTTPS port"), not the API's refusal of the probe's body.
    const plainly =
      typeof answer === 'string'
        ? answer
        : answer.status === 400 && /^text\/html/i.test(answer.contentType ?? '')
          ? `${probe.what} was answered 400`
          : undefined;
    if (plainly && base.protocol === 'http:' && (await speaksTls(section.baseUrl, TLS_CHECK_MS))) {
      const hint = `(in plain HTTP, ${plainly}): is the baseUrl https://, not http://?`;
      return { unusable: { said: `speaks TLS on ${base.host} ${hint}`, reason: `the port speaks TLS ${hint}` } };
    }
    if (typeof answer === 'string') return { unusable: { said: `did not answer: ${answer}`, reason: `no HTTP answer: ${answer}` } };
    if (answer.status !== 401 && answer.status !== 403) {
      const clock = new ServerClock();
      clock.observe(answer.sentAt, answer.answeredAt, answer.date);
      if (answer.stamp) clock.observeStamp(answer.sentAt, answer.stamp.answeredAt, answer.stamp.text);
      const applicationClock = clock.stampOffset();
      return { latencyMs: Math.round(answer.elapsedMs), clock: clock.dateOffset(), ...(applicationClock ? { applicationClock } : {}) };
    }
    refusals.push(`${probe.what} was answered ${answer.status}`);
  }
  const detail = `${refusals.join(', ')} (check ${probes[0].credential})`;
  return { unusable: { said: `refused the credential: ${detail}`, reason: `the credential was refused: ${detail}` } };
}

/** Why the harness cannot use this API of the target, or undefined when it can. */
export async function unusable(profile: string, section: Section, timeoutMs = REQUEST_TIMEOUT_MS): Promise<Unusable | undefined> {
  return (await preflightOf(profile, section, timeoutMs)).unusable;
}
