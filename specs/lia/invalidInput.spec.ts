// Requests that break the document, generated from the schema one keyword of one annotated node at
// a time: a wrong JSON type, text one character over the string limit, a type off the list, a
// proba out of range, a required parameter left out — each refused; and text exactly at the limit,
// a proba exactly at a bound, accepted. Event cases are built on each event schema's example,
// inside the document's own example request (Запрос 1); probas score an intent the target
// declares. Last, bodies that are not JSON at all.
// Generated from the schema's annotations, a test per case, tagged with its key: @incoming.required
// @incoming.type-values @incoming.raw-proba @incoming.raw-proba-bounds @types.string @types.string-at-limit @types.identifier-at-limit @types.float
// @types.json-object (tests/requirementIndex.test.ts keeps this list whole).
import { edgeCasesOf, type GeneratedCase } from '../../lib/cases.ts';
import { dispatchedByFile } from '../../lib/workerShare.ts';
import { ANSWER_TAGS, REFUSAL_TAG, type LiaExpectations } from './expectations.ts';
import { DOC, EVENT_SCHEMAS, example, NAMED_BY_PROJECT, TIMED, test, type LiaApi, type LiaRequest } from './liaApi.ts';

const request = example<LiaRequest>('IncomingRequest');

const accepted = (c: GeneratedCase) => c.expect === 'accept';
const caseTitle = (c: GeneratedCase) => `${c.title} → ${accepted(c) ? 'accepted' : 'refused'}`;
const caseTags = (c: GeneratedCase) => ({ tag: [`@${c.requirement}`, ...(accepted(c) ? ANSWER_TAGS : [REFUSAL_TAG])] });

/** Sends a case's body: accepted with a documented answer, or refused, as the case expects. */
async function judge(c: GeneratedCase, body: unknown, lia: LiaApi, expectations: LiaExpectations): Promise<void> {
  if (accepted(c)) await expectations.accepted(c.requirement, c.title, body, () => lia.send(body));
  else await expectations.refused(c.requirement, c.title, () => lia.send(body));
}

function caseTest(c: GeneratedCase, body: unknown): void {
  test(caseTitle(c), caseTags(c), async ({ lia, expectations }) => judge(c, body, lia, expectations));
}

/**
 * A run that dispatches a file at a time (lib/workerShare.ts) took this file's hundred-odd cases as
 * one job, dispatched last, which ran alone at the run's end: there they go a kind at a time, on
 * whichever worker is free. Elsewhere each case is a job already, and a shard takes any of them.
 */
const BY_KIND = dispatchedByFile();
const oneKind = () => {
  if (BY_KIND) test.describe.configure({ mode: 'default' });
};

test.describe('generated requests that break the document', TIMED, () => {
  if (BY_KIND) test.describe.configure({ mode: 'parallel' });
  test.describe('the request', () => {
    oneKind();
    for (const c of edgeCasesOf(DOC, 'IncomingRequest', request)) caseTest(c, c.body);
  });

  for (const name of EVENT_SCHEMAS) {
    test.describe(`${example(name).type} event`, () => {
      oneKind();
      for (const c of edgeCasesOf(DOC, name, example(name))) {
        // A valid intent or raw event generated here names what no target declares (a 1024-character
        // intent, say): refusing it proves nothing.
        if (c.expect === 'accept' && NAMED_BY_PROJECT.has(name)) continue;
        caseTest({ ...c, title: `event.${c.title}` }, { ...request, event: c.body });
      }
    });
  }

  test.describe('raw event intent proba', () => {
    oneKind();
    // The proba of an intent the target declares, inside a raw event (п. 1.1.2): an undefined
    // intent may be refused whatever its proba.
    for (const generated of edgeCasesOf(DOC, 'Proba', example<number>('Proba'))) {
      const c = { ...generated, title: generated.title.replace('(body)', 'event.params.intents.<declared intent>.proba') };
      test(caseTitle(c), caseTags(c), async ({ lia, expectations, intent }) => {
        const event = { type: 'raw', params: { intents: { [intent]: { proba: c.body } } } };
        await judge(c, { ...request, event }, lia, expectations);
      });
    }
  });

  test('a body that is not JSON is refused', { tag: ['@input.malformed-json', REFUSAL_TAG] }, async ({ lia, expectations }) => {
    const json = JSON.stringify(request);
    const bodies: Record<string, string> = {
      'cut short': json.slice(0, -1),
      'followed by text': `${json} and more`,
      'with single quotes': json.replaceAll('"', "'"),
      empty: '',
      'form-encoded': new URLSearchParams({ user_id: request.user_id, text: 'hello' }).toString(),
    };
    for (const [what, body] of Object.entries(bodies)) await expectations.refused('input.malformed-json', `a body ${what}`, () => lia.sendText(body));
  });
});
