// A whole run of the CLI against hostile fronts placed before the reference, one front per API (a
// target file, as a vendor runs it): what it printed, its exit code, its reports, how long it took,
// and the peak memory of every Node process it started.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IncomingMessage } from 'node:http';
import type { RequirementResult } from '../../lib/conformanceReport.ts';
import type { ApiName } from '../../lib/requirements.ts';
import { runSuite, type SuiteRun } from '../../lib/runSuite.ts';
import { rssProbe, type ProcessPeak } from './processPeaks.ts';
import type { Target } from '../../lib/target.ts';
import { startEmbeddedReference as startReference } from '../../lib/embeddedReference.ts';
import { startReferenceProcess } from '../../lib/referenceProcess.ts';
import { startHostileServer, type Behaviour, type Flood, type HostileServer } from './hostileServer.ts';
import { freePort } from '../../lib/freePort.ts';
import { grepPerApi } from '../../lib/apiScope.ts';

export { freePort };

export interface HostileSetup {
  /** Per API: the behaviour of each request (every API not named passes its answers through). */
  behaviours?: Partial<Record<ApiName, (req: IncomingMessage) => Behaviour>>;
  /** Per API: floods the sink on every async request. */
  floods?: Partial<Record<ApiName, Omit<Flood, 'sink'>>>;
  /** Edits the target file's apis (a wrong token, a refused port) before it is written. */
  edit?: (apis: Target['apis']) => void;
  /** The environment of the reference (planted secrets, faults). */
  referenceEnv?: NodeJS.ProcessEnv;
  /**
   * The reference runs in a process of its own, as a deployment does, instead of this one: where
   * its timing is judged while this process is busy (a front sending a flood, other runs' fronts
   * pumping endless answers), a timer of the reference's must not wait for them.
   */
  referenceApart?: boolean;
  apis: ApiName[];
  grep?: string;
  env?: NodeJS.ProcessEnv;
}

export interface HostileRun extends SuiteRun {
  reportDir: string;
  fronts: Partial<Record<ApiName, HostileServer>>;
  /** The other origin redirect-away points at: a request reaching it carried a credential away. */
  away: HostileServer;
  /** Every Node process of the run, with its peak resident memory. */
  peaks: ProcessPeak[];
}

/** A Playwright grep that selects, per API, the tests whose tags match. */
export const only = (selection: Partial<Record<ApiName, string>>): string => grepPerApi(selection as Record<string, string>)!;

export async function hostileRun(reportDir: string, setup: HostileSetup): Promise<HostileRun> {
  mkdirSync(reportDir, { recursive: true });
  const listen = `127.0.0.1:${await freePort()}`;
  const reference = setup.referenceApart
    ? await referenceProcess(listen, setup.referenceEnv ?? {})
    : await startReference({ webhookListen: listen, env: setup.referenceEnv ?? {} });
  const away = await startHostileServer();
  const fronts: HostileRun['fronts'] = {};
  try {
    const apis: Record<string, unknown> = {};
    for (const [api, section] of Object.entries(reference.target.apis) as [ApiName, { baseUrl: string }][]) {
      const flood = setup.floods?.[api];
      const front = await startHostileServer({
        upstream: section.baseUrl,
        behaviour: setup.behaviours?.[api],
        awayOrigin: away.url,
        flood: flood && { ...flood, sink: `http://${listen}` },
      });
      fronts[api] = front;
      apis[api] = { ...section, baseUrl: front.url };
    }
    setup.edit?.(apis as Target['apis']);
    const file = join(reportDir, 'target.json');
    writeFileSync(file, JSON.stringify({ name: 'hostile', apis }));
    const rss = rssProbe(reportDir);
    const run = await runSuite({
      reportDir: join(reportDir, 'reports'),
      command: ['tsx', 'bin/conformance.ts', '--target', file, ...setup.apis.flatMap((api) => ['--api', api])],
      grep: setup.grep,
      // No workers of their own for an API's waits and loops (CONFORMANCE_WAITING_WORKERS=0): these runs are about
      // answers, not pace, and each such lane of each API would start a worker of its own for a test or two.
      env: { CONFORMANCE_WORKERS: '2', CONFORMANCE_WAITING_WORKERS: '0', CONFORMANCE_REQUEST_TIMEOUT_MS: '3000', ...setup.env, ...rss.env },
    });
    return { ...run, reportDir: join(reportDir, 'reports'), fronts, away, peaks: rss.read() };
  } finally {
    await Promise.all([reference.close(), away.close(), ...Object.values(fronts).map((f) => f!.close())]);
  }
}

/** The reference as `npm run reference` starts it, delivering to `listen`, described as the embedded one is. */
async function referenceProcess(listen: string, env: NodeJS.ProcessEnv): Promise<{ target: Target; close(): Promise<void> }> {
  const running = await startReferenceProcess({ webhook: listen, env: { ...process.env, ...env } });
  return { target: running.target, close: async () => running.stop() };
}

export const requirementsOf = (run: SuiteRun, api: ApiName): RequirementResult[] => run.report?.requirements.filter((r) => r.api === api) ?? [];

export const reportsWritten = (dir: string) => ['conformance.json', 'junit.xml', join('html', 'index.html')].filter((f) => !existsSync(join(dir, f)));
