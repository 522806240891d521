// What every Node process of a run says of itself when it exits (a preload through NODE_OPTIONS,
// which runs hand to the processes they start): its command line and its peak resident memory.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ProcessPeak {
  argv: string;
  maxRssMb: number;
}

/** Every process of the run appends its command line and peak RSS when it exits, in `dir`. */
export function rssProbe(dir: string): { env: NodeJS.ProcessEnv; read: () => ProcessPeak[] } {
  const out = join(dir, 'peaks.jsonl');
  const preload = join(dir, 'peak-rss.mjs');
  writeFileSync(
    preload,
    `import { appendFileSync } from 'node:fs';\nprocess.on('exit', () => appendFileSync(${JSON.stringify(out)}, JSON.stringify({ argv: process.argv.slice(1).join(' '), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }) + '\\n'));\n`,
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
