// The token, where the document puts it, is required (requires-token): a valid request without
// it (unless it is a path segment), and with a token that is not the section's, is refused with a
// 4xx — where the same request with the section's token was not refused for the credential: sent
// first, it shows the refusals are the token's. The level and the quote come from seed 004's
// catalogue when the section names its entry, else from the document.
import { fullBase } from '../../lib/openapi/requests.ts';
import { CHECKS, keyOf } from '../../lib/openapi/requirements.ts';
import { NotJudged } from '../../lib/verdict.ts';
import { CREDENTIAL_HINT, eachOperation, judgeRefusals, refusedCredential, sendControlled, tagsOf, test, tokenOf } from './derived.ts';

/** Not the section's token, nor its placeholder. */
const OTHER_TOKEN = 'harness-not-the-token-0c8d1e';

eachOperation((api, op, checks) => {
  if (api.notRun(op) || !checks.includes(CHECKS.token)) return;
  test(
    `${op.key} (${op.method} ${op.path}): the token is required`,
    { tag: tagsOf(op, [CHECKS.token]) },
    async ({ http, section, check, eachCase, objects }) => {
      const base = fullBase(api.doc, op)!;
      await check(keyOf(op, CHECKS.token), async () => {
        // A token in the path cannot be left out: an empty segment (`/chatapi//events`) tests the server's routing, not its token.
        const control = { title: "the request with the section's token", instance: base, token: tokenOf(section) };
        const cases = [
          ...(op.credential?.placement.in === 'path' ? [] : [{ title: 'without the token', instance: base, token: 'omitted' as const }]),
          { title: 'with another token', instance: base, token: { value: OTHER_TOKEN } },
        ];
        const sent = await sendControlled(eachCase, { http, objects }, api, op, control, cases, true, tokenOf(section));
        if ('unjudged' in sent) throw new NotJudged(sent.unjudged);
        if (refusedCredential(sent.control)) throw new NotJudged(`${control.title} was refused ${sent.control.reply.status}: ${CREDENTIAL_HINT}`);
        judgeRefusals(sent.control, await sent.sendCases(), "requests without the section's token were not refused");
      });
    },
  );
});
