// Playwright's runner numbers its workers in the order it dispatches their first tests (a run's
// lanes first: playwright.config.ts), then each one makes its artifacts folder and is forked once
// that folder is made, so the forks come in the order the file system finished, not the runner's
// (docs/bench.md item 19: forked 0, 2, 3, 4, 5, 6, 7, 1). Nothing of Playwright's says the number
// to a worker before it has loaded. Here, in the runner, the number is read off the folder's name
// as the runner asks for the folder, carried through that asynchronous context to the fork that
// follows it, and handed to the worker in its environment, where the start gate's preload reads it
// (lib/workerStartGate.js). Should Playwright name or make the folder otherwise, no number is found
// and the workers start in the order they arrive, as before.
import { AsyncLocalStorage } from 'node:async_hooks';
import childProcess from 'node:child_process';
import fs from 'node:fs';

/** A forked worker's number in the runner's dispatch order. */
export const DISPATCH_ORDER_ENV = 'CONFORMANCE_DISPATCH_ORDER';

const ARTIFACTS_FOLDER = /[\\/]\.playwright-artifacts-(\d+)[\\/]?$/;

/** Who hears each number; the patches stay while there is one. */
const listeners = new Set<{ heard: (order: number) => void }>();
let unpatch: (() => void) | undefined;

/**
 * From now on in this process, every Playwright worker forked learns its number (DISPATCH_ORDER_ENV);
 * `onNumbered` hears each number as the runner starts the worker, before it forks (it starts every
 * worker of a dispatch at once, in order). Returns what undoes it.
 */
export function numberWorkerForks(onNumbered: (order: number) => void = () => {}): () => void {
  const listener = { heard: onNumbered };
  listeners.add(listener);
  unpatch ??= patch();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      unpatch?.();
      unpatch = undefined;
    }
  };
}

function patch(): () => void {
  const context = new AsyncLocalStorage<number>();
  const { mkdir } = fs.promises;
  const { fork } = childProcess;
  fs.promises.mkdir = function (this: unknown, ...args: Parameters<typeof mkdir>) {
    const found = typeof args[0] === 'string' ? ARTIFACTS_FOLDER.exec(args[0]) : null;
    if (found) {
      // The rest of the runner's step (its fork, once the folder is made) runs in this context.
      context.enterWith(Number(found[1]));
      for (const { heard } of listeners) heard(Number(found[1]));
    }
    return Reflect.apply(mkdir, this, args);
  } as typeof mkdir;
  childProcess.fork = function (this: unknown, ...args: unknown[]) {
    const order = context.getStore();
    const at = args.findIndex((a, i) => i > 0 && typeof a === 'object' && a !== null && !Array.isArray(a));
    if (order !== undefined && at !== -1) {
      const options = args[at] as { env?: NodeJS.ProcessEnv };
      args[at] = { ...options, env: { ...(options.env ?? process.env), [DISPATCH_ORDER_ENV]: String(order) } };
    }
    return Reflect.apply(fork, this, args);
  } as typeof fork;
  return () => {
    fs.promises.mkdir = mkdir;
    childProcess.fork = fork;
  };
}
