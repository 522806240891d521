// Runs the conformance suite in a child Playwright process and reads its conformance report:
// what the CLI, the fault checks and the benchmarks share. The suite's config, specs and schemas
// are this package's own (the child runs in PROJECT_ROOT, wherever npm installed it); the report
// folder is the caller's, resolved against the caller's working directory.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ConformanceReport } from './conformanceReport.ts';
import { APIS_ASKED_ENV } from './workerShare.ts';
import { GREP_ENV } from './apiScope.ts';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

const fromPackage = createRequire(import.meta.url);

/** The commands a run may start, as the arguments node runs each with (resolved from this package, wherever npm put it). */
const COMMANDS: Record<string, () => string[]> = {
  playwright: () => [fromPackage.resolve('@playwright/test/cli')],
  // tsx's loader in this node rather than tsx's CLI, which is one more node process (0.2 CPU-s) per run only to start this one.
  tsx: () => ['--import', pathToFileURL(fromPackage.resolve('tsx')).href],
};

/**
 * Playwright compiles TypeScript only outside node_modules: an installed copy of this package
 * has its config and specs compiled by tsx's loader instead, in the runner and in every worker.
 */
function childNodeOptions(current = process.env.NODE_OPTIONS): string | undefined {
  if (!PROJECT_ROOT.includes(`${sep}node_modules${sep}`)) return current;
  return [current, `--import=${pathToFileURL(fromPackage.resolve('tsx')).href}`].filter(Boolean).join(' ');
}

export interface CommandRun {
  exitCode: number;
  /** What the child printed; empty when it printed straight to this process's terminal. */
  output: string;
  /** The signal that interrupted this process while the child ran (forwardSignals). */
  interrupted?: 'SIGINT' | 'SIGTERM';
}

export interface CommandOptions {
  env?: NodeJS.ProcessEnv;
  /** Let the child print straight to this process's stdout and stderr (the CLI) instead of collecting its output (tests). */
  echo?: boolean;
  /**
   * On SIGINT or SIGTERM, ask the child to stop as Ctrl-C does (Playwright then ends its tests and
   * writes its reports) and wait for it, rather than die at once and leave it writing behind the
   * prompt. A second signal stops it at once. The CLI's: CI cancels a job with SIGTERM, to this
   * process alone, and Playwright writes nothing on SIGTERM.
   */
  forwardSignals?: boolean;
}

/** A second signal stops the child at once: Playwright takes a second SIGINT within a second of the first as the same one. */
const STOP_AT_ONCE: NodeJS.Signals = 'SIGKILL';

/** Runs one of COMMANDS with node, in PROJECT_ROOT. */
export function runCommand([name, ...args]: string[], options: CommandOptions = {}): Promise<CommandRun> {
  const command = COMMANDS[name];
  if (!command) throw new Error(`runCommand: unknown command ${name}; one of ${Object.keys(COMMANDS).join(', ')}`);
  return new Promise((done, reject) => {
    // Run by this node, not `npx`: npx costs half a second per run, and the fault loop makes a hundred.
    const child = spawn(process.execPath, [...command(), ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...options.env, NODE_OPTIONS: childNodeOptions(options.env?.NODE_OPTIONS) },
      // Straight to the terminal, the child sees a terminal (and may redraw a progress line).
      stdio: ['ignore', options.echo ? 'inherit' : 'pipe', options.echo ? 'inherit' : 'pipe'],
    });
    let output = '';
    const take = (chunk: Buffer) => void (output += chunk.toString('utf8'));
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
    let interrupted: CommandRun['interrupted'];
    const onSignal = (signal: 'SIGINT' | 'SIGTERM') => {
      if (interrupted) return void child.kill(STOP_AT_ONCE);
      interrupted = signal;
      console.error(`\nconformance: ${signal}: stopping the tests and writing the reports (again to stop at once)`);
      // A terminal's Ctrl-C reached the child as well: Playwright takes two within a second as one.
      child.kill('SIGINT');
    };
    const signals = options.forwardSignals ? (['SIGINT', 'SIGTERM'] as const) : [];
    for (const signal of signals) process.on(signal, onSignal);
    child.on('error', reject);
    child.on('close', (code) => {
      for (const signal of signals) process.off(signal, onSignal);
      done({ exitCode: code ?? 1, output, ...(interrupted ? { interrupted } : {}) });
    });
  });
}

export interface SuiteRun extends CommandRun {
  report?: ConformanceReport;
  elapsedMs: number;
}

export interface SuiteOptions extends CommandOptions {
  /** Where the reports go; a relative path is taken from the caller's working directory. */
  reportDir: string;
  /** The APIs to run (the CLI's --api): every one the target has without it. */
  apis?: string[];
  grep?: string;
  extraArgs?: string[];
  /** Run this command (a key of COMMANDS) instead of `playwright test` (the CLI, for its own tests). */
  command?: string[];
}

export async function runSuite(options: SuiteOptions): Promise<SuiteRun> {
  const reportDir = resolve(options.reportDir);
  const args = [...(options.command ?? ['playwright', 'test'])];
  if (options.grep) args.push('--grep', options.grep);
  args.push(...(options.extraArgs ?? []));
  const started = performance.now();
  // A run that stops before its reporter (a configuration error) must not be read as the last run's report.
  const file = join(reportDir, 'conformance.json');
  rmSync(file, { force: true });
  const run = await runCommand(args, {
    echo: options.echo,
    forwardSignals: options.forwardSignals,
    // Always said: an API list left in the caller's environment must not narrow this run.
    env: { ...options.env, CONFORMANCE_REPORT_DIR: reportDir, [APIS_ASKED_ENV]: (options.apis ?? []).join(','), [GREP_ENV]: options.grep ?? '' },
  });
  const report = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ConformanceReport) : undefined;
  return { ...run, report, elapsedMs: performance.now() - started };
}
