// A suite run's process tree, sampled (Linux /proc): every process descended from the benchmark's
// own while a suite runs, so the figures cover Playwright's runner (with the reference, the secret
// proxy and the webhook sink in it) and every worker. Memory: each at its own peak. CPU: the
// tree's total over time, from which the cores it left idle at any moment follow (runFigures.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { TICKS_PER_SECOND } from './cpu.ts';

export interface MemoryPeaks {
  /** The largest sum of resident memory over the tree at one sample, in MiB. */
  treeMiB: number;
  /** The runner's peak (the process running `playwright test`), in MiB. */
  runnerMiB: number;
  /** The largest peak of any one worker, in MiB. */
  workerMiB: number;
  samples: number;
}

/** The tree's CPU time so far (user + system, of the live processes and of those they have reaped), at an epoch ms. */
export interface CpuSample {
  at: number;
  cpuMs: number;
}

/** True for Playwright's runner, however it was started (`npx playwright test`, or its cli.js from playwright or @playwright/test). */
export const isRunner = (cmd: string) => /playwright(\/test)?(\/cli\.js)? test/.test(cmd) && !cmd.includes('npm exec');

const PAGE = 4096;
const MIB = 1024 * 1024;

function readProc(pid: string, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined; // gone between the listing and the read
  }
}

/** Descendants of `root` with their resident memory, CPU time (their reaped children's included) and command line. */
function tree(root: number): { pid: string; rssBytes: number; cpuMs: number; cmd: string }[] {
  const children = new Map<string, string[]>();
  const cpuMs = new Map<string, number>();
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    const stat = readProc(pid, 'stat');
    if (!stat) continue;
    // The command name (field 2) may hold spaces and parentheses: field n follows the last ')' at n - 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = fields[1];
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    // utime, stime, cutime, cstime (fields 14-17): a worker that exits moves its time to its parent's cutime.
    cpuMs.set(pid, ((Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * 1000) / TICKS_PER_SECOND);
  }
  const out: { pid: string; rssBytes: number; cpuMs: number; cmd: string }[] = [];
  const stack = [...(children.get(String(root)) ?? [])];
  while (stack.length) {
    const pid = stack.pop()!;
    stack.push(...(children.get(pid) ?? []));
    const rssPages = Number(readProc(pid, 'statm')?.split(' ')[1] ?? 0);
    out.push({ pid, rssBytes: rssPages * PAGE, cpuMs: cpuMs.get(pid) ?? 0, cmd: (readProc(pid, 'cmdline') ?? '').replace(/\0/g, ' ') });
  }
  return out;
}

/** Samples the tree under this process until `stop()`: the memory peaks seen, and the tree's CPU time at each sample. */
export function sampleProcessTree(intervalMs = 100): { stop(): { memory: MemoryPeaks; cpu: CpuSample[] } } {
  const peaks: MemoryPeaks = { treeMiB: 0, runnerMiB: 0, workerMiB: 0, samples: 0 };
  const cpu: CpuSample[] = [];
  const sample = () => {
    const procs = tree(process.pid);
    cpu.push({ at: Date.now(), cpuMs: procs.reduce((sum, p) => sum + p.cpuMs, 0) });
    const total = procs.reduce((sum, p) => sum + p.rssBytes, 0) / MIB;
    peaks.treeMiB = Math.max(peaks.treeMiB, total);
    for (const p of procs) {
      const mib = p.rssBytes / MIB;
      if (p.cmd.includes('workerProcessEntry')) peaks.workerMiB = Math.max(peaks.workerMiB, mib);
      else if (isRunner(p.cmd)) peaks.runnerMiB = Math.max(peaks.runnerMiB, mib);
    }
    peaks.samples += 1;
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return {
        memory: { ...peaks, treeMiB: Math.round(peaks.treeMiB), runnerMiB: Math.round(peaks.runnerMiB), workerMiB: Math.round(peaks.workerMiB) },
        cpu,
      };
    },
  };
}
