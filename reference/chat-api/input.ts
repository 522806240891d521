// What the Chat API reference reads from a request: its JSON body, and the client request that the
// sync, async and simplified methods take.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isObject, readJson, sendJson } from '../http.ts';
import type { ChatApp } from './app.ts';

export interface ClientRequest {
  clientId: string;
  query?: string;
  event?: string;
  data?: Record<string, unknown>;
  cid?: string;
}

/** The request's JSON body; undefined when it is not JSON or too large, and the error is answered. */
export async function bodyOf(app: ChatApp, req: IncomingMessage, res: ServerResponse): Promise<{ value: unknown } | undefined> {
  const body = await readJson(req);
  if (!body.ok) {
    if (body.reason === 'malformed' && app.faults.has('malformed-json-500')) sendJson(res, 500, { error: 'Unexpected token' });
    else sendJson(res, body.reason === 'too-large' ? 413 : 400, { error: `request body is ${body.reason === 'malformed' ? 'not valid JSON' : 'too large'}` });
    return undefined;
  }
  return { value: body.value };
}

/** Validates a client request body; undefined means 400. */
export function parseClientRequest(app: ChatApp, raw: unknown): ClientRequest | undefined {
  if (!isObject(raw)) return undefined;
  const coerce = app.faults.has('wrong-types-accepted');
  // A number or a boolean where text is expected is read as its text (as Jackson does), under chat-coerces-scalars.
  const scalar = (v: unknown) => app.variants.has('chat-coerces-scalars') && (typeof v === 'number' || typeof v === 'boolean');
  const str = (v: unknown) => (v === undefined || typeof v === 'string' ? v : coerce || scalar(v) ? String(v) : null);
  const clientId = str(raw.clientId);
  const query = str(raw.query);
  const event = str(raw.event);
  const cid = str(raw.cid);
  if (clientId === null || query === null || event === null || cid === null) return undefined;
  // A connection id checked like an identifier, though the document calls it «произвольная строка».
  if (cid !== undefined && ((app.faults.has('cid-ascii-only') && /[^\x00-\x7f]/.test(cid)) || (app.faults.has('cid-max-64') && cid.length > 64)))
    return undefined;
  if (raw.data !== undefined && !isObject(raw.data) && !coerce) return undefined;
  // Silent in the seeds: the reference needs a client and something to answer.
  if (!clientId || (query === undefined && event === undefined)) return undefined;
  return { clientId, query, event, cid, data: isObject(raw.data) ? raw.data : undefined };
}
