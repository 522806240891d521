// Head starts. An observation whose verdict waits on the target's own time (the Chat API's timeout
// event: its ruler goes three waits after the slow request) is the run's longest chain, and its
// test could send its first request only once Playwright had started a worker for it: 1.2-1.3 s
// after the tests were collected, on two cores (docs/bench.md item 29). The runner knows the run's
// tests before it forks a worker. So this reporter, in the runner, sends each such first request
// (an adapter's `headStarts`) as soon as the tests are known, and the test takes it over: its
// exchange joins the test's journal, the chain goes on from its answer. A test that finds none (the
// reporters replaced on the command line, a retry, a request that failed), or one too old for its
// observation, sends the request itself. Only where the test has a worker of its own waiting for it
// (a lane, lib/workerShare.ts), and only when the run takes the test for the observation: elsewhere
// it might start long after, and the request would be spent for nothing.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { FullConfig, Reporter, Suite, TestCase } from '@playwright/test/reporter';
import type { HeadStart, Section } from './adapter.ts';
import { apiOfTest, GREP_ENV, grepKeeps } from './apiScope.ts';
import { HttpClient, REQUEST_TIMEOUT_MS, type Reply } from './httpClient.ts';
import { nodeTransport } from './httpTransport.ts';
import { MAX_WAIT_MS } from './pacing.ts';
import { adapterOf, catalogOf } from './registry.ts';
import { DEFAULT_RUN, plannedRuns, resolvedRuns } from './runs.ts';
import { waitingWorkers } from './workerShare.ts';

/** Set in the runner once a head start is sent: where its workers take them over. */
export const HEAD_START_ENV = 'CONFORMANCE_HEAD_START';
/** The annotation of a test that took over a head start, or found one too old. */
export const HEAD_START_ANNOTATION = 'head start';

/** An observation's first request and its answer, whichever process sent it. */
export interface HeadStarted {
  reply: Reply;
  /** Epoch ms of this machine's clock (the sink's too): when the request went, and when its answer came. */
  sentAt: number;
  answeredAt: number;
  /** What the test must know of the request (its client, say). */
  context: Record<string, string>;
}

type FirstRequest = NonNullable<ReturnType<HeadStart['request']>>;

/** Sends an observation's first request: the runner's head start, or the test's own when it takes over none. */
export async function sendHeadStart(http: HttpClient, { spec, context }: FirstRequest): Promise<HeadStarted> {
  const sentAt = Date.now();
  const reply = await http.send(spec);
  return { reply, sentAt, answeredAt: Date.now(), context };
}

/** Past the request's own bound, the runner has long answered: the head start failed, and the test sends its own. */
const TAKE_OVER_TIMEOUT_MS = REQUEST_TIMEOUT_MS + MAX_WAIT_MS + 5_000;

const keyOf = (profile: string, name: string) => `${profile}/${name}`;

/** In a worker: the runner's head start `name` of the profile, once; undefined when there is none to take over. */
export async function takeOverHeadStart(profile: string, name: string, env: NodeJS.ProcessEnv = process.env): Promise<HeadStarted | undefined> {
  const base = env[HEAD_START_ENV];
  if (!base) return undefined;
  try {
    const answer = await nodeTransport(`${base}/${encodeURIComponent(keyOf(profile, name))}`, { method: 'GET', headers: {}, timeoutMs: TAKE_OVER_TIMEOUT_MS });
    return answer.status === 200 ? (JSON.parse(answer.body.toString('utf8')) as HeadStarted) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the run takes the test for some of these requirements: its --grep (or --level) keeps them, as the test's `selects` reads it. */
function takenFor(test: TestCase, keys: readonly string[], grep = process.env[GREP_ENV]): boolean {
  const tags = keys.map((key) => `@${key}`);
  return !grep || grepKeeps(grep, test.parent.project()?.name ?? '', test.titlePath().slice(2), tags);
}

/** The head start's request to the section; none when it cannot be built (the test builds it, and meets the error, itself): a reporter's error would fail the run. */
function requestOf(headStart: HeadStart, section: Section): FirstRequest | undefined {
  try {
    return headStart.request(section);
  } catch {
    return undefined;
  }
}

/** In the runner: sends the run's head starts as the tests are known, and hands each to the first worker that asks. */
export default class HeadStartReporter implements Reporter {
  private readonly sent = new Map<string, Promise<HeadStarted>>();
  private readonly clients: HttpClient[] = [];
  // A server that cannot listen sends no head start: the tests send their own requests.
  private readonly server = createServer((req, res) => this.handOver(req, res)).on('error', () => undefined);
  /** Settles once workers can ask, or the server cannot listen; a run's tests are known long after (the global setup and the collection come between). */
  readonly listening = once(this.server, 'listening').then(
    () => undefined,
    () => undefined,
  );

  constructor() {
    // It holds no process open.
    this.server.listen(0, '127.0.0.1').unref();
  }

  printsToStdio(): boolean {
    return false;
  }

  onBegin(_config: FullConfig, suite: Suite): void {
    const address = this.server.address();
    const run = resolvedRuns()?.[DEFAULT_RUN];
    // A kill or variant check's many runs, or no lanes: the test may start long after the run does.
    if (!address || typeof address === 'string' || !run || plannedRuns() || waitingWorkers() === 0) return;
    for (const test of suite.allTests()) {
      const profile = apiOfTest(test);
      const section = run.apis[profile];
      if (!section || run.unreachable?.[profile]) continue;
      for (const headStart of adapterOf(profile).headStarts ?? []) {
        const key = keyOf(profile, headStart.name);
        const stated = headStart.requirements.filter((k) => catalogOf(profile).has(k));
        if (headStart.test !== test.title || this.sent.has(key) || !stated.length || !takenFor(test, stated)) continue;
        const request = requestOf(headStart, section);
        if (!request) continue;
        const http = new HttpClient(section.baseUrl, []);
        this.clients.push(http);
        const sending = sendHeadStart(http, request);
        sending.catch(() => undefined); // not taken over: the test sends its own, and is judged on that
        this.sent.set(key, sending);
      }
    }
    // Workers are forked after this: they inherit it.
    if (this.sent.size) process.env[HEAD_START_ENV] = `http://127.0.0.1:${address.port}`;
  }

  /** GET /<profile>/<name>: the head start as JSON once it is answered (404: none, already taken, or failed). */
  private handOver(req: IncomingMessage, res: ServerResponse): void {
    let key: string;
    try {
      key = decodeURIComponent((req.url ?? '/').slice(1));
    } catch {
      return void res.writeHead(404).end(); // not a worker's: a bad name
    }
    const sending = this.sent.get(key);
    this.sent.delete(key);
    if (!sending) return void res.writeHead(404).end();
    sending.then(
      (started) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(started)),
      () => res.writeHead(404).end(),
    );
  }

  async onEnd(): Promise<void> {
    for (const http of this.clients) http.close();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
