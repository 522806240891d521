// The reference implementation of the Lia API (seed 003). Issue 4.
import type { LiaTarget } from '../../lib/target.ts';
import { sendJson, serve } from '../http.ts';

export interface LiaOptions {
  key: string;
  faults: ReadonlySet<string>;
}

export async function startLiaReference(options: LiaOptions) {
  const server = await serve((_req, res) => sendJson(res, 501, { error: 'not implemented yet' }));
  const section: LiaTarget = { baseUrl: server.url, key: options.key };
  return { url: server.url, section, close: server.close };
}
