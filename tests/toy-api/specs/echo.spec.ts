// «the answer carries the text that was sent, unchanged», for the document's example and generated texts.
import { test as conformance, expect } from '../../../fixtures/conformance.ts';
import { declaredPerProfile } from '../../../fixtures/perProfile.ts';
import { caseCount, sampleValid } from '../../../lib/cases.ts';
import { operation, schemaOf } from '../../../lib/schemas.ts';

// A spec that does not load, for the project test of a run that breaks outside every test.
if (process.env.TOY_SPEC_BREAKS) throw new Error('the toy spec does not load');

const { method, path } = operation('toy-echo', 'echo');
// The test once per profile of this folder's adapter that the run declares.
const test = declaredPerProfile(conformance, import.meta.url);

test.describe(`${method} ${path}`, () => {
  test('the answer carries the text that was sent', { tag: ['@echo.returns-text'] }, async ({ http, section, check, eachCase }) => {
    const bodies = [...(schemaOf('toy-echo', 'Echo').examples as { text: string }[]), ...(sampleValid('toy-echo', 'Echo', caseCount(5)) as { text: string }[])];
    await check('echo.returns-text', () =>
      eachCase(bodies, async (body) => {
        const reply = await http.send({ method, path, query: { key: String(section.key) }, json: body });
        expect(reply).toBe2xx(`echo of ${JSON.stringify(body.text)}`);
        expect((reply.json as { text?: unknown } | undefined)?.text, 'the text as sent').toBe(body.text);
      }),
    );
  });
});
