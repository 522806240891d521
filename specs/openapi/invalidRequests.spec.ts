// Requests with one keyword of one parameter or body field broken (a bound, a length, an enum, a
// required parameter or field, a type as the server reads it): refused with a 4xx
// (refuses-invalid, SHOULD); a refusal the operation documents with a schema matches it
// (response-schema).
import { invalidRequests, answerProblems, toRequestSpec } from '../../lib/openapi/requests.ts';
import { CHECKS, keyOf } from '../../lib/openapi/requirements.ts';
import { eachOperation, judgeEach, tagsOf, test, tokenOf, unlessRefused, type Answered } from './derived.ts';

eachOperation((api, op, checks) => {
  if (api.notRun(op) || !checks.includes(CHECKS.invalid)) return;
  const judged = checks.filter((c) => c === CHECKS.invalid || c === CHECKS.schema);
  test(`${op.key} (${op.method} ${op.path}): invalid requests are refused`, { tag: tagsOf(op, judged) }, async ({ http, section, journal, softCheck, skipCheck }) => {
    const requests = invalidRequests(api.doc, op);
    if (requests.length === 0) await skipCheck(keyOf(op, CHECKS.invalid), 'no valid request to break was drawn with this seed');
    const answers: Answered[] = [];
    await softCheck(keyOf(op, CHECKS.invalid), async () => {
      for (const { title, instance } of requests) {
        const reply = await http.send(toRequestSpec(op, instance, tokenOf(section)));
        answers.push({ title, reply, exchange: journal.at(-1)! });
      }
      judgeEach(journal, answers, unlessRefused, 'invalid requests were not refused with a 4xx');
    });
    if (judged.includes(CHECKS.schema)) {
      await softCheck(keyOf(op, CHECKS.schema), async () => {
        judgeEach(journal, answers, (a) => answerProblems(api.doc, op, a.reply).join('; ') || undefined, 'refusals did not match the schema documented for their status');
      });
    }
  });
});
