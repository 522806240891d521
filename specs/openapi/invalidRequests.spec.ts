// Requests with one keyword of one parameter or body field broken (a bound, a length, an enum, a
// required parameter or field, a type as the server reads it): refused with a 4xx
// (refuses-invalid, SHOULD); a refusal the operation documents with a schema matches it
// (response-schema). The valid request they break goes first, as their control: a refusal judges
// the broken value only where it says what the control's answer does not.
import { fullBase, invalidRequests } from '../../lib/openapi/requests.ts';
import { CHECKS, keyOf } from '../../lib/openapi/requirements.ts';
import { NotJudged } from '../../lib/verdict.ts';
import {
  eachOperation,
  judgeRefusals,
  judgeSchemas,
  refusedAll,
  refusedCredential,
  sendControlled,
  statusesOf,
  tagsOf,
  test,
  tokenOf,
  type Answered,
} from './derived.ts';

eachOperation((api, op, checks) => {
  if (api.notRun(op) || !checks.includes(CHECKS.invalid)) return;
  const judged = checks.filter((c) => c === CHECKS.invalid || c === CHECKS.schema);
  test(
    `${op.key} (${op.method} ${op.path}): invalid requests are refused`,
    { tag: tagsOf(op, judged) },
    async ({ http, section, softCheck, skipCheck, eachCase, objects }) => {
      const base = fullBase(api.doc, op);
      const drawn = invalidRequests(api.doc, op);
      if (!base || drawn.length === 0) await skipCheck(keyOf(op, CHECKS.invalid), 'no valid request to break was drawn with this seed');
      let answers: Answered[] = [];
      /** Why no invalid request was answered, when none was. */
      let unanswered = `${keyOf(op, CHECKS.invalid)} ended before an invalid request was answered`;
      await softCheck(keyOf(op, CHECKS.invalid), async () => {
        const sent = await sendControlled(
          eachCase,
          { http, objects },
          api,
          op,
          { title: 'the valid request they break', instance: base! },
          drawn,
          false,
          tokenOf(section),
        );
        if ('unjudged' in sent) throw new NotJudged((unanswered = sent.unjudged));
        answers = await sent.sendCases();
        judgeRefusals(sent.control, answers, 'invalid requests were not refused with a 4xx');
      });
      if (judged.includes(CHECKS.schema)) {
        await softCheck(keyOf(op, CHECKS.schema), async () => {
          const none =
            answers.length === 0
              ? unanswered
              : answers.every(refusedCredential)
                ? refusedAll(answers)
                : `no refusal had a status the operation documents with a JSON schema (answered ${statusesOf(answers)})`;
          judgeSchemas(api, op, answers, 'refusals did not match the schema documented for their status', none);
        });
      }
    },
  );
});
