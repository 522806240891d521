// Runs the conformance suite in a child Playwright process and reads its conformance report:
// what the CLI, the fault checks and the benchmarks share.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConformanceReport } from './conformanceReport.ts';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A literal for a Playwright --grep (tags and ids carry dots). */
export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface SuiteRun {
  exitCode: number;
  output: string;
  report?: ConformanceReport;
  elapsedMs: number;
}

export interface SuiteOptions {
  reportDir: string;
  env?: NodeJS.ProcessEnv;
  projects?: string[];
  grep?: string;
  /** Echo the child's output as it comes (the CLI) instead of only collecting it (tests). */
  echo?: boolean;
  extraArgs?: string[];
  /** Run this command of node_modules/.bin instead of `playwright test` (the CLI, for its own tests). */
  command?: string[];
}

export function runSuite(options: SuiteOptions): Promise<SuiteRun> {
  const [bin, ...rest] = options.command ?? ['playwright', 'test'];
  const args = [...rest, ...(options.projects ?? []).map((p) => `--project=${p}`)];
  if (options.grep) args.push('--grep', options.grep);
  args.push(...(options.extraArgs ?? []));
  const started = performance.now();
  // A run that stops before its reporter (a configuration error) must not be read as the last run's report.
  rmSync(join(options.reportDir, 'conformance.json'), { force: true });
  return new Promise((resolve, reject) => {
    // The package's own bin, not `npx`: npx costs half a second per run, and the fault loop makes a hundred.
    const child = spawn(join(PROJECT_ROOT, 'node_modules', '.bin', bin), args, {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...options.env, CONFORMANCE_REPORT_DIR: options.reportDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const take = (chunk: Buffer, to: NodeJS.WriteStream) => {
      output += chunk.toString('utf8');
      if (options.echo) to.write(chunk);
    };
    child.stdout.on('data', (c: Buffer) => take(c, process.stdout));
    child.stderr.on('data', (c: Buffer) => take(c, process.stderr));
    child.on('error', reject);
    child.on('close', (code) => {
      const file = join(options.reportDir, 'conformance.json');
      const report = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ConformanceReport) : undefined;
      resolve({ exitCode: code ?? 1, output, report, elapsedMs: performance.now() - started });
    });
  });
}
