// Valid requests of every operation that runs (its examples, every parameter present, generated
// ones, each bound exactly): answered at all and never 5xx (no-server-error), with a status the
// operation documents (documented-status: a 4xx it does not list passes too), and with a body that
// validates against the schema documented for that status (response-schema).
import { caseCount } from '../../lib/cases.ts';
import { documentedResponse, answerProblems, toRequestSpec, validRequests } from '../../lib/openapi/requests.ts';
import { CHECKS, keyOf } from '../../lib/openapi/requirements.ts';
import { is4xx } from '../../lib/statusExpectations.ts';
import { eachOperation, judgeEach, tagsOf, test, tokenOf, type Answered } from './derived.ts';

const JUDGED = [CHECKS.status, CHECKS.serverError, CHECKS.schema] as const;

eachOperation((api, op, checks) => {
  const judged = checks.filter((c) => (JUDGED as readonly string[]).includes(c));
  if (api.notRun(op)) return;
  test(`${op.key} (${op.method} ${op.path}): valid requests are answered as documented`, { tag: tagsOf(op, judged) }, async ({ http, section, journal, softCheck }) => {
    const requests = validRequests(api.doc, op, caseCount(6));
    const answers: Answered[] = [];
    await softCheck(keyOf(op, CHECKS.serverError), async () => {
      for (const { title, instance } of requests) {
        const reply = await http.send(toRequestSpec(op, instance, tokenOf(section)));
        answers.push({ title, reply, exchange: journal.at(-1)! });
      }
      judgeEach(journal, answers, (a) => (a.reply.status >= 500 ? `answered ${a.reply.status}` : undefined), 'valid requests were answered with a server error');
    });
    if (judged.includes(CHECKS.status)) {
      const documented = op.responses.map((r) => r.code).join(', ');
      await softCheck(keyOf(op, CHECKS.status), async () => {
        const judgedHere = answers.filter((a) => a.reply.status < 500);
        judgeEach(journal, judgedHere, (a) => (documentedResponse(op, a.reply.status) || is4xx(a.reply.status) ? undefined : `answered ${a.reply.status}; the operation documents ${documented}`), 'valid requests got a status the operation does not document');
      });
    }
    if (judged.includes(CHECKS.schema)) {
      await softCheck(keyOf(op, CHECKS.schema), async () => {
        judgeEach(journal, answers, (a) => answerProblems(api.doc, op, a.reply).join('; ') || undefined, `answers did not match the schema documented for their status`);
      });
    }
  });
});
