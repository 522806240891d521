// The reference implementation of the JAICP / Aimylogic Chat API (seeds 000 and 002), in memory.
// It implements the documents faithfully where they speak; where they are silent it makes one
// reasonable choice (documented where it is made), which the suite must not depend on. Here: the
// channel token's check and the routes; each method, with the faults and variants that change it,
// is in the module of its concern, and the deployment's state in app.ts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson, serve } from '../http.ts';
import { ChatApp, type ChatApiOptions, type MethodHandler, type Params } from './app.ts';
import { asyncRequest } from './async.ts';
import { events } from './events.ts';
import { history } from './history.ts';
import { loadState, saveState } from './state.ts';
import { getStatus, notReadCount, setStatus, setStatuses } from './status.ts';
import { simplified, sync } from './sync.ts';

const seg = '([^/]+)';
/** The methods under /chatapi/{token}: a path's groups are its clientId and questionId. */
const ROUTES: { method: string; pattern: RegExp; handle: MethodHandler }[] = [
  { method: 'POST', pattern: /^$/, handle: sync },
  { method: 'GET', pattern: /^$/, handle: simplified },
  { method: 'POST', pattern: /^\/async$/, handle: asyncRequest },
  { method: 'GET', pattern: /^\/events$/, handle: events },
  { method: 'GET', pattern: new RegExp(`^/client/${seg}/history$`), handle: history },
  { method: 'POST', pattern: new RegExp(`^/client/${seg}/state$`), handle: saveState },
  { method: 'GET', pattern: new RegExp(`^/client/${seg}/state$`), handle: loadState },
  { method: 'GET', pattern: new RegExp(`^/client/${seg}/message/${seg}/status$`), handle: getStatus },
  { method: 'POST', pattern: new RegExp(`^/client/${seg}/message/${seg}/status$`), handle: setStatus },
  { method: 'POST', pattern: new RegExp(`^/client/${seg}/message-statuses$`), handle: setStatuses },
  { method: 'GET', pattern: new RegExp(`^/client/${seg}/message-not-read-count$`), handle: notReadCount },
];

export async function startChatApiReference(options: ChatApiOptions) {
  const app = new ChatApp(options);
  const { faults } = app;

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://reference');
    const m = /^\/chatapi\/([^/]+)(.*)$/.exec(url.pathname);
    if (!m) return sendJson(res, 404, { error: 'not found' });
    const rest = m[2].replace(/\/$/, '');
    // Under the fault, a known client's requests skip the channel lookup (a session cache keyed by clientId).
    const claimed = /^\/client\/([^/]+)/.exec(rest)?.[1] ?? url.searchParams.get('clientId');
    const cached = faults.has('token-checked-for-new-clients') && claimed !== null && app.findClient(decodeURIComponent(claimed)) !== undefined;
    if (decodeURIComponent(m[1]) !== app.token && !faults.has('token-not-checked') && !cached) {
      // Drain the body so the client sees the answer rather than a reset.
      req.resume();
      if (faults.has('unknown-token-500')) return sendJson(res, 500, { error: "Cannot read properties of undefined (reading 'channel')" });
      return sendJson(res, 401, { error: 'unknown channel token' });
    }
    const candidates = ROUTES.filter((r) => r.pattern.test(rest));
    const route = candidates.find((r) => r.method === req.method);
    if (!route) {
      req.resume();
      return sendJson(res, candidates.length ? 405 : 404, { error: candidates.length ? 'method not allowed' : 'not found' });
    }
    const groups = route.pattern.exec(rest)!.slice(1).map(decodeURIComponent);
    const params: Params = { clientId: groups[0] ?? '', questionId: groups[1] ?? '' };
    await route.handle(app, { req, res, params, url });
  };

  const server = await serve(handler, app.variants);
  return {
    url: server.url,
    async close() {
      app.close();
      await server.close();
    },
  };
}
