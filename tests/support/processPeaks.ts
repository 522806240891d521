// What every Node process of a run says of itself when it exits (a preload through NODE_OPTIONS,
// which runs hand to the processes they start): its command line, its peak resident memory and its
// niceness.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ProcessPeak {
  argv: string;
  maxRssMb: number;
  nice: number;
}

/** Every process of the run appends its command line, peak RSS and niceness when it exits, in `dir`. */
export function rssProbe(dir: string): { env: NodeJS.ProcessEnv; read: () => ProcessPeak[] } {
  const out = join(dir, 'peaks.jsonl');
  const preload = join(dir, 'peak-rss.mjs');
  writeFileSync(
    preload,
    `import { appendFileSync } from 'node:fs';\nimport { getPriority } from 'node:os';\nprocess.on('exit', () => appendFileSync(${JSON.stringify(out)}, JSON.stringify({ argv: process.argv.slice(1).join(' '), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), nice: getPriority() }) + '\\n'));\n`,
  );
  writeFileSync(out, '');
  return {
    env: { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${preload}`.trim() },
    read: () =>
      readFileSync(out, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as ProcessPeak),
  };
}
