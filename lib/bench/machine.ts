// The machine's own speed, measured beside the harness's figures so that a slow or busy runner is
// told apart from a slow harness: two fixed CPU tasks timed now, and the load average. A hash
// keeps to one core's arithmetic; loading a large module in a fresh Node is what a run's starts
// are made of (a Playwright worker loads this bundle and its like), and it is what slows most when
// the machine does: on one day, the default run's CPU doubled while the hash took 15 % longer.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';

export interface MachineSpeed {
  cpus: number;
  node: string;
  /** Load average over 1, 5 and 15 minutes. */
  load: number[];
  /** SHA-256 of 64 MiB, the quickest of three: one core's speed now. */
  sha256Ms: number;
  /** CPU time of a fresh Node loading playwright-core's largest bundle, the quickest of three. */
  moduleLoadMs: number;
}

/** A fresh Node's CPU time to require `file`, as it reports it itself. */
function loadCpuMs(file: string): number {
  const script = `const c = process.cpuUsage(); require(${JSON.stringify(file)}); const d = process.cpuUsage(c); process.stdout.write(String((d.user + d.system) / 1000));`;
  const { stdout } = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  return Number(stdout);
}

export const loadNow = () => loadavg().map((l) => Math.round(l * 100) / 100);

export function machineSpeed(): MachineSpeed {
  const block = Buffer.alloc(64 * 2 ** 20, 1);
  const times = [0, 1, 2].map(() => {
    const started = performance.now();
    createHash('sha256').update(block).digest();
    return performance.now() - started;
  });
  const bundle = createRequire(import.meta.url).resolve('playwright-core/lib/coreBundle');
  const loads = [0, 1, 2].map(() => loadCpuMs(bundle)).filter(Number.isFinite);
  return {
    cpus: cpus().length,
    node: process.version,
    load: loadNow(),
    sha256Ms: Math.round(Math.min(...times)),
    moduleLoadMs: Math.round(Math.min(...loads)),
  };
}
