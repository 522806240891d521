// Bad input is refused with a 4xx, never a 2xx or a 5xx: no token or another token, another
// tenant or none, a body that is not JSON, documented fields of another JSON type, ids the target
// does not have. The document gives no error responses, so any 4xx passes.
import { randomUUID } from 'node:crypto';
import { edgeCasesOf, type GeneratedCase } from '../../lib/cases.ts';
import { answer, bySession, DOC, expect, refusedCase, test, type Address } from './ednaThreads.ts';

test.describe('bad input is refused with a 4xx', () => {
  test('an answer without the token, or with another token, is refused', { tag: ['@auth.refuses-bad-token'] }, async ({ edna, client, check }) => {
    await check('auth.refuses-bad-token', async () => {
      expect(await edna.withAuthorization(null).send(answer(client))).toBeRefused('an answer with no Authorization header');
      expect(await edna.withAuthorization(`Bearer harness-unknown-${randomUUID()}`).send(answer(client))).toBeRefused(
        "an answer with a token that is not the target's",
      );
    });
  });

  test(
    'an answer for another tenant, or for none, is refused',
    { tag: ['@auth.refuses-bad-tenant'] },
    async ({ edna, ednaTarget, client, check, skipCheck }) => {
      if (ednaTarget.tenant === undefined)
        await skipCheck('auth.refuses-bad-tenant', 'the target declares no tenant: its deployment takes answers without X-Tenant-Name');
      await check('auth.refuses-bad-tenant', async () => {
        expect(await edna.withTenant(`harness-unknown-${randomUUID()}`).send(answer(client))).toBeRefused(
          "an answer with an X-Tenant-Name that is not the target's",
        );
        expect(await edna.withTenant(null).send(answer(client))).toBeRefused('an answer with no X-Tenant-Name header');
      });
    },
  );

  test('a body that is not JSON is refused', { tag: ['@input.malformed-json'] }, async ({ edna, client, check }) => {
    await check('input.malformed-json', async () => {
      expect(await edna.sendRaw(`{"threadsClientId": ${JSON.stringify(client.threadsClientId)}, "text": `)).toBeRefused('a truncated JSON body');
    });
  });

  test('documented fields of another JSON type are refused', { tag: ['@input.wrong-types'] }, async ({ edna, ednaTarget, client, check, eachCase }) => {
    // Valid answers carrying every typed field; each case breaks one field's type.
    const everyField = answer(client, {
      code: 'SWITCH_TO_HUMAN',
      attachments: [{ url: 'https://example.com/files/report.pdf', name: 'report.pdf', type: 'application/pdf' }],
      settings: { blockInput: false, masked: true },
      quickReplies: [{ type: 'TEXT', text: 'Yes', imageUrl: null, url: null }],
      userIds: [1],
      skillIds: [1],
      unitIds: [1],
    });
    // The question ids' own types, on a declared question: a case that breaks one is refused, so it spends nothing.
    const { questionIds: [questionId] = [], sessions: [session] = [] } = ednaTarget.fixtures;
    const addresses: Address[] = [...(questionId === undefined ? [] : [{ questionId }]), ...(session === undefined ? [] : [bySession(session)])];
    const ofAddress = (address: Address) => (c: GeneratedCase) => Object.keys(address).some((field) => c.title.startsWith(`${field}:`));
    const cases = [
      ...edgeCasesOf(DOC, 'ChatbotAnswer', everyField),
      ...addresses.flatMap((address) => edgeCasesOf(DOC, 'ChatbotAnswer', answer(address)).filter(ofAddress(address))),
    ].filter((c) => c.requirement === 'input.wrong-types');
    expect(cases.length, 'the schema yields wrong-type cases').toBeGreaterThan(0);
    await check('input.wrong-types', async () => {
      await eachCase(cases, refusedCase(edna));
    });
  });

  test('an answer to ids the target does not have is refused', { tag: ['@input.unknown-ids'] }, async ({ edna, ednaTarget, check, skipCheck }) => {
    const unknown = ednaTarget.fixtures.unknown ?? {};
    const addresses = [
      ...(unknown.questionId === undefined ? [] : [{ questionId: unknown.questionId }]),
      ...(unknown.threadsClientId === undefined ? [] : [{ threadsClientId: unknown.threadsClientId }]),
      ...(unknown.sessionId === undefined ? [] : [{ sessionId: unknown.sessionId, questionIndex: 1 }]),
    ];
    if (addresses.length === 0) await skipCheck('input.unknown-ids', 'the target lists no fixtures.unknown ids');
    await check('input.unknown-ids', async () => {
      for (const address of addresses) {
        await test.step(JSON.stringify(address), async () => expect(await edna.send(answer(address))).toBeRefused(`an answer to ${JSON.stringify(address)}`));
      }
    });
  });
});
