// Every length the document gives, at the limit (accepted: MUST) and one over (refused: SHOULD, the
// document gives the limit, not what the server does past it), generated from the schema; the list
// picker's item count across all sections; the number and length of quick replies the installation
// sets; and what a WhatsApp header may carry at once. The documented numbers and kinds live in
// schemas/edna-threads.openapi.json only; the quick-reply count and length are the target's own.
// Generated from the schema's annotations, one test per key: @attachments.max-lengths
// @attachments.max-lengths-refused @quick-replies.max-lengths @quick-replies.max-lengths-refused
// @quick-replies.text-max-length @whatsapp.header-footer-max-length
// @whatsapp.header-footer-max-length-refused @list-picker.max-lengths @list-picker.max-lengths-refused
// (tests/requirementIndex.test.ts keeps this list whole).
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { arbitraryOf, edgeCasesOf, RUN_SEED, type GeneratedCase } from '../../lib/cases.ts';
import { schemaOf, type JsonSchema } from '../../lib/schemas.ts';
import {
  answer,
  DOC,
  EdnaThreads,
  expect,
  freshAnswerId,
  inHeaderShape,
  isLengthCase,
  NO_WHATSAPP_CLIENT,
  test,
  whatsAppClientOf,
  whatsAppOnly,
  type Address,
  type HeaderShape,
} from './ednaThreads.ts';

const quickReply = { type: 'TEXT', text: 'Yes', imageUrl: null, url: null };
const headerFooter = { header: [{ text: 'Header' }], footer: [{ text: 'Footer' }] };

/** Valid answers carrying every field that has a documented length (the address is added per target). */
const BASES = [
  answer({}, { attachments: [{ url: 'https://example.com/files/report.pdf', name: 'report.pdf', type: 'application/pdf' }] }),
  answer(
    {},
    {
      quickReplies: [
        {
          type: 'TEXT',
          text: 'Yes',
          shown_text: 'Yes, please',
          callback_data: 'harness-yes',
          imageUrl: 'https://example.com/icons/yes.png',
          url: 'https://example.com/files/terms.pdf',
        },
      ],
    },
  ),
  answer({}, { quickReplies: [quickReply], quickRepliesHeaderFooter: headerFooter }),
  answer(
    {},
    {
      messageListPicker: {
        header: { text: 'Header' },
        footer: { text: 'Footer' },
        title: 'Choose',
        sections: [{ title: 'Section', items: [{ title: 'Item', subTitle: 'Subtitle', identifier: 'item-1' }] }],
      },
    },
  ),
];

/** Each base's own cases: a WhatsApp base's quick replies are the plain base's cases again. */
const OWN_PATHS = [/^attachments/, /^quickReplies\[/, /^quickRepliesHeaderFooter/, /^messageListPicker/];
const lengthCases = new Map<string, GeneratedCase[]>();
for (const [i, base] of BASES.entries()) {
  for (const c of edgeCasesOf(DOC, 'ChatbotAnswer', base).filter((x) => isLengthCase(x) && OWN_PATHS[i].test(x.title))) {
    lengthCases.set(c.requirement, [...(lengthCases.get(c.requirement) ?? []), c]);
  }
}

/** The document's length of a quick reply's text («строка до 4000 символов»), which the installation may set otherwise. */
const DOCUMENTED_REPLY_LENGTH = (schemaOf(DOC, 'QuickReply').properties!.text as JsonSchema).maxLength!;

const usesHeaderFooter = (body: unknown) => Boolean((body as { quickRepliesHeaderFooter?: unknown }).quickRepliesHeaderFooter);

/** The header/footer shape the target takes, asked only when a case needs it. */
async function shapeFor(edna: EdnaThreads, client: Address, cases: GeneratedCase[]): Promise<HeaderShape | undefined> {
  return cases.some((c) => usesHeaderFooter(c.body)) ? edna.headerShape(client) : 'array';
}

/** What a key's cases say of each length: accepted at its limit (the document allows it), refused one over, or both. */
const judged = (cases: GeneratedCase[]) =>
  [cases.some((c) => c.expect === 'accept') && 'accepted at its limit', cases.some((c) => c.expect === 'reject') && 'refused one over']
    .filter(Boolean)
    .join(' and ');

test.describe('documented lengths', () => {
  for (const [key, cases] of lengthCases) {
    test(`${key}: each length is ${judged(cases)}`, { tag: [`@${key}`] }, async ({ edna, ednaTarget, client, check, eachCase, skipCheck }) => {
      const setLength = ednaTarget.fixtures.maxQuickReplyLength;
      if (key === 'quick-replies.text-max-length' && setLength !== undefined && setLength !== DOCUMENTED_REPLY_LENGTH) {
        await skipCheck(
          key,
          `the target declares fixtures.maxQuickReplyLength ${setLength} (its message.max-quick-reply-length), not the document's ${DOCUMENTED_REPLY_LENGTH}: quick-replies.max-reply-length checks a quick reply's text at that length`,
        );
      }
      // WhatsApp-only content goes to a WhatsApp client of the target's.
      const whatsApp = whatsAppClientOf(ednaTarget);
      if (cases.some((c) => whatsAppOnly(c.body)) && whatsApp === undefined) await skipCheck(key, NO_WHATSAPP_CLIENT);
      const addressee = cases.some((c) => whatsAppOnly(c.body)) ? { threadsClientId: whatsApp } : client;
      const shape = await shapeFor(edna, addressee, cases);
      await check(key, async () => {
        expect(shape, 'the target takes a quickRepliesHeaderFooter header and footer, as an array or as one object').toBeDefined();
        await eachCase(cases, async (c) => {
          const reply = await edna.send(freshAnswerId(inHeaderShape({ ...addressee, ...(c.body as object) }, shape!)));
          if (c.expect === 'accept') expect(reply).toBe2xx(c.title);
          else expect(reply).toBeRefused(c.title);
        });
      });
    });
  }
});

test.describe('messageListPicker: items across all sections', () => {
  /** «Максимум 10 элементов во всех items»: the schema's per-section maxItems is that total. */
  const max = (schemaOf(DOC, 'ListPickerSection').properties!.items as JsonSchema).maxItems!;
  const picker = (...sizes: number[]) => ({
    title: 'Choose',
    sections: sizes.map((size, s) => ({
      title: `Section ${s + 1}`,
      items: Array.from({ length: size }, (_, i) => ({ title: `Item ${s + 1}.${i + 1}`, identifier: randomUUID() })),
    })),
  });
  const half = Math.floor(max / 2);

  test(
    'the maximum is accepted, one item more is refused, in one section or split over two',
    { tag: ['@list-picker.max-items', '@list-picker.max-items-refused'] },
    async ({ edna, whatsApp: client, check }) => {
      const send = (sizes: number[]) => edna.send(answer(client, { messageListPicker: picker(...sizes) }));
      await check('list-picker.max-items', async () => {
        await test.step(`${max} items in one section`, async () => expect(await send([max])).toBe2xx(`${max} items in one section`));
        await test.step(`${max} items over two sections`, async () => expect(await send([half, max - half])).toBe2xx(`${max} items over two sections`));
      });
      await check('list-picker.max-items-refused', async () => {
        await test.step(`${max + 1} items in one section`, async () => expect(await send([max + 1])).toBeRefused(`${max + 1} items in one section`));
        const split = `${max + 1} items over two sections, each within ${max}`;
        await test.step(split, async () => expect(await send([half, max + 1 - half])).toBeRefused(split));
      });
    },
  );
});

test.describe('quick replies: the number and length the installation sets', () => {
  test(
    'message.max-quick-replies quick replies are accepted, one more is refused',
    { tag: ['@quick-replies.max-count', '@quick-replies.max-count-refused'] },
    async ({ edna, ednaTarget, client, check, skipCheck }) => {
      // «Длина и количество быстрых ответов настраивается в БД: message.max-quick-replies»: no number but the target's.
      const max = ednaTarget.fixtures.maxQuickReplies;
      if (max === undefined) await skipCheck('quick-replies.max-count', 'the target lists no fixtures.maxQuickReplies (its message.max-quick-replies setting)');
      const replies = (n: number) => Array.from({ length: n }, (_, i) => ({ ...quickReply, text: `Option ${i + 1}` }));
      await check('quick-replies.max-count', async () => {
        expect(await edna.send(answer(client, { quickReplies: replies(max!) }))).toBe2xx(`${max} quick replies (message.max-quick-replies)`);
      });
      await check('quick-replies.max-count-refused', async () => {
        expect(await edna.send(answer(client, { quickReplies: replies(max! + 1) }))).toBeRefused(
          `${max! + 1} quick replies, one over message.max-quick-replies`,
        );
      });
    },
  );

  test(
    'a quick reply of message.max-quick-reply-length characters is accepted, one more is refused',
    { tag: ['@quick-replies.max-reply-length', '@quick-replies.max-reply-length-refused'] },
    async ({ edna, ednaTarget, client, check, skipCheck }) => {
      // «Длина ... быстрых ответов настраивается в БД: ... message.max-quick-reply-length»: the length of a quick reply's text.
      const { maxQuickReplyLength: length, maxQuickReplies } = ednaTarget.fixtures;
      if (length === undefined)
        await skipCheck('quick-replies.max-reply-length', 'the target lists no fixtures.maxQuickReplyLength (its message.max-quick-reply-length setting)');
      // Cyrillic, as the installation's clients write: «символов» are characters, each two bytes in UTF-8.
      const ofLength = (n: number) => ({ ...quickReply, text: 'я'.repeat(n) });
      await check('quick-replies.max-reply-length', async () => {
        expect(await edna.send(answer(client, { quickReplies: [ofLength(length!)] }))).toBe2xx(
          `a quick reply of ${length} Cyrillic characters (message.max-quick-reply-length)`,
        );
      });
      // The over-long reply after a short one, so that the setting is seen to hold for every reply, not only the first.
      const before = (maxQuickReplies ?? 2) > 1 ? [quickReply] : [];
      await check('quick-replies.max-reply-length-refused', async () => {
        expect(await edna.send(answer(client, { quickReplies: [...before, ofLength(length! + 1)] }))).toBeRefused(
          `a quick reply of ${length! + 1} characters, one over message.max-quick-reply-length${before.length ? ', after one within it' : ''}`,
        );
      });
    },
  );
});

test.describe('quickRepliesHeaderFooter: what a header carries', () => {
  /** One header of each kind the schema lists (text, image, document, video), sampled from its alternatives. */
  const kinds = (schemaOf(DOC, 'WhatsAppHeaderItem').oneOf as JsonSchema[]).map((alt) => ({
    name: (alt.required ?? []).join('+'),
    value: fc.sample(arbitraryOf(DOC, alt), { numRuns: 1, seed: RUN_SEED })[0] as Record<string, unknown>,
  }));
  const combinations = (size: number): (typeof kinds)[] =>
    size === 0
      ? [[]]
      : kinds.flatMap((k, i) =>
          combinations(size - 1)
            .filter((rest) => rest.every((r) => kinds.indexOf(r) > i))
            .map((rest) => [k, ...rest]),
        );
  const withHeader = (client: Address, parts: typeof kinds) =>
    answer(client, { quickReplies: [quickReply], quickRepliesHeaderFooter: { ...headerFooter, header: [Object.assign({}, ...parts.map((p) => p.value))] } });
  const named = (parts: typeof kinds) => parts.map((p) => p.name).join(', ');

  /** The header shape the target takes; without one, nothing about headers can be checked. */
  async function headerSender(edna: EdnaThreads, client: Address, key: string, skipCheck: (key: string, reason: string) => Promise<never>) {
    const shape = await edna.headerShape(client);
    if (!shape) await skipCheck(key, 'the target takes no quickRepliesHeaderFooter in either shape (see whatsapp.header-footer-max-length)');
    return (parts: typeof kinds) => edna.send(inHeaderShape(withHeader(client, parts), shape!));
  }

  test(
    'each kind alone is accepted, all of them at once refused',
    { tag: ['@whatsapp.header-each-kind', '@whatsapp.header-not-all-kinds'] },
    async ({ edna, whatsApp: client, check, skipCheck }) => {
      const send = await headerSender(edna, client, 'whatsapp.header-each-kind', skipCheck);
      await check('whatsapp.header-each-kind', async () => {
        for (const kind of kinds) await test.step(`${kind.name} alone`, async () => expect(await send([kind])).toBe2xx(`a header of ${kind.name} alone`));
      });
      await check('whatsapp.header-not-all-kinds', async () => expect(await send(kinds)).toBeRefused(`a header with ${named(kinds)} at once`));
    },
  );

  test('two or three kinds together are refused', { tag: ['@whatsapp.header-one-kind'] }, async ({ edna, whatsApp: client, check, skipCheck }) => {
    const send = await headerSender(edna, client, 'whatsapp.header-one-kind', skipCheck);
    await check('whatsapp.header-one-kind', async () => {
      for (let size = 2; size < kinds.length; size++) {
        for (const parts of combinations(size)) {
          await test.step(named(parts), async () => expect(await send(parts)).toBeRefused(`a header with ${named(parts)}`));
        }
      }
    });
  });
});
