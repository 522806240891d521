// A loopback port for a listener that must be named before it starts (a webhook.listen written
// into a target file while the references that deliver to it start). It is drawn below Linux's
// ephemeral range (32768-60999), so servers binding port 0 in the meantime cannot take it.
import { createServer } from 'node:net';

const FIRST = 20_000;
const LAST = 32_000;

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  for (let tries = 0; tries < 200; tries++) {
    const port = FIRST + Math.floor(Math.random() * (LAST - FIRST));
    if (await bindable(port)) return port;
  }
  throw new Error(`no free loopback port between ${FIRST} and ${LAST}`);
}
