// What an answer carries: text or formattedText or both, the code and the routing ids that go with
// SWITCH_TO_HUMAN, quick reply types and shown_text, list picker identifiers, how an image
// attachment is recognised, and the fields the table marks neither required nor optional. Where
// the document gives the bot a rule but not the server a reaction, any 2xx or 4xx passes the
// no-server-error check, and a refusal is a SHOULD of its own where the rule says "necessary".
import { edgeCasesOf, type GeneratedCase } from '../../lib/cases.ts';
import { schemaOf } from '../../lib/schemas.ts';
import { answer, CODES, DOC, expect, refusedCase, test } from './ednaThreads.ts';
import type { EdnaThreadsTarget } from './target.ts';

const QUICK_REPLY_TYPES = schemaOf(DOC, 'QuickReplyType').enum as string[];
const NO_ROUTING =
  'the target lists no fixtures.routing: made-up agent, skill and department ids may be refused as unknown, which would not show that the code was checked';
/** The routing lists the target declares (the installation's own agents, skills, departments), only those with ids. */
const declaredRouting = (target: EdnaThreadsTarget): Record<string, unknown[]> =>
  Object.fromEntries(Object.entries(target.fixtures.routing ?? {}).filter(([, ids]) => Array.isArray(ids) && ids.length > 0));
/** Made-up routing ids, where any answer but a server error is fair (an unknown agent may be refused). */
const MADE_UP_ROUTING = { userIds: [1], skillIds: [1], unitIds: [1] };
const quickReply = (extra: Record<string, unknown> = {}) => ({ type: QUICK_REPLY_TYPES[0], text: 'Yes', imageUrl: null, url: null, ...extra });

test.describe('text and formattedText', () => {
  test('formattedText stands in for text', { tag: ['@text.formatted-alone'] }, async ({ edna, client, check }) => {
    const { text: _text, ...withoutText } = answer(client, { formattedText: '**Harness** answer in _Markdown_' });
    await check('text.formatted-alone', async () => {
      expect(await edna.send(withoutText)).toBe2xx('an answer with formattedText and no text');
    });
  });

  test('text goes along with formattedText', { tag: ['@text.with-formatted'] }, async ({ edna, client, check }) => {
    // «Рекомендуется передать текстовое представление ответа в поле text».
    await check('text.with-formatted', async () => {
      expect(await edna.send(answer(client, { text: 'Harness answer in Markdown', formattedText: '**Harness** answer in _Markdown_' }))).toBe2xx(
        'an answer with formattedText and its plain text in text',
      );
    });
  });

  test('an answer with neither text nor formattedText is refused', { tag: ['@text.required'] }, async ({ edna, client, check }) => {
    const { text: _text, ...empty } = answer(client);
    await check('text.required', async () => {
      expect(await edna.send(empty)).toBeRefused('an answer with no text, formattedText, quick replies or attachments');
    });
  });
});

/** The generated cases of a requirement. */
const casesOf = (cases: GeneratedCase[], requirement: string) => cases.filter((c) => c.requirement === requirement);

test.describe('code and routing to agents', () => {
  test(
    'every documented code is accepted, and no other',
    { tag: ['@code.values', '@code.unknown-value', '@code.exact-values'] },
    async ({ edna, client, check, eachCase }) => {
      // Answered to a client, not a question: a code is about the answer, and a client spends no fixture question.
      const cases = edgeCasesOf(DOC, 'ChatbotAnswer', answer(client));
      await check('code.values', async () => {
        for (const code of CODES) {
          await test.step(code, async () => expect(await edna.send(answer(client, { code }))).toBe2xx(`code ${code}`));
        }
      });
      await check('code.unknown-value', () => eachCase(casesOf(cases, 'code.unknown-value'), refusedCase(edna)));
      await check('code.exact-values', () => eachCase(casesOf(cases, 'code.exact-values'), refusedCase(edna)));
    },
  );

  test('SWITCH_TO_HUMAN takes userIds, skillIds and unitIds', { tag: ['@switch-to-human.routing'] }, async ({ edna, ednaTarget, client, check, skipCheck }) => {
    // Only the installation's own ids can be demanded accepted: a made-up one may name no agent.
    const routing = declaredRouting(ednaTarget);
    if (Object.keys(routing).length === 0) await skipCheck('switch-to-human.routing', NO_ROUTING);
    await check('switch-to-human.routing', async () => {
      expect(await edna.send(answer(client, { code: 'SWITCH_TO_HUMAN', ...routing }))).toBe2xx(
        `SWITCH_TO_HUMAN with the installation's ${Object.keys(routing).join(', ')}`,
      );
    });
  });

  test('routing ids with another code cause no server error', { tag: ['@input.no-server-error'] }, async ({ edna, ednaTarget, client, check }) => {
    await check('input.no-server-error', async () => {
      // «Необходимо присылать в сочетании с кодом SWITCH_TO_HUMAN»: refused or ignored otherwise.
      const routing = declaredRouting(ednaTarget);
      expect(await edna.send(answer(client, { code: 'SUCCESS', ...(Object.keys(routing).length ? routing : MADE_UP_ROUTING) }))).toBe2xxOr4xx(
        'routing ids with code SUCCESS',
      );
    });
  });

  test('routing ids with another code are refused', { tag: ['@switch-to-human.routing-code-only'] }, async ({ edna, ednaTarget, client, check, skipCheck }) => {
    const lists = Object.entries(declaredRouting(ednaTarget));
    if (lists.length === 0) await skipCheck('switch-to-human.routing-code-only', NO_ROUTING);
    await check('switch-to-human.routing-code-only', async () => {
      // Each list on its own: a server may check one and drop another.
      for (const [field, ids] of lists)
        expect(await edna.send(answer(client, { code: 'SUCCESS', [field]: ids }))).toBeRefused(`the installation's ${field} with code SUCCESS`);
    });
  });
});

test.describe('quick replies', () => {
  const withShownText = quickReply({ shown_text: 'I agree' });
  /** The fields that need another, from the schema's dependentRequired (shown_text needs text): each sent without them. */
  const withoutWhatTheyNeed = Object.entries((schemaOf(DOC, 'QuickReply') as { dependentRequired?: Record<string, string[]> }).dependentRequired ?? {}).map(
    ([field, needs]) => ({
      what: `a quick reply with ${field} and no ${needs.join(', ')}`,
      reply: Object.fromEntries(Object.entries(withShownText).filter(([k]) => !needs.includes(k))),
    }),
  );

  test(
    'quick reply types TEXT and CONTACT are accepted, and no other',
    { tag: ['@quick-replies.type', '@quick-replies.unknown-type', '@quick-replies.type-exact'] },
    async ({ edna, client, check, eachCase }) => {
      const cases = edgeCasesOf(DOC, 'ChatbotAnswer', answer(client, { quickReplies: [quickReply()] }));
      await check('quick-replies.type', async () => {
        for (const type of QUICK_REPLY_TYPES) {
          await test.step(type, async () =>
            expect(await edna.send(answer(client, { quickReplies: [quickReply({ type })] }))).toBe2xx(`a quick reply of type ${type}`),
          );
        }
      });
      await check('quick-replies.unknown-type', () => eachCase(casesOf(cases, 'quick-replies.unknown-type'), refusedCase(edna)));
      await check('quick-replies.type-exact', () => eachCase(casesOf(cases, 'quick-replies.type-exact'), refusedCase(edna)));
    },
  );

  test('shown_text goes together with text', { tag: ['@quick-replies.shown-text-with-text'] }, async ({ edna, client, check }) => {
    await check('quick-replies.shown-text-with-text', async () => {
      expect(await edna.send(answer(client, { quickReplies: [withShownText] }))).toBe2xx('a quick reply with text and shown_text');
    });
  });

  test('a field without the one it goes with causes no server error', { tag: ['@input.no-server-error'] }, async ({ edna, client, check }) => {
    await check('input.no-server-error', async () => {
      for (const { what, reply } of withoutWhatTheyNeed) expect(await edna.send(answer(client, { quickReplies: [reply] }))).toBe2xxOr4xx(what);
    });
  });

  test('shown_text without text is refused', { tag: ['@quick-replies.shown-text-needs-text'] }, async ({ edna, client, check }) => {
    await check('quick-replies.shown-text-needs-text', async () => {
      for (const { what, reply } of withoutWhatTheyNeed) expect(await edna.send(answer(client, { quickReplies: [reply] }))).toBeRefused(what);
    });
  });
});

test.describe('list picker identifiers', () => {
  test('items sharing an identifier cause no server error', { tag: ['@input.no-server-error'] }, async ({ edna, whatsApp, check }) => {
    // «сквозной для всего сообщения ID»: a repeat, within a section and across two, is refused or taken.
    const item = (title: string) => ({ title, identifier: 'harness-item' });
    const picker = {
      title: 'Choose',
      sections: [
        { title: 'First', items: [item('One'), item('Two')] },
        { title: 'Second', items: [item('Three')] },
      ],
    };
    await check('input.no-server-error', async () => {
      expect(await edna.send(answer(whatsApp, { messageListPicker: picker }))).toBe2xxOr4xx('a list picker whose three items share one identifier');
    });
  });
});

test.describe('fields the table marks neither required nor optional', () => {
  test('an answer without answerId, code or segmentationInfo causes no server error', { tag: ['@input.no-server-error'] }, async ({ edna, client, check }) => {
    // The schema requires them so that valid answers carry them; the document demands them of no one.
    const unmarked = schemaOf(DOC, 'ChatbotAnswer').required ?? [];
    await check('input.no-server-error', async () => {
      for (const field of unmarked) {
        const { [field]: _left, ...without } = answer(client);
        expect(await edna.send(without)).toBe2xxOr4xx(`an answer without ${field}`);
      }
    });
  });
});

test.describe('image attachments', () => {
  const url = 'https://example.com/files/harness-image';

  test('an image is recognised by the extension in its name or by its MIME type', { tag: ['@attachments.image-type'] }, async ({ edna, client, check }) => {
    await check('attachments.image-type', async () => {
      expect(await edna.send(answer(client, { attachments: [{ url: `${url}.png`, name: 'photo.png' }] }))).toBe2xx(
        'an image whose name has an extension, with no type',
      );
      expect(await edna.send(answer(client, { attachments: [{ url, name: 'photo', type: 'image/jpeg' }] }))).toBe2xx(
        'an image with a MIME type, whose name has no extension',
      );
    });
  });

  test('an attachment with neither extension nor type causes no server error', { tag: ['@input.no-server-error'] }, async ({ edna, client, check }) => {
    await check('input.no-server-error', async () => {
      // The document: it would not display correctly. Nothing tells the server it is an image.
      expect(await edna.send(answer(client, { attachments: [{ url, name: 'photo' }] }))).toBe2xxOr4xx('an attachment with neither extension nor type');
    });
  });
});
