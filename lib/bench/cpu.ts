// CPU time of the processes this one has started and waited for (Linux /proc/self/stat: cutime,
// cstime), so the suite's whole process tree once it has exited: the work a run costs, which on a
// shared machine varies much less than its wall time.
import { readFileSync } from 'node:fs';

export const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** Fields after the command name (which may hold spaces): state is field 3, so field n is at n - 3. */
const statFields = (pid: number | 'self') => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
};

export function childrenCpuMs(): number {
  const fields = statFields('self'); // cutime 16, cstime 17
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / TICKS_PER_SECOND;
}

/** CPU time a running process has used so far (utime 14 + stime 15). */
export function processCpuMs(pid: number): number {
  const fields = statFields(pid);
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}
