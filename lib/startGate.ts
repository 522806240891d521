// The runner's side of lib/workerStartGate.js: a few workers load at a time, in Playwright's
// dispatch order. A worker's start is ~1.5 CPU-s of module loading (docs/bench.md item 18), and
// Playwright forks all of a run's workers at once: on two cores, eight of them were all ready 5-8 s
// in, the first no sooner than the last. Admitted a core's worth at a time, the first are ready in
// 1.5-2 s and run tests while the others load. The first are the lanes' (the waiting tests, and
// against a deployment the tests of many requests): each worker is forked in the runner's dispatch
// order and told its number (lib/forkOrder.ts), and the gate lets the lowest waiting one in,
// holding a slot a little for a lower one forked but not yet arrived (docs/bench.md item 23).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { numberWorkerForks } from './forkOrder.ts';

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
  /** How long a slot is kept for a worker forked before the lowest one waiting, while it has not arrived. */
  lowerMs?: number;
  /** A worker still loading after this no longer holds the next back (a slow machine only delays starts, never stops them). */
  holdMs?: number;
  /** Told each time a worker is queued, with the number waiting. */
  onQueued?: (waiting: number) => void;
}

export interface StartGate {
  /** What the workers are told (`@name` for the abstract namespace). */
  address: string;
  /** Tells the gate that the worker of this dispatch order was forked: it is to come before any later one. */
  expect(order: number): void;
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

/** How long the gate waits for a client to say its order. */
const SILENT_MS = 100;

/**
 * The gate's server: a worker connects and says its dispatch order (an empty line when it has none),
 * and is sent a byte when it may load; its slot is free when it ends or closes. The lowest order
 * waiting goes first, those without one after, in the order they came.
 */
export async function startGate({ slots = availableParallelism(), holdMs = 10_000, lowerMs = 1000, onQueued }: GateOptions = {}): Promise<StartGate> {
  const { address, remove } = gateAddress();
  const waiting: { socket: Socket; order: number }[] = [];
  const sockets = new Set<Socket>();
  /** Forked and not yet arrived: its order, and when it was forked. */
  const coming = new Map<number, number>();
  let loading = 0;
  let recheck: NodeJS.Timeout | undefined;
  const admit = () => {
    while (loading < slots && waiting.length) {
      const next = waiting.reduce((low, w) => (w.order < low.order ? w : low));
      // A lower one forked a moment ago is on its way (a worker's Node takes 0.2-0.4 s to arrive): its slot is kept for it, a little.
      const lower = [...coming].filter(([order, at]) => order < next.order && Date.now() - at < lowerMs);
      if (lower.length) {
        clearTimeout(recheck);
        recheck = setTimeout(admit, Math.max(1, lowerMs - (Date.now() - Math.min(...lower.map(([, at]) => at))))).unref();
        return;
      }
      waiting.splice(waiting.indexOf(next), 1);
      const { socket } = next;
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
    let said = '';
    // A client that says nothing waits as one without an order.
    const silent = setTimeout(() => arrive(), SILENT_MS);
    const arrive = () => {
      clearTimeout(silent);
      socket.off('data', hear);
      const order = /^\d+$/.test(said.trim()) ? Number(said.trim()) : Infinity;
      coming.delete(order);
      waiting.push({ socket, order });
      admit();
      if (waiting.length) onQueued?.(waiting.length);
    };
    const hear = (chunk: Buffer) => {
      said += chunk.toString('latin1');
      if (said.includes('\n') || said.length > 32) arrive();
    };
    socket.on('data', hear);
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
    expect: (order) => void coming.set(order, Date.now()),
    close: async () => {
      clearTimeout(recheck);
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
  const unnumbered = numberWorkerForks(gate.expect);
  const preload = new URL('./workerStartGate.js', import.meta.url).href;
  if (!process.env.NODE_OPTIONS?.includes(preload)) process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --import=${preload}`.trim();
  return async () => {
    delete process.env[START_GATE_ENV];
    unnumbered();
    await gate.close();
  };
}
