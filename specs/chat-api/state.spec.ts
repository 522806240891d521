// Saving and loading the chat application state: any object comes back as it was, unvalidated.
import fc from 'fast-check';
import { arbitraryOf, caseCount, RUN_SEED } from '../../lib/cases.ts';
import { schemaOf } from '../../lib/schemas.ts';
import { ChatApi, expect, test } from './chatApi.ts';

/** JSON with object keys sorted: key order is not part of an object's value. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** Clients saving states side by side in the round trip (at most as many at once as the target's limits allow). */
const STATE_CLIENTS = 4;

test.describe('chat-app state save and load', () => {
  test('an arbitrary object saved with POST comes back unchanged from GET', { tag: ['@state.round-trip'] }, async ({ chat, check, eachCase, skipCheck }) => {
    const clientId = ChatApi.newClientId();
    const unavailable = await chat.stateUnavailable(clientId);
    if (unavailable) await skipCheck('state.round-trip', unavailable);
    // No shrinking: each shrink step is real requests, and a failing target would spend minutes on them.
    const states = fc.sample(arbitraryOf('chat-api', schemaOf('chat-api', 'ChatAppState')), { seed: RUN_SEED, numRuns: caseCount(60) });
    test.info().annotations.push({ type: 'seed', description: `CONFORMANCE_SEED=${RUN_SEED} replays these ${states.length} cases` });
    await check('state.round-trip', async () => {
      // A few clients, each saving its share of the cases one after another, so that each save must
      // replace the one before ("вернет ранее переданный объект"); the clients take turns at once.
      const clients = [clientId, ...Array.from({ length: STATE_CLIENTS - 1 }, () => ChatApi.newClientId())];
      const turns: Promise<unknown>[] = clients.map(() => Promise.resolve());
      await eachCase(states, (state, i) => {
        const lane = i % clients.length;
        const roundTrip = turns[lane].then(async () => {
          expect(await chat.saveState(clients[lane], state)).toBe2xx('saving the state');
          const loaded = await chat.loadState(clients[lane]);
          expect(loaded).toBe2xx('loading the state');
          expect(canonical(loaded.json), `the loaded state equals the saved one (as JSON)\n${JSON.stringify(state).slice(0, 300)}`).toBe(canonical(state));
        });
        turns[lane] = roundTrip.catch(() => undefined);
        return roundTrip;
      });
    });
  });
});
