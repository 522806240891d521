// Imported into the processes a run forks (NODE_OPTIONS, set by lib/startGate.ts), it acts in a
// Playwright worker only: before the worker loads anything, it waits for the runner's gate to let
// it, so that a few workers load at a time. Plain JavaScript: it runs before any TypeScript loader.
import { connect } from 'node:net';

const gate = process.env.CONFORMANCE_START_GATE;
if (gate && /[\\/]playwright[\\/]lib[\\/]worker[\\/]workerProcessEntry\.js$/.test(process.argv[1] ?? '')) {
  // Not for the processes this worker starts: a run they make opens a gate of its own.
  delete process.env.CONFORMANCE_START_GATE;
  // `@name`: a socket of Linux's abstract namespace (lib/startGate.ts).
  const socket = connect(gate.startsWith('@') ? `\0${gate.slice(1)}` : gate);
  // Its place in the runner's dispatch order (lib/forkOrder.ts), or an empty line: the gate lets the lowest in first.
  socket.write(`${process.env.CONFORMANCE_DISPATCH_ORDER ?? ''}\n`);
  delete process.env.CONFORMANCE_DISPATCH_ORDER;
  // A gate that is gone, or fails, lets the worker start.
  await new Promise((resolve) => {
    socket.once('data', resolve);
    socket.once('error', resolve);
    socket.once('close', resolve);
  });
  socket.on('error', () => {});
  socket.unref();
  // Called before the worker's first test (fixtures/conformance.ts); else its exit frees the slot.
  globalThis[Symbol.for('conformance.workerStarted')] = () => socket.end();
}
