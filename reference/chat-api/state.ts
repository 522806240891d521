// The Chat API's chat-app state: saved as sent (seed 000: «Его содержимое не проверяется»), returned
// as saved, and announced to the client's other pages as an event.
import { isObject, sendJson } from '../http.ts';
import type { ChatApp, Exchange } from './app.ts';
import { localIso } from './clock.ts';
import { bodyOf } from './input.ts';

export async function saveState(app: ChatApp, { req, res, params }: Exchange): Promise<void> {
  const { faults } = app;
  const body = await bodyOf(app, req, res);
  if (!body) return;
  let value = body.value;
  if (faults.has('state-drops-nested') && isObject(value)) {
    value = Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v !== 'object' || v === null));
  }
  const client = app.clientOf(params.clientId);
  client.state = faults.has('state-merged') && isObject(client.state) && isObject(value) ? { ...client.state, ...value } : value;
  // «Изменение состояния виджета на другой странице»: every page of the client learns of it.
  if (!faults.has('events-no-state-changes'))
    app.pushEvent(params.clientId, { type: 'stateChange', body: { clientId: params.clientId, state: client.state, timestamp: localIso(app.now()) } });
  sendJson(res, 200, { ok: true });
}

/** "вернет ранее переданный объект": returned as is, whatever the answer variants. */
export function loadState(app: ChatApp, { res, params }: Exchange): void {
  sendJson(res, 200, app.findClient(params.clientId)?.state ?? {}, { verbatim: true });
}
