// Raw against checked throughput: the same valid requests (the first adapter's benchmark case: for
// the Chat API, generated text queries, one client each) sent one after another to the reference
// running in a process of its own — as a plain keep-alive HTTP loop that reads the answer and
// checks nothing, straight and through the secret proxy, and the harness's way: HttpClient
// (lib/httpTransport.ts) through the proxy, without and with the checks a generated case makes.
// The steps between them say what costs what.
import { Agent, request as httpRequest } from 'node:http';
import type { BenchmarkCase } from '../adapter.ts';
import { HttpClient, type Exchange, type Reply, type RequestSpec } from '../httpClient.ts';
import { adapters } from '../registry.ts';
import { startSecretProxy } from '../secretProxy.ts';
import { processCpuMs } from './cpu.ts';
import { startReferenceProcess } from '../referenceProcess.ts';
import { behindProxy } from '../target.ts';

export interface Throughput {
  requests: number;
  /** Requests per second of each loop. */
  rps: {
    /** Plain HTTP straight to the reference. */
    raw: number;
    /** Plain HTTP through the secret proxy: the hop the design puts between workers and every target. */
    rawViaProxy: number;
    /** HttpClient through the proxy, with no check: the journal, the redaction, the proxy's headers read. */
    harnessUnchecked: number;
    /** The same with the checks a generated case makes (for the Chat API: 2xx, the SyncResponse schema). */
    checked: number;
  };
  /** CPU per request of each loop (µs), this process and the reference's together: what sets the rate on an idle machine. */
  cpuUsPerRequest: Throughput['rps'];
  /** checked / raw: the harness's whole cost per request. */
  ratio: number;
  /** The same from CPU per request (raw's / checked's), which a loaded machine leaves nearly as is. */
  cpuRatio: number;
  /** checked / rawViaProxy: what the harness costs beyond the proxy hop. */
  ratioBeyondProxy: number;
  /** The share of a checked request's time that the checks take (timed alone on the answers). */
  checkShare: number;
}

const ROUNDS = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The first registered adapter that offers a benchmark case. */
function benchmarkCase(): BenchmarkCase {
  const found = adapters().find((a) => a.benchmark)?.benchmark;
  if (!found) throw new Error('no registered adapter offers a benchmark case');
  return found;
}

async function rawLoop(baseUrl: string, requests: RequestSpec[]): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const started = performance.now();
  for (const spec of requests) {
    const data = Buffer.from(spec.json === undefined ? (spec.body ?? '') : JSON.stringify(spec.json));
    await new Promise<void>((resolve, reject) => {
      const headers = { 'content-type': 'application/json', 'content-length': data.length, ...spec.headers };
      const req = httpRequest(new URL(baseUrl + spec.path), { method: spec.method ?? 'POST', agent, headers }, (res) => {
        res
          .on('data', () => {})
          .on('end', resolve)
          .on('error', reject);
      });
      req.on('error', reject);
      req.end(data);
    });
  }
  const elapsed = performance.now() - started;
  agent.destroy();
  return elapsed;
}

/** The harness's path; with `answers`, the checks a generated case makes, keeping the answers. */
async function harnessLoop(http: HttpClient, requests: RequestSpec[], check?: (reply: Reply) => void, answers?: Reply[]): Promise<number> {
  let failures = 0;
  const started = performance.now();
  for (const spec of requests) {
    const reply = await http.send(spec);
    if (check) {
      try {
        check(reply);
      } catch {
        failures += 1;
      }
    }
    answers?.push(reply);
    http.journal.length = 0; // a test's journal holds one test's exchanges, not a whole run's
  }
  const elapsed = performance.now() - started;
  if (failures) throw new Error(`${failures} of ${requests.length} checked requests failed their checks`);
  return elapsed;
}

/** Time per check of real answers, alone: too small to see as a difference between two loops. */
function checkMs(check: (reply: Reply) => void, answers: Reply[]): number {
  const started = performance.now();
  for (let round = 0; round < 5; round++) for (const answer of answers) check(answer);
  return (performance.now() - started) / (5 * answers.length);
}

/** Sends about `requests` requests each way (after a warm-up of each), one at a time, in interleaved rounds. */
export async function measureThroughput(requests: number, seed: number): Promise<Throughput> {
  const bench = benchmarkCase();
  const reference = await startReferenceProcess();
  const { target, child } = reference;
  const proxy = await startSecretProxy();
  try {
    const direct = target.apis[bench.profile]!;
    const { target: proxied, routes } = behindProxy({ ...target, apis: { [bench.profile]: direct } }, proxy.url);
    for (const [route, value] of routes) proxy.routes.set(route, value);
    const viaProxy = proxied.apis[bench.profile]!;
    const answers: Reply[] = [];
    const http = new HttpClient(viaProxy.baseUrl, [] as Exchange[]);
    const loops: [keyof Throughput['rps'], (count: number, seed: number) => Promise<number>][] = [
      ['raw', async (n, s) => rawLoop(direct.baseUrl, await bench.requests(direct, n, s))],
      ['rawViaProxy', async (n, s) => rawLoop(viaProxy.baseUrl, await bench.requests(viaProxy, n, s))],
      ['harnessUnchecked', async (n, s) => harnessLoop(http, await bench.requests(viaProxy, n, s))],
      ['checked', async (n, s) => harnessLoop(http, await bench.requests(viaProxy, n, s), bench.check, answers)],
    ];
    // Interleaved rounds, median per loop: a machine shared with others drifts between loops.
    const perRound = Math.ceil(requests / ROUNDS);
    const samples = new Map<keyof Throughput['rps'], number[]>(loops.map(([name]) => [name, []]));
    const cpuMs = new Map<keyof Throughput['rps'], number>(loops.map(([name]) => [name, 0]));
    const cpuNow = () => {
      const own = process.cpuUsage();
      return (own.user + own.system) / 1000 + processCpuMs(child.pid!);
    };
    for (const [, loop] of loops) await loop(50, seed - 1);
    for (let r = 0; r < ROUNDS; r++) {
      for (const [name, loop] of loops) {
        const cpuBefore = cpuNow();
        samples.get(name)!.push((perRound / (await loop(perRound, seed + r))) * 1000);
        cpuMs.set(name, cpuMs.get(name)! + cpuNow() - cpuBefore);
      }
    }
    const cpuUsPerRequest = Object.fromEntries([...cpuMs].map(([name, ms]) => [name, Math.round((ms * 1000) / (perRound * ROUNDS))])) as Throughput['rps'];
    const rps = Object.fromEntries([...samples].map(([name, xs]) => [name, median(xs)])) as Throughput['rps'];
    const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
    return {
      requests: perRound * ROUNDS,
      rps: Object.fromEntries(Object.entries(rps).map(([k, v]) => [k, Math.round(v)])) as Throughput['rps'],
      cpuUsPerRequest,
      ratio: round(rps.checked / rps.raw),
      cpuRatio: round(cpuUsPerRequest.raw / cpuUsPerRequest.checked),
      ratioBeyondProxy: round(rps.checked / rps.rawViaProxy),
      checkShare: round(checkMs(bench.check, answers) / (1000 / rps.checked), 3),
    };
  } finally {
    await proxy.close();
    reference.stop();
  }
}
