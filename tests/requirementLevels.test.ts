// One rule for levels (README, "Requirements, ids and levels"): a requirement's kind fixes its
// level, a reading says in its note why it was taken, and its quote is found in the seed it names.
// Every catalog of the registry is held to it (the toy's too, and the OpenAPI demo's, whose
// requirements the OpenAPI kind derives from its document; their quotes join the document's fields,
// so only the hand-written catalogs' quotes are looked up in their seeds).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isOpenApiAdapter } from '../lib/openapi/adapter.ts';
import { EVIDENCE_SEED, LEVEL_OF_KIND, type Requirement } from '../lib/requirements.ts';
import { ADAPTERS as WITH_DEMO } from './openapi-demo/registry.ts';
import { toyAdapter } from './toy-api/adapter.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** The seed documents live beside the project; a seed named by a path is a file of the project (the toy's echo.md). */
const SEEDS = fileURLToPath(new URL('../../shared/seeds/', import.meta.url));

const ADAPTERS = [...WITH_DEMO, toyAdapter];
const stated: Requirement[] = ADAPTERS.flatMap((a) => a.profiles.flatMap((p) => [...p.catalog.values()]));
const derived = new Set(ADAPTERS.filter(isOpenApiAdapter).flatMap((a) => a.profiles.map((p) => p.name)));

/**
 * The seeds are pages copied out of a browser: table cells and inline code run together or break
 * across lines («ОтправленоSENT», "including\ncid\n."). So quote and seed are compared with all
 * whitespace taken out.
 */
const squeezed = (text: string) => text.replace(/\s+/g, '');

/** A quote joins the fragments it takes from its seed with «...» (or «…»); a fragment shorter than this is a joint, not a quote. */
const MIN_FRAGMENT = 3;

/** The fragments of a quote its seed does not hold. */
function unquoted(quote: string, seed: string): string[] {
  const text = squeezed(seed);
  return quote
    .split(/\.\.\.|…/)
    .map((f) => f.trim())
    .filter((f) => squeezed(f).length >= MIN_FRAGMENT && !text.includes(squeezed(f)));
}

test('the catalogs are found: the rule holds for something', () => {
  assert.ok(stated.length > 100, `${stated.length} requirements`);
  assert.ok(stated.some((r) => r.api === 'toy-echo') && stated.some((r) => r.api === 'lia') && derived.size > 0);
});

test('every requirement has a kind, and its level is the one its kind gives', () => {
  const wrong = stated
    .filter((r) => !r.kind || r.level !== LEVEL_OF_KIND[r.kind])
    .map((r) => `${r.id}: ${r.kind ?? 'no kind'} is ${r.kind ? LEVEL_OF_KIND[r.kind] : '?'}, not ${r.level}`);
  assert.deepEqual(wrong, []);
});

test('a reading says why in its note, and a requirement built on public material is a reading', () => {
  const silent = stated.filter((r) => r.kind === 'reading' && !r.note?.trim()).map((r) => `${r.id}: a reading with no note`);
  const evidence = stated.filter((r) => r.seed === EVIDENCE_SEED && r.kind !== 'reading').map((r) => `${r.id}: quotes ${EVIDENCE_SEED} but is ${r.kind}`);
  assert.deepEqual([...silent, ...evidence], []);
});

test('a quote is found whole or fragment by fragment', () => {
  const seed = 'Метод  возвращает подробную информацию\nо запросе, в том числе cid.\n\nСтатус\nОтправленоSENT';
  assert.deepEqual(unquoted('Метод возвращает подробную информацию о запросе ... SENT', seed), []);
  assert.deepEqual(unquoted('Метод возвращает подробную информацию о запросе … Отправлено SENT', seed), []);
  assert.deepEqual(unquoted('Метод возвращает подробную информацию о запросе ... событие', seed), ['событие']);
  assert.deepEqual(unquoted('Метод возвращает полную информацию', seed), ['Метод возвращает полную информацию']);
});

test('every quote comes from the seed it names', (t) => {
  if (!existsSync(SEEDS)) return t.skip(`no seed documents at ${SEEDS}`);
  const texts = new Map<string, string>();
  const textOf = (seed: string) => {
    if (!texts.has(seed)) texts.set(seed, readFileSync(seed.includes('/') ? `${ROOT}${seed}` : `${SEEDS}${seed}`, 'utf8'));
    return texts.get(seed)!;
  };
  const missing = stated.filter((r) => !derived.has(r.api)).flatMap((r) => unquoted(r.quote, textOf(r.seed)).map((f) => `${r.id} (${r.seed}): «${f}»`));
  assert.deepEqual(missing, []);
});
