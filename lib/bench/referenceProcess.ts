// The reference in a process of its own (bin/reference.ts), as a deployment is: the bench points
// the harness at it through the target file it writes.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../freePort.ts';
import { PROJECT_ROOT } from '../runSuite.ts';
import type { Target } from '../target.ts';

export interface ReferenceProcess {
  child: ChildProcess;
  /** The target file it wrote, and what it holds. */
  file: string;
  target: Target;
  /** Stops it (its whole process group) and removes its target file. */
  stop(): void;
}

/**
 * Starts bin/reference.ts in its own process group, with `variants`, and with `webhook` its target
 * file declares a webhook.listen (a free loopback port): the async checks run. Resolves once it has
 * written its target file.
 */
export async function startReferenceProcess(options: { variants?: string; webhook?: boolean } = {}): Promise<ReferenceProcess> {
  const file = join(tmpdir(), `bench-reference-${process.pid}-${Date.now()}.json`);
  const args = ['--import', 'tsx', 'bin/reference.ts', '--out', file];
  if (options.variants) args.push('--variants', options.variants);
  if (options.webhook) args.push('--webhook', `127.0.0.1:${await freePort()}`);
  const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  await new Promise<void>((resolve, reject) => {
    let said = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      said += chunk.toString('utf8');
      if (said.includes('target file written')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the reference process exited (${code}) before starting:\n${said}`)));
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
