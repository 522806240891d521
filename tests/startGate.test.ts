// The workers' start gate (lib/startGate.ts, lib/workerStartGate.js): a few load at a time, in order,
// and a slot is freed when its worker says it started, exits, or holds it too long.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import childProcess, { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs, { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectable, openStartGate, START_GATE_ENV, startGate } from '../lib/startGate.ts';
import { DISPATCH_ORDER_ENV, numberWorkerForks } from '../lib/forkOrder.ts';

/** A broken gate shows as a test failing, not hanging: every wait here takes milliseconds. */
const BOUND_MS = 15_000;
const PRELOAD = new URL('../lib/workerStartGate.js', import.meta.url).href;

/** A stand-in for Playwright's worker entry in `dir`, running `body`. */
function standInEntry(dir: string, body: string): string {
  const entry = join(dir, 'node_modules', 'playwright', 'lib', 'worker', 'workerProcessEntry.js');
  mkdirSync(join(entry, '..'), { recursive: true });
  writeFileSync(entry, body);
  return entry;
}

/** Runs a script with the preload, told of the gate at `address`: its exit code and what it printed. */
async function runPreloaded(script: string, address: string): Promise<{ code: number | null; out: string }> {
  const env = { ...process.env, NODE_OPTIONS: `--import=${PRELOAD}`, [START_GATE_ENV]: address };
  const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const [code] = await once(child, 'exit');
  return { code, out: out.trim() };
}

/** A client of the gate, and when it was let in (a promise of the order it came in). */
function worker(address: string, order: string[], name: string): { socket: Socket; admitted: Promise<void> } {
  const socket = connect(connectable(address));
  const admitted = once(socket, 'data').then(() => void order.push(name));
  return { socket, admitted };
}

test('two slots: the third worker loads once one of the first two says it started, and the fourth once one exits', { timeout: BOUND_MS }, async () => {
  const queued = new Map<number, () => void>();
  const whenQueued = (n: number) => new Promise<void>((resolve) => queued.set(n, resolve));
  const gate = await startGate({ slots: 2, onQueued: (n) => queued.get(n)?.() });
  const order: string[] = [];
  try {
    const [a, b] = [worker(gate.address, order, 'a'), worker(gate.address, order, 'b')];
    await Promise.all([a.admitted, b.admitted]);
    const oneQueued = whenQueued(1);
    const c = worker(gate.address, order, 'c');
    await oneQueued;
    const twoQueued = whenQueued(2);
    const d = worker(gate.address, order, 'd');
    await twoQueued;
    order.push('a started');
    a.socket.end();
    await c.admitted;
    order.push('b exits');
    b.socket.destroy();
    await d.admitted;
    assert.deepEqual(order.slice(2), ['a started', 'c', 'b exits', 'd']);
    for (const w of [c, d]) w.socket.destroy();
  } finally {
    await gate.close();
  }
});

test("workers are let in by the runner's dispatch order, a slot kept for a lower one started but not yet arrived", { timeout: BOUND_MS }, async () => {
  const gate = await startGate({ slots: 1, lowerMs: 5000 });
  const order: string[] = [];
  const ordered = (n: number) => {
    const w = worker(gate.address, order, `w${n}`);
    w.socket.write(`${n}\n`);
    return w;
  };
  try {
    for (const n of [0, 1, 2]) gate.expect(n);
    // They arrive 2, 1, 0: the slot waits for 0, then goes by order.
    const [w2, w1] = [ordered(2), ordered(1)];
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(order, [], 'no one let in while the first is on its way');
    const w0 = ordered(0);
    await w0.admitted;
    w0.socket.end();
    await w1.admitted;
    w1.socket.end();
    await w2.admitted;
    assert.deepEqual(order, ['w0', 'w1', 'w2']);
    w2.socket.destroy();
  } finally {
    await gate.close();
  }
});

test('a worker that holds its slot past the bound no longer holds the next one back', { timeout: BOUND_MS }, async () => {
  const gate = await startGate({ slots: 1, holdMs: 200 });
  const order: string[] = [];
  try {
    const a = worker(gate.address, order, 'a');
    await a.admitted;
    const started = Date.now();
    const b = worker(gate.address, order, 'b');
    await b.admitted;
    assert.ok(Date.now() - started >= 150, `let in after ${Date.now() - started} ms, before the 200 ms bound`);
    for (const w of [a, b]) w.socket.destroy();
  } finally {
    await gate.close();
  }
});

test('the preload holds a Playwright worker until the gate lets it, and leaves any other process alone', { timeout: BOUND_MS }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gate-test-'));
  let queued = () => {};
  const gate = await startGate({ slots: 1, onQueued: () => queued() });
  try {
    // The stand-in says whether it inherited the gate, then that it started.
    const body = `console.log(process.env.${START_GATE_ENV} ?? 'gate not inherited'); globalThis[Symbol.for('conformance.workerStarted')]?.();`;
    const entry = standInEntry(dir, body);
    const other = join(dir, 'other.mjs');
    writeFileSync(other, body);
    const run = (script: string) => runPreloaded(script, gate.address);
    const order: string[] = [];
    const holder = worker(gate.address, order, 'holder');
    await holder.admitted;
    assert.deepEqual(await run(other), { code: 0, out: gate.address }, 'another process runs at once, and keeps the environment');
    const isQueued = new Promise<void>((resolve) => (queued = resolve));
    const worker1 = run(entry).then((r) => (order.push('worker ran'), r));
    await isQueued;
    order.push('holder started');
    holder.socket.end();
    assert.deepEqual(await worker1, { code: 0, out: 'gate not inherited' });
    assert.deepEqual(order, ['holder', 'holder started', 'worker ran']);
    // The worker said it started: the slot is free for the next.
    const next = worker(gate.address, order, 'next');
    await next.admitted;
    next.socket.destroy();
  } finally {
    await gate.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a gate that is gone lets the worker start', { timeout: BOUND_MS }, async () => {
  const gate = await startGate({ slots: 1 });
  const address = gate.address;
  await gate.close();
  const dir = mkdtempSync(join(tmpdir(), 'gate-test-'));
  try {
    assert.deepEqual(await runPreloaded(standInEntry(dir, "console.log('ran')"), address), { code: 0, out: 'ran' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the runner names the gate and the preload in the environment its workers inherit, the preload once', { timeout: BOUND_MS }, async () => {
  const saved = { options: process.env.NODE_OPTIONS, gate: process.env[START_GATE_ENV] };
  try {
    process.env.NODE_OPTIONS = '--max-old-space-size=4096';
    const closers = [await openStartGate(), await openStartGate()];
    assert.equal(process.env.NODE_OPTIONS, `--max-old-space-size=4096 --import=${PRELOAD}`);
    const address = process.env[START_GATE_ENV]!;
    const first = worker(address, [], 'a');
    await first.admitted;
    first.socket.destroy();
    for (const close of closers) await close();
    assert.equal(process.env[START_GATE_ENV], undefined);
  } finally {
    for (const [name, value] of [
      ['NODE_OPTIONS', saved.options],
      [START_GATE_ENV, saved.gate],
    ] as const)
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
  }
});

test(
  'workers are forked, and numbered, in the order the runner starts them, however slowly the file system makes their folders',
  { timeout: BOUND_MS },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gate-test-'));
    const { mkdir } = fs.promises;
    // A file system that finishes the folders in reverse: the first asked for is made last.
    fs.promises.mkdir = ((path: string, options: fs.MakeDirectoryOptions) =>
      new Promise<string | undefined>((resolve) =>
        setTimeout(() => resolve(mkdir(path, options)), (2 - Number(/(\d+)$/.exec(path)![1])) * 50),
      )) as typeof mkdir;
    const numbered: number[] = [];
    const undo = numberWorkerForks((n) => numbered.push(n));
    try {
      const entry = join(dir, 'workerProcessEntry.js');
      writeFileSync(entry, `process.send({ started: process.argv[2], order: process.env.${DISPATCH_ORDER_ENV} }, () => process.exit(0));`);
      // As Playwright's WorkerHost.start: its artifacts folder, then the fork.
      const start = async (n: number) => {
        await fs.promises.mkdir(join(dir, 'test-results', `.playwright-artifacts-${n}`), { recursive: true });
        const forked = childProcess.fork(entry, [String(n)], { env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
        const [said] = (await once(forked, 'message')) as [{ started: string; order: string }];
        return said;
      };
      const said = await Promise.all([0, 1, 2].map(start));
      assert.deepEqual(
        said,
        [0, 1, 2].map((n) => ({ started: String(n), order: String(n) })),
      );
      assert.deepEqual(numbered, [0, 1, 2]);
    } finally {
      undo();
      fs.promises.mkdir = mkdir;
      rmSync(dir, { recursive: true, force: true });
    }
    assert.equal(childProcess.fork.name, 'fork', 'undone');
  },
);
