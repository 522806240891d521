// Playwright's runner starts its workers in the order it dispatches their first tests (a run's lanes
// first: playwright.config.ts): each makes its artifacts folder, asynchronously, and is forked once
// that folder is made. The folders are made in whatever order the file system finishes, and so are
// the forks (docs/bench.md item 19: forked 0, 2, 3, 4, 5, 6, 7, 1); nothing of Playwright's says a
// worker's place before it has loaded. Here, in the runner, the artifacts folder is made at once
// (a single mkdir, microseconds), so that every worker of a dispatch is forked in the order it was
// started, and each fork is numbered and hands its number to the worker in its environment, where
// the start gate's preload reads it (lib/workerStartGate.js). Should Playwright name its folder
// otherwise, the forks are numbered as they come, which is the order they arrived in before.
import childProcess from 'node:child_process';
import fs from 'node:fs';

/** A forked worker's number in the runner's dispatch order. */
export const DISPATCH_ORDER_ENV = 'CONFORMANCE_DISPATCH_ORDER';

const ARTIFACTS_FOLDER = /[\\/]\.playwright-artifacts-\d+[\\/]?$/;
const WORKER_ENTRY = /[\\/]workerProcessEntry\.js$/;

/** Who hears each number; the patches stay while there is one. */
const listeners = new Set<{ heard: (order: number) => void }>();
let unpatch: (() => void) | undefined;

/**
 * From now on in this process, every Playwright worker forked learns its number in the order the
 * runner started them (DISPATCH_ORDER_ENV), and `onNumbered` hears it as the worker is forked.
 * Returns what undoes it.
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
  const { mkdir } = fs.promises;
  const { fork } = childProcess;
  let forked = 0;
  fs.promises.mkdir = function (this: unknown, ...args: Parameters<typeof mkdir>) {
    if (typeof args[0] !== 'string' || !ARTIFACTS_FOLDER.test(args[0])) return Reflect.apply(mkdir, this, args);
    // Made now: the runner's next step, the fork, follows in the order it asked.
    try {
      return Promise.resolve(fs.mkdirSync(args[0], args[1] as fs.MakeDirectoryOptions & { recursive: true }));
    } catch (err) {
      return Promise.reject(err);
    }
  } as typeof mkdir;
  childProcess.fork = function (this: unknown, ...args: unknown[]) {
    const at = args.findIndex((a, i) => i > 0 && typeof a === 'object' && a !== null && !Array.isArray(a));
    if (WORKER_ENTRY.test(String(args[0])) && at !== -1) {
      const order = forked++;
      const options = args[at] as { env?: NodeJS.ProcessEnv };
      args[at] = { ...options, env: { ...(options.env ?? process.env), [DISPATCH_ORDER_ENV]: String(order) } };
      for (const { heard } of listeners) heard(order);
    }
    return Reflect.apply(fork, this, args);
  } as typeof fork;
  return () => {
    fs.promises.mkdir = mkdir;
    childProcess.fork = fork;
  };
}
