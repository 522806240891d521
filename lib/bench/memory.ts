// Peak memory of a process tree (Linux /proc): the benchmark samples every process descended from
// its own while a suite runs, so the figures cover Playwright's runner (with the reference, the
// secret proxy and the webhook sink in it) and every worker, each at its own peak.
import { readdirSync, readFileSync } from 'node:fs';

export interface MemoryPeaks {
  /** The largest sum of resident memory over the tree at one sample, in MiB. */
  treeMiB: number;
  /** The runner's peak (the process running `playwright test`), in MiB. */
  runnerMiB: number;
  /** The largest peak of any one worker, in MiB. */
  workerMiB: number;
  samples: number;
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

/** Descendants of `root` with their resident memory and command line. */
function tree(root: number): { pid: string; rssBytes: number; cmd: string }[] {
  const children = new Map<string, string[]>();
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    const stat = readProc(pid, 'stat');
    // The command name (field 2) may hold spaces and parentheses: the ppid follows the last ')'.
    const ppid = stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
    if (ppid) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const out: { pid: string; rssBytes: number; cmd: string }[] = [];
  const stack = [...(children.get(String(root)) ?? [])];
  while (stack.length) {
    const pid = stack.pop()!;
    stack.push(...(children.get(pid) ?? []));
    const rssPages = Number(readProc(pid, 'statm')?.split(' ')[1] ?? 0);
    out.push({ pid, rssBytes: rssPages * PAGE, cmd: (readProc(pid, 'cmdline') ?? '').replace(/\0/g, ' ') });
  }
  return out;
}

/** Samples the tree under this process until `stop()`; resolves to the peaks seen. */
export function samplePeakMemory(intervalMs = 100): { stop(): MemoryPeaks } {
  const peaks: MemoryPeaks = { treeMiB: 0, runnerMiB: 0, workerMiB: 0, samples: 0 };
  const sample = () => {
    const procs = tree(process.pid);
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
      return { ...peaks, treeMiB: Math.round(peaks.treeMiB), runnerMiB: Math.round(peaks.runnerMiB), workerMiB: Math.round(peaks.workerMiB) };
    },
  };
}
