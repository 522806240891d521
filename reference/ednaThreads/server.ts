// The reference implementation of the edna Threads bot-answer API (seed 001). Issue 3.
import type { EdnaThreadsTarget } from '../../lib/target.ts';
import { sendJson, serve } from '../http.ts';

export interface EdnaThreadsOptions {
  token: string;
  faults: ReadonlySet<string>;
}

/** Starts the server and returns its URL and the target section describing it (fixtures included). */
export async function startEdnaThreadsReference(options: EdnaThreadsOptions) {
  const server = await serve((_req, res) => sendJson(res, 501, { error: 'not implemented yet' }));
  const section: EdnaThreadsTarget = { baseUrl: server.url, token: options.token, tenant: 'local', answerIdMode: 'strict', fixtures: {} };
  return { url: server.url, section, close: server.close };
}
