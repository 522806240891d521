// Fixtures a run uses up: a check spends one item of its own, a run never shares one between its
// checks, a pool not known fresh is walked past the items earlier runs spent, and the counts the
// report gives add up to how many runs the rest will last.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addUpPoolUses, describePoolSpending, MAX_TRIES, spendOne, type Spending } from '../lib/consumableFixtures.ts';

const items = Array.from({ length: 30 }, (_, i) => i);

/** A pool whose `spent` items an earlier run used: answering one of them is refused. */
function pool(spent: Set<number>, overrides: Partial<Spending<number, number>> = {}): Spending<number, number> & { asked: number[] } {
  const asked: number[] = [];
  const spend = async (item: number) => {
    asked.push(item);
    const status = spent.has(item) ? 409 : 200;
    spent.add(item);
    return status;
  };
  return { items, position: 0, perRun: 3, fresh: false, attempt: 0, spend, refused: (s) => s === 409, asked, ...overrides };
}

test("fresh: the check takes its own item of the attempt's slot, and a refusal is its answer", async () => {
  const spent = new Set<number>();
  const first = await spendOne(pool(spent, { fresh: true, position: 2 }));
  assert.deepEqual(first.taken, { item: 2, result: 200 });
  const retry = await spendOne(pool(spent, { fresh: true, position: 2, attempt: 1 }));
  assert.deepEqual(retry.taken, { item: 5, result: 200 }, 'a retry takes the next slot');
  spent.add(8);
  const refused = await spendOne(pool(spent, { fresh: true, position: 2, attempt: 2 }));
  assert.deepEqual(refused.taken, { item: 8, result: 409 }, 'a fresh pool is not walked: the refusal is judged');
  assert.match((await spendOne(pool(spent, { fresh: true, attempt: 10 }))).usedUp ?? '', /declares 30, enough for 10 attempt/);
});

test('not known fresh: items an earlier run spent are walked past, and the checks of one run never share one', async () => {
  const spent = new Set(items.filter((i) => i % 3 === 0 && i < 24)); // eight runs spent position 0 of slots 0..7
  const runs = await Promise.all([0, 1, 2].map((position) => spendOne(pool(spent, { position }))));
  const taken = runs.map((r) => r.taken!.item);
  assert.equal(new Set(taken).size, 3, `three checks, three items: ${taken}`);
  assert.deepEqual(
    taken.map((item) => item % 3),
    [0, 1, 2],
    'each check stays in its own place of a slot',
  );
  assert.ok(taken[0] >= 24, 'position 0 walked past the spent slots');
  assert.equal(runs[0].refusals.length, runs[0].tried - 1);
});

test('a used-up pool gives no item and says so, after a bounded number of tries', async () => {
  const all = new Set(items);
  const none = await spendOne(pool(all));
  assert.equal(none.taken, undefined);
  assert.equal(none.tried, 10, 'each of the ten slots once');
  assert.match(none.usedUp ?? '', /10 tried \(this check takes one in every 3 of the 30 declared\), each refused as used/);
  const big = pool(new Set(Array.from({ length: 3000 }, (_, i) => i)), { items: Array.from({ length: 3000 }, (_, i) => i) });
  assert.equal((await spendOne(big)).tried, MAX_TRIES);
  assert.equal((await spendOne(pool(new Set(), { items: [1, 2] }))).usedUp, 'the target declares 2, a run needs 3');
});

test('the report adds up what the checks spent and estimates the runs left', () => {
  const use = { pool: 'questionIds', declared: 100, perRun: 2, fresh: false };
  const [p] = addUpPoolUses([
    { ...use, spent: 1, foundSpent: 0 },
    { ...use, spent: 1, foundSpent: 2 },
  ]);
  assert.equal(p.spent, 2);
  assert.equal(p.foundSpent, 2);
  assert.equal(p.runsLeft, 24, 'half the tried were unspent: about 50 of 100, less the 2 spent now, 2 a run');
  assert.equal(describePoolSpending(p), 'questionIds: 2 spent, 2 found already used, of 100 declared (2 a run: about 24 runs left)');
  assert.match(describePoolSpending(addUpPoolUses([{ ...use, fresh: true, spent: 1, foundSpent: 0 }])[0]), /declared fresh for this run/);
});
