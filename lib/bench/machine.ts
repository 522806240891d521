// The machine's own speed, measured beside the harness's figures so that a slow or busy runner is
// told apart from a slow harness: a fixed CPU task timed now, and the load average.
import { createHash } from 'node:crypto';
import { cpus, loadavg } from 'node:os';

export interface MachineSpeed {
  cpus: number;
  node: string;
  /** Load average over 1, 5 and 15 minutes. */
  load: number[];
  /** SHA-256 of 64 MiB, the quickest of three: one core's speed now. */
  sha256Ms: number;
}

export const loadNow = () => loadavg().map((l) => Math.round(l * 100) / 100);

export function machineSpeed(): MachineSpeed {
  const block = Buffer.alloc(64 * 2 ** 20, 1);
  const times = [0, 1, 2].map(() => {
    const started = performance.now();
    createHash('sha256').update(block).digest();
    return performance.now() - started;
  });
  return { cpus: cpus().length, node: process.version, load: loadNow(), sha256Ms: Math.round(Math.min(...times)) };
}
