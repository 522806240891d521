// The runner's side of lib/workerStartGate.js: a few workers load at a time, in the order they ask.
// A worker's start is ~1.5 CPU-s of module loading (docs/bench.md item 18), and Playwright forks all
// of a run's workers at once: on two cores, eight of them were all ready 5-8 s in, the first no
// sooner than the last. Admitted a core's worth at a time, the first are ready in 1.5-2 s and run
// tests while the others load. Which come first is not Playwright's dispatch order (the waiting and
// bulk lanes are not always among them; docs/bench.md item 19): nothing says it before a worker loads.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

/** The gate's socket, for the workers (lib/workerStartGate.js reads the same name). */
export const START_GATE_ENV = 'CONFORMANCE_START_GATE';
/** Where lib/workerStartGate.js leaves the function that tells the gate this worker has started. */
const STARTED = Symbol.for('conformance.workerStarted');

/** Tells the gate that this worker is about to run its first test: the next one may load. */
export function workerStarted(): void {
  const global = globalThis as Record<symbol, unknown>;
  const started = global[STARTED];
  delete global[STARTED];
  if (typeof started === 'function') started();
}

export interface GateOptions {
  /** Workers loading at once. */
  slots?: number;
  /** A worker still loading after this no longer holds the next back (a slow machine only delays starts, never stops them). */
  holdMs?: number;
  /** Told each time a worker is queued, with the number waiting. */
  onQueued?: (waiting: number) => void;
}

export interface StartGate {
  /** What the workers are told (`@name` for the abstract namespace). */
  address: string;
  close(): Promise<void>;
}

/**
 * Where the gate listens. On Linux a socket of the abstract namespace, written with a leading `@`
 * as `ss` prints it (an environment variable cannot hold the NUL it stands for): nothing on disk,
 * so a runner that is killed leaves nothing behind. Elsewhere a file in a folder of its own.
 */
function gateAddress(): { address: string; remove: () => void } {
  if (process.platform === 'linux') return { address: `@conformance-gate-${process.pid}-${randomUUID()}`, remove: () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'conformance-gate-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', remove);
  return { address: join(dir, 'gate.sock'), remove };
}

/** A gate's address as `listen` and `connect` take it. */
export const connectable = (address: string) => (address.startsWith('@') ? `\0${address.slice(1)}` : address);

/** The gate's server: a worker connects, and is sent a byte when it may load; its slot is free when it ends or closes. */
export async function startGate({ slots = availableParallelism(), holdMs = 10_000, onQueued }: GateOptions = {}): Promise<StartGate> {
  const { address, remove } = gateAddress();
  const waiting: Socket[] = [];
  const sockets = new Set<Socket>();
  let loading = 0;
  const admit = () => {
    while (loading < slots && waiting.length) {
      const socket = waiting.shift()!;
      if (socket.destroyed) continue;
      loading++;
      const free = () => {
        clearTimeout(timer);
        socket.off('close', free);
        loading--;
        admit();
      };
      const timer = setTimeout(free, holdMs).unref();
      socket.once('close', free);
      socket.write('.');
    }
  };
  const server = createServer((socket) => {
    socket.on('error', () => socket.destroy());
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    waiting.push(socket);
    admit();
    if (waiting.length) onQueued?.(waiting.length);
  });
  try {
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(connectable(address), resolve));
  } catch (err) {
    remove();
    throw err;
  }
  server.unref();
  return {
    address,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      remove();
    },
  };
}

/**
 * Opens the gate for the workers this runner will fork (NODE_OPTIONS and the socket in the
 * environment they inherit); the returned function closes it. Where no socket can be made (a
 * temporary folder whose path is too long for one), or Node takes no `--import` in NODE_OPTIONS
 * (before 20.6: a worker would not start at all), the workers start as Playwright forks them.
 */
export async function openStartGate(options?: GateOptions): Promise<() => Promise<void>> {
  if (!process.allowedNodeEnvironmentFlags.has('--import')) return async () => {};
  let gate: StartGate;
  try {
    gate = await startGate(options);
  } catch {
    return async () => {};
  }
  process.env[START_GATE_ENV] = gate.address;
  const preload = new URL('./workerStartGate.js', import.meta.url).href;
  if (!process.env.NODE_OPTIONS?.includes(preload)) process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --import=${preload}`.trim();
  return async () => {
    delete process.env[START_GATE_ENV];
    await gate.close();
  };
}
