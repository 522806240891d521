// The reference in a process of its own (bin/reference.ts, what `npm run reference` starts), as a
// deployment is: the harness is pointed at it through the target file it writes. The bench's
// realistic run and throughput loops use it, and so does the test of the installed package.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './freePort.ts';
import { PROJECT_ROOT } from './runSuite.ts';
import type { Target } from './target.ts';

export interface ReferenceProcess {
  /** The reference's own node process (its CPU time is the reference's). */
  child: ChildProcess;
  /** The target file it wrote, and what it holds. */
  file: string;
  target: Target;
  /** Stops it (its whole process group) and removes its target file. */
  stop(): void;
}

export interface ReferenceOptions {
  /** Where it writes its target file; a fresh temporary file unless given. */
  file?: string;
  variants?: string;
  /** Its target file declares a webhook.listen (this one, or a free loopback port): the async checks run. */
  webhook?: boolean | string;
  /** Its environment; this process's unless given. */
  env?: NodeJS.ProcessEnv;
}

/** Starts bin/reference.ts in its own process group; resolves once it has written its target file. */
export async function startReferenceProcess(options: ReferenceOptions = {}): Promise<ReferenceProcess> {
  const file = options.file ?? join(tmpdir(), `reference-${process.pid}-${Date.now()}.json`);
  const args = ['--import', 'tsx', 'bin/reference.ts', '--out', file];
  if (options.variants) args.push('--variants', options.variants);
  if (options.webhook) args.push('--webhook', typeof options.webhook === 'string' ? options.webhook : `127.0.0.1:${await freePort()}`);
  const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env: options.env, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  await new Promise<void>((resolve, reject) => {
    let said = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      said += chunk.toString('utf8');
      if (said.includes('target file written')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the reference process exited (${code}) before writing its target file:\n${said}`)));
  });
  return {
    child,
    file,
    target: JSON.parse(readFileSync(file, 'utf8')) as Target,
    stop() {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // Already gone.
      }
      rmSync(file, { force: true });
    },
  };
}
