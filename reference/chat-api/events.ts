// The Chat API's events method: a long poll for a client's events (its other pages' requests and
// the bot's answers, agents' replies, state changes), filtered by all, cid and ts, and without ts
// continuing from the last poll.
import { sendJson } from '../http.ts';
import type { ChatApp, Exchange } from './app.ts';
import { parseTs } from './clock.ts';

// «Максимальное количество событий в ответе на запрос — 250». The reference's own copy of the limit,
// on purpose: an independent second reading of the document, not the harness's schema (EventList).
export const MAX_EVENTS_PER_RESPONSE = 250;

export async function events(app: ChatApp, { req, res, url }: Exchange): Promise<void> {
  const { faults } = app;
  const q = url.searchParams;
  const clientId = q.get('clientId');
  if (!clientId) return sendJson(res, 400, { error: 'clientId is required' });
  const ts = parseTs(q.get('ts'));
  if (ts === null) return sendJson(res, 400, { error: 'ts is not a time' });
  const all = q.get('all') === 'true' || faults.has('events-all-ignored');
  const cid = q.get('cid') ?? undefined;
  const c = app.clientOf(clientId);
  const cursorKey = cid ?? '';
  // Under the fault, a poll after the first sees only what arrives while it is open (a pub/sub with no buffer).
  const sinceSeq = faults.has('events-between-polls-lost') && c.cursors.has(cursorKey) ? app.lastSeq : (c.cursors.get(cursorKey) ?? 0);
  const limit = faults.has('events-limit') ? 300 : faults.has('events-limit-off-by-one') ? MAX_EVENTS_PER_RESPONSE + 1 : MAX_EVENTS_PER_RESPONSE;

  const matching = () =>
    c.events.filter(
      (e) =>
        // Under the faults, all=true reads the bot's log, which holds no agent reply; the default filters by a type no reply carries.
        (all
          ? !(e.type === 'agentResponse' && faults.has('events-all-without-agent'))
          : e.type === 'agentResponse' && !faults.has('events-default-no-agent')) &&
        (cid === undefined || faults.has('events-cid-ignored') || e.cid === cid) &&
        (ts === undefined || faults.has('events-ts-ignored') ? true : e.at >= ts) &&
        (ts !== undefined || faults.has('events-cursor-ignored') || e.seq > sinceSeq),
    );

  let found = matching();
  if (found.length === 0 && !faults.has('events-no-block')) {
    // Long polling: wait for the next matching event, bounded by the block time.
    await new Promise<void>((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        c.wake.delete(onEvent);
        resolve();
      };
      const onEvent = () => {
        if (matching().length) finish();
      };
      const timer = setTimeout(finish, faults.has('events-block-short') ? 100 : app.timings.longPollBlockMs);
      c.wake.add(onEvent);
      req.on('close', finish);
    });
    found = matching();
  }
  const page = found.slice(0, limit);
  if (page.length) c.cursors.set(cursorKey, page[page.length - 1].seq);
  const list = page.map((e) => ({ type: e.type, event: e.body }));
  sendJson(res, 200, faults.has('events-shape') ? { items: list } : { events: list });
}
