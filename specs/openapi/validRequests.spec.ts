// Valid requests of every operation that runs (its examples, every parameter present, generated
// ones, each bound exactly): answered at all and never 5xx (no-server-error), with a status the
// operation documents (documented-status: a 4xx it does not list passes too), and with a body that
// validates against the schema documented for that status (response-schema). An answer refusing
// the credential (401, 403) never reached the operation: when every answer is one, or none has a
// documented schema, the check judged nothing and says so.
import { caseCount } from '../../lib/cases.ts';
import { documentedResponse, fullBase, validRequests } from '../../lib/openapi/requests.ts';
import { CHECKS, keyOf } from '../../lib/openapi/requirements.ts';
import { expect } from '../../fixtures/conformance.ts';
import {
  aboutCreated,
  eachOperation,
  judgeAnswers,
  judgeSchemas,
  refusedAll,
  refusedCredential,
  sendEach,
  statusesOf,
  tagsOf,
  test,
  tokenOf,
  type Answered,
} from './derived.ts';

const JUDGED = [CHECKS.status, CHECKS.serverError, CHECKS.schema] as const;

eachOperation((api, op, checks) => {
  const judged = checks.filter((c) => (JUDGED as readonly string[]).includes(c));
  if (api.notRun(op)) return;
  test(
    `${op.key} (${op.method} ${op.path}): valid requests are answered as documented`,
    { tag: tagsOf(op, judged) },
    async ({ http, section, softCheck, eachCase, objects }) => {
      const drawn = validRequests(api.doc, op, caseCount(6));
      let answers: Answered[] = [];
      /** Why no valid request was answered, when none was. */
      let unanswered =
        drawn.length === 0 ? 'no valid request was drawn with this seed' : `${keyOf(op, CHECKS.serverError)} ended before a valid request was answered`;
      // The answers of the operation itself: a refusal of the credential says nothing of it.
      const reached = () => answers.filter((a) => !refusedCredential(a));
      /** Why a check of the operation's answers has none to judge, when it has none. */
      const unreached = () => (answers.length === 0 ? unanswered : reached().length === 0 ? refusedAll(answers) : undefined);
      await softCheck(keyOf(op, CHECKS.serverError), async () => {
        const { requests, unmade } = await aboutCreated({ http, objects }, api, op, drawn, fullBase(api.doc, op), true, tokenOf(section));
        if (requests.length === 0 && unmade) unanswered = `no object was created for the valid requests to ask about: ${unmade}`;
        answers = await sendEach(eachCase, { http, objects }, op, requests, tokenOf(section));
        judgeAnswers(reached(), (a) => expect(a.reply).not.toBeServerError(a.title), 'valid requests were answered with a server error', unreached() ?? '');
      });
      if (judged.includes(CHECKS.status)) {
        const documented = op.responses.map((r) => r.code).join(', ');
        await softCheck(keyOf(op, CHECKS.status), async () => {
          const statuses = reached().filter((a) => a.reply.status < 500);
          // A status the operation does not document passes only as a refusal: the documents are silent on codes.
          judgeAnswers(
            statuses,
            (a) => {
              if (!documentedResponse(op, a.reply.status))
                expect(a.reply).toBeRefused(`${a.title}: answered ${a.reply.status}; the operation documents ${documented}`);
            },
            'valid requests got a status the operation does not document',
            unreached() ?? `every answer was a server error (${statusesOf(reached())}), which no-server-error judges`,
          );
        });
      }
      if (judged.includes(CHECKS.schema)) {
        await softCheck(keyOf(op, CHECKS.schema), async () => {
          const none = unreached() ?? `no answer of the operation had a status it documents with a JSON schema (answered ${statusesOf(answers)})`;
          judgeSchemas(api, op, answers, 'answers did not match the schema documented for their status', none);
        });
      }
    },
  );
});
