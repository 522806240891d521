// The case generator against every schema the suite ships: what it calls valid must validate, and
// every edge case must break (reject) or keep (accept) the schema as it claims. A generator that
// lies here would turn into false verdicts against real targets.
import './support/setup.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adapters } from '../lib/registry.ts';
import { edgeCasesOf, NotGeneratable, outsideEnum, sampleValid, stringOfLength } from '../lib/cases.ts';
import { openApi, schemaErrors } from '../lib/schemas.ts';

const docs = adapters().flatMap((a) => Object.keys(a.documents));

test('there are schemas to check', () => assert.ok(docs.includes('chat-api')));

/** Component schemas the generator draws from (conditional ones describe answers only). */
function generatable(doc: string): string[] {
  return Object.keys(openApi(doc).components?.schemas ?? {}).filter((name) => {
    try {
      sampleValid(doc, name, 1, 1);
      return true;
    } catch (err) {
      if (err instanceof NotGeneratable) return false;
      throw err;
    }
  });
}

for (const doc of docs) {
  const names = generatable(doc);
  test(`${doc}: sampled instances validate against their schema`, () => {
    for (const name of names) {
      for (const [i, instance] of sampleValid(doc, name, 25, 42).entries()) {
        assert.deepEqual(schemaErrors(doc, name, instance), [], `${doc}#${name} sample ${i}: ${JSON.stringify(instance).slice(0, 300)}`);
      }
    }
  });

  test(`${doc}: every edge case does to the schema what it claims`, () => {
    for (const name of names) {
      for (const base of sampleValid(doc, name, 5, 7)) {
        for (const c of edgeCasesOf(doc, name, base)) {
          const errors = schemaErrors(doc, name, c.body);
          if (c.expect === 'accept') assert.deepEqual(errors, [], `${doc}#${name} "${c.title}" should stay valid`);
          else assert.ok(errors.length > 0, `${doc}#${name} "${c.title}" should break the schema: ${JSON.stringify(c.body).slice(0, 200)}`);
        }
      }
    }
  });
}

test('edge cases come only from annotated nodes and name their requirement', () => {
  const cases = edgeCasesOf('chat-api', 'StatusUpdate', { status: 'READ' });
  assert.ok(cases.length > 1);
  assert.ok(cases.every((c) => c.expect === 'reject' && c.kind === 'enum'));
  // A listed value in the other case or padded goes under the enum's x-requirement-exact, the rest under its x-requirement.
  const lenient = (c: (typeof cases)[number]) => /in the other case|padded with spaces/.test(c.title);
  assert.ok(cases.some(lenient) && cases.some((c) => !lenient(c)));
  for (const c of cases) assert.equal(c.requirement, lenient(c) ? 'status.exact-value' : 'status.unknown-value', c.title);
  // SyncResponse's fields carry no x-requirement of their own: no invalid request cases from a response schema's leaves.
  const response = edgeCasesOf('chat-api', 'SyncResponse', { questionId: 'q', timestamp: '2024-01-01T00:00', data: { replies: [], answer: '' } });
  assert.ok(response.every((c) => c.requirement === 'sync.answer-shape'));
});

test("a limit's two halves go under two keys: the value at it under x-requirement-boundary (MUST), one past it under x-requirement (SHOULD)", () => {
  const base = { threadsClientId: 1, text: 'x', code: 'SUCCESS', attachments: [{ url: 'https://example.com/a.pdf', name: 'a.pdf', type: 'application/pdf' }] };
  const lengths = edgeCasesOf('edna-threads', 'ChatbotAnswer', base).filter((c) => c.kind === 'max-length' && c.title.startsWith('attachments'));
  assert.equal(lengths.length, 6, lengths.map((c) => c.title).join('\n'));
  for (const c of lengths) assert.equal(c.requirement, c.expect === 'accept' ? 'attachments.max-lengths' : 'attachments.max-lengths-refused', c.title);
});

test('a value outside an enum is a made-up one and the near misses a lenient server lets through, each named', () => {
  const values = outsideEnum('chat-api', ['SENT', 'DELIVERED', 'READ', 'NOT_SENT']).map((c) => c.value);
  assert.deepEqual(values, ['__NOT_IN_ENUM__', 'sent', ' SENT ', 'SEN', 'UNKNOWN']);
  const lia = outsideEnum('lia', ['text', 'image', 'start']);
  assert.ok(lia.some((c) => c.value === 'TEXT' && /other case/.test(c.why)));
  assert.ok(
    lia.some((c) => /another enum/.test(c.why) && !['text', 'image', 'start'].includes(c.value)),
    'a value of a neighbouring enum',
  );
  const titles = edgeCasesOf('edna-threads', 'ChatbotAnswer', { threadsClientId: 1, text: 'x', code: 'SUCCESS' })
    .filter((c) => c.kind === 'enum')
    .map((c) => c.title);
  assert.ok(
    titles.some((t) => t.includes('padded with spaces') && t.includes('" UNCLEAR_QUESTION "')),
    titles.join('\n'),
  );
});

test('the same seed gives the same cases', () => {
  assert.deepEqual(sampleValid('chat-api', 'TextRequest', 5, 123), sampleValid('chat-api', 'TextRequest', 5, 123));
  assert.notDeepEqual(sampleValid('chat-api', 'TextRequest', 5, 123), sampleValid('chat-api', 'TextRequest', 5, 124));
});

test('strings at a length keep their shape', () => {
  assert.equal(stringOfLength({ type: 'string', format: 'uri' }, 4000).length, 4000);
  assert.match(stringOfLength({ type: 'string', format: 'uri' }, 4000), /^https:\/\/example\.com\/a+$/);
  assert.equal(stringOfLength({ type: 'string' }, 61), 'a'.repeat(61));
});

test("generated values that the document says differ do differ: list items' identifiers across a message", () => {
  // fast-check's bias towards small numbers would hand faker the same seed twice in one picker.
  for (let seed = 0; seed < 300; seed++) {
    for (const picker of sampleValid('edna-threads', 'ListPicker', 10, seed) as { sections: { items: { identifier: string }[] }[] }[]) {
      const ids = picker.sections.flatMap((s) => s.items.map((i) => i.identifier));
      assert.equal(new Set(ids).size, ids.length, `seed ${seed}: ${ids.join(', ')}`);
    }
  }
});
