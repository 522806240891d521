// Before the run: can each target section's host be reached at all? An unreachable API is
// reported once, its requirements become untested with that reason, and the exit code says
// "configuration or reachability" rather than hundreds of identical failures.
import { connect } from 'node:net';

const CONNECT_TIMEOUT_MS = 5000;

/** Resolves to undefined when a TCP connection to the URL's host and port opens, else the reason. */
export function unreachableReason(baseUrl: string, timeoutMs = CONNECT_TIMEOUT_MS): Promise<string | undefined> {
  const url = new URL(baseUrl);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname, port });
    const done = (reason?: string) => {
      socket.destroy();
      resolve(reason);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer from ${url.host} within ${timeoutMs} ms`));
    socket.once('connect', () => done());
    socket.once('error', (err: NodeJS.ErrnoException) => done(`${url.host}: ${err.code ?? err.message}`));
  });
}
