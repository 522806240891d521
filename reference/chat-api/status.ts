// The Chat API's message statuses: one message's status read and set, many set at once, and the
// count of a client's unread messages.
import type { ServerResponse } from 'node:http';
import { isObject, readJson, sendJson } from '../http.ts';
import { OWN_INITIAL_STATUS, STATUSES, type ChatApp, type Exchange, type MessageStatus, type Params } from './app.ts';
import { bodyOf } from './input.ts';

const knownMessage = (app: ChatApp, clientId: string, questionId: string) => app.findClient(clientId)?.statuses.has(questionId) ?? false;

export function getStatus(app: ChatApp, { res, params: p }: Exchange): void {
  if (app.faults.has('status-get-500')) return sendJson(res, 500, { error: 'status service unavailable' });
  if (!knownMessage(app, p.clientId, p.questionId)) {
    if (app.faults.has('unknown-message-200')) return sendJson(res, 200, { questionId: p.questionId, status: 'SENT' });
    return sendJson(res, 404, { error: 'unknown message' });
  }
  const status = app.findClient(p.clientId)!.statuses.get(p.questionId);
  sendJson(
    res,
    200,
    app.variants.has('chat-bare-values') ? { message: { id: p.questionId, status: { value: status } } } : { questionId: p.questionId, status },
  );
}

/** Checks one status value; answers the error itself and returns false when it is not valid. */
function validStatus(app: ChatApp, res: ServerResponse, value: unknown): value is MessageStatus {
  const { faults } = app;
  if (faults.has('status-backward-refused') && (value === 'SENT' || value === 'NOT_SENT')) {
    sendJson(res, 400, { error: `a message cannot go back to ${String(value)}` });
    return false;
  }
  if (STATUSES.includes(value as (typeof STATUSES)[number]) || faults.has('status-accepts-unknown')) return true;
  // The fault: a status is looked up upper-cased (valueOf(value.toUpperCase())), so "read" passes.
  if (faults.has('status-case-insensitive') && typeof value === 'string' && STATUSES.includes(value.toUpperCase() as (typeof STATUSES)[number])) return true;
  if (faults.has('status-unknown-500')) sendJson(res, 500, { error: 'No enum constant' });
  else sendJson(res, 400, { error: `status must be one of ${STATUSES.join(', ')}` });
  return false;
}

export async function setStatus(app: ChatApp, { req, res, params: p }: Exchange): Promise<void> {
  if (app.faults.has('malformed-status-no-change') && knownMessage(app, p.clientId, p.questionId)) {
    // A body that does not parse, for a known message, read as "no change".
    const raw = await readJson(req);
    if (!raw.ok) return sendJson(res, 200, { questionId: p.questionId, status: app.findClient(p.clientId)!.statuses.get(p.questionId) });
    return applyStatus(app, res, p, raw.value);
  }
  const body = await bodyOf(app, req, res);
  if (body) applyStatus(app, res, p, body.value);
}

function applyStatus(app: ChatApp, res: ServerResponse, p: Params, value: unknown): void {
  const status = isObject(value) ? value.status : undefined;
  if (!validStatus(app, res, status)) return;
  if (!knownMessage(app, p.clientId, p.questionId)) {
    if (app.faults.has('unknown-message-200')) return sendJson(res, 200, { questionId: p.questionId, status });
    return sendJson(res, 404, { error: 'unknown message' });
  }
  if (!app.faults.has('status-not-updated')) app.findClient(p.clientId)!.statuses.set(p.questionId, status);
  sendJson(res, 200, { questionId: p.questionId, status });
}

export async function setStatuses(app: ChatApp, { req, res, params: p }: Exchange): Promise<void> {
  const { faults } = app;
  const body = await bodyOf(app, req, res);
  if (!body) return;
  const list = isObject(body.value) ? body.value.statuses : undefined;
  if (!Array.isArray(list) || !list.every(isObject)) return sendJson(res, 400, { error: 'statuses must be an array of objects' });
  // Under chat-status-item-named an item names its message `messageId`.
  const idField = app.variants.has('chat-status-item-named') ? 'messageId' : 'questionId';
  for (const item of list) {
    const id = item[idField];
    if (typeof id !== 'string') return sendJson(res, 400, { error: `each status needs a ${idField}` });
    if (!validStatus(app, res, item.status)) return;
    if (!knownMessage(app, p.clientId, id)) return sendJson(res, 404, { error: `unknown message ${id}` });
  }
  if (!faults.has('statuses-ignored')) {
    // Under the fault, only the first item is applied (a loop that returns early).
    for (const item of faults.has('statuses-first-only') ? list.slice(0, 1) : list)
      app.findClient(p.clientId)!.statuses.set(item[idField] as string, item.status as MessageStatus);
  }
  sendJson(res, 200, { updated: list.length });
}

export function notReadCount(app: ChatApp, { res, params }: Exchange): void {
  const c = app.findClient(params.clientId);
  const unread = c ? [...c.statuses.values()].filter((s) => s === 'SENT' || s === 'DELIVERED' || s === OWN_INITIAL_STATUS).length : 0;
  const count = app.faults.has('not-read-count-stale')
    ? (c?.statuses.size ?? 0)
    : unread + (app.faults.has('not-read-count-off-by-one') && unread === 0 ? 1 : 0);
  sendJson(res, 200, app.variants.has('chat-bare-values') ? count : { count });
}
