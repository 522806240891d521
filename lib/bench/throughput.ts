// Raw against checked throughput: the same synchronous Chat API requests (POST /chatapi/{token},
// generated text queries, one client each) sent one after another to the reference running in a
// process of its own — as a plain keep-alive HTTP loop that reads the answer and checks nothing,
// straight and through the secret proxy, and the harness's way: HttpClient over Playwright's
// APIRequestContext, through the proxy, without and with the checks a generated sync case makes
// (2xx, the SyncResponse schema; ajv compiled once). The steps between them say what costs what.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request as playwrightRequest } from '@playwright/test';
import { sampleValid } from '../cases.ts';
import { HttpClient, type Exchange } from '../httpClient.ts';
import { PROJECT_ROOT } from '../runSuite.ts';
import { schemaErrors } from '../schemas.ts';
import { startSecretProxy } from '../secretProxy.ts';
import { behindProxy, type Target } from '../target.ts';

export interface Throughput {
  requests: number;
  /** Requests per second of each loop. */
  rps: {
    /** Plain HTTP straight to the reference. */
    raw: number;
    /** Plain HTTP through the secret proxy: the hop the design puts between workers and every target. */
    rawViaProxy: number;
    /** HttpClient over Playwright's APIRequestContext through the proxy, with no check. */
    harnessUnchecked: number;
    /** The same with the checks: 2xx and the SyncResponse schema. */
    checked: number;
  };
  /** checked / raw: the harness's whole cost per request. */
  ratio: number;
  /** checked / rawViaProxy: what the harness costs beyond the proxy hop. */
  ratioBeyondProxy: number;
  /** The share of a checked request's time that the schema validation takes (ajv, timed alone on the answers). */
  checkShare: number;
}

const API = 'jaicp-chat';
const ROUNDS = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Starts bin/reference.ts in its own process group; resolves once it says it has written its target file. */
async function startReferenceProcess(): Promise<{ target: Target; child: ChildProcess }> {
  const file = join(tmpdir(), `bench-reference-${process.pid}.json`);
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/reference.ts', '--out', file], { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  await new Promise<void>((resolve, reject) => {
    let said = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      said += chunk.toString('utf8');
      if (said.includes('target file written')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the reference process exited (${code}) before starting:\n${said}`)));
  });
  const target = JSON.parse(readFileSync(file, 'utf8')) as Target;
  rmSync(file, { force: true });
  return { target, child };
}

/** Generated text queries, each from a client of its own (as the generated sync test sends them). */
function bodies(count: number, seed: number, label: string): unknown[] {
  return (sampleValid('chat-api', 'TextRequest', count, seed) as { clientId: string; query: string }[]).map((b, i) => ({ ...b, clientId: `bench-${label}-${i}` }));
}

async function rawLoop(baseUrl: string, token: string, payloads: unknown[]): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const url = new URL(`${baseUrl}/chatapi/${encodeURIComponent(token)}`);
  const started = performance.now();
  for (const payload of payloads) {
    const data = Buffer.from(JSON.stringify(payload));
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': data.length } }, (res) => {
        res.on('data', () => {}).on('end', resolve).on('error', reject);
      });
      req.on('error', reject);
      req.end(data);
    });
  }
  const elapsed = performance.now() - started;
  agent.destroy();
  return elapsed;
}

/** The harness's path; with `answers`, the checks a generated sync case makes (2xx, the SyncResponse schema), keeping the answers. */
async function harnessLoop(http: HttpClient, token: string, payloads: unknown[], answers?: unknown[]): Promise<number> {
  const path = `/chatapi/${encodeURIComponent(token)}`;
  let failures = 0;
  const started = performance.now();
  for (const payload of payloads) {
    const reply = await http.send({ method: 'POST', path, json: payload });
    if (answers && (reply.status >= 300 || schemaErrors('chat-api', 'SyncResponse', reply.json).length > 0)) failures += 1;
    answers?.push(reply.json);
    http.journal.length = 0; // a test's journal holds one test's exchanges, not a whole run's
  }
  const elapsed = performance.now() - started;
  if (failures) throw new Error(`${failures} of ${payloads.length} checked requests failed their checks`);
  return elapsed;
}

/** Time per schema validation of real answers, alone: too small to see as a difference between two loops. */
function validationMs(answers: unknown[]): number {
  const started = performance.now();
  for (let round = 0; round < 5; round++) for (const answer of answers) schemaErrors('chat-api', 'SyncResponse', answer);
  return (performance.now() - started) / (5 * answers.length);
}

/** Sends about `requests` requests each way (after a warm-up of each), one at a time, in interleaved rounds. */
export async function measureThroughput(requests: number, seed: number): Promise<Throughput> {
  const { target, child } = await startReferenceProcess();
  const proxy = await startSecretProxy();
  const context = await playwrightRequest.newContext();
  try {
    const direct = target.apis[API]!;
    const { target: proxied, routes } = behindProxy({ ...target, apis: { [API]: direct } }, proxy.url);
    for (const [api, route] of routes) proxy.routes.set(api, route);
    const viaProxy = proxied.apis[API]!;
    const answers: unknown[] = [];
    const http = new HttpClient(context, viaProxy.baseUrl, [] as Exchange[]);
    const loops: [keyof Throughput['rps'], (payloads: unknown[]) => Promise<number>][] = [
      ['raw', (p) => rawLoop(direct.baseUrl, direct.token, p)],
      ['rawViaProxy', (p) => rawLoop(viaProxy.baseUrl, viaProxy.token, p)],
      ['harnessUnchecked', (p) => harnessLoop(http, viaProxy.token, p)],
      ['checked', (p) => harnessLoop(http, viaProxy.token, p, answers)],
    ];
    // Interleaved rounds, median per loop: a machine shared with others drifts between loops.
    const perRound = Math.ceil(requests / ROUNDS);
    const samples = new Map<keyof Throughput['rps'], number[]>(loops.map(([name]) => [name, []]));
    for (const [name, loop] of loops) await loop(bodies(50, seed + 1, `${name}-warm-up`));
    for (let r = 0; r < ROUNDS; r++) {
      for (const [name, loop] of loops) samples.get(name)!.push((perRound / (await loop(bodies(perRound, seed + r, `${name}-${r}`)))) * 1000);
    }
    const rps = Object.fromEntries([...samples].map(([name, xs]) => [name, median(xs)])) as Throughput['rps'];
    const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
    return {
      requests: perRound * ROUNDS,
      rps: Object.fromEntries(Object.entries(rps).map(([k, v]) => [k, Math.round(v)])) as Throughput['rps'],
      ratio: round(rps.checked / rps.raw),
      ratioBeyondProxy: round(rps.checked / rps.rawViaProxy),
      checkShare: round(validationMs(answers) / (1000 / rps.checked), 3),
    };
  } finally {
    await context.dispose();
    await proxy.close();
    process.kill(-child.pid!, 'SIGTERM');
  }
}
