// The token, where the document puts it, is required (requires-token): a valid request without
// it (unless it is a path segment), and with a token that is not the section's, is refused with a 4xx. The level and the quote
// come from seed 004's catalogue when the section names its entry, else from the document.
import { fullBase, toRequestSpec, type TokenUse } from '../../lib/openapi/requests.ts';
import { CHECKS, keyOf } from '../../lib/openapi/requirements.ts';
import { eachOperation, judgeEach, tagsOf, test, unlessRefused, type Answered } from './derived.ts';

/** Not the section's token, nor its placeholder. */
const OTHER_TOKEN = 'harness-not-the-token-0c8d1e';

eachOperation((api, op, checks) => {
  if (api.notRun(op) || !checks.includes(CHECKS.token)) return;
  test(`${op.key} (${op.method} ${op.path}): the token is required`, { tag: tagsOf(op, [CHECKS.token]) }, async ({ http, section, journal, check }) => {
    void section;
    const base = fullBase(api.doc, op)!;
    await check(keyOf(op, CHECKS.token), async () => {
      const answers: Answered[] = [];
      // A token in the path cannot be left out: an empty segment (`/chatapi//events`) tests the server's routing, not its token.
      const cases: [string, TokenUse][] = [['without the token', 'omitted'], ['with another token', { value: OTHER_TOKEN }]];
      for (const [title, token] of op.credential?.placement.in === 'path' ? cases.slice(1) : cases) {
        const reply = await http.send(toRequestSpec(op, base, token));
        answers.push({ title, reply, exchange: journal.at(-1)! });
      }
      judgeEach(journal, answers, unlessRefused, 'requests without the section\'s token were not refused');
    });
  });
});
