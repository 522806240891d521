// The token, where the document puts it, is required (requires-token): a valid request without
// it (unless it is a path segment), and with a token that is not the section's, is refused with a
// 4xx — where the same request with the section's token was not refused for the credential: sent
// first, it shows the refusals are the token's. The level and the quote come from seed 004's
// catalogue when the section names its entry, else from the document.
import { fullBase, type TokenUse } from '../../lib/openapi/requests.ts';
import { CHECKS, keyOf } from '../../lib/openapi/requirements.ts';
import { NotJudged } from '../../lib/verdict.ts';
import type { RequestInstance } from '../../lib/openapi/operations.ts';
import { aboutOwnObjects } from './objects.ts';
import { creator, CREDENTIAL_HINT, eachOperation, judgeRefusals, refusedCredential, sendDrawn, sendEach, tagsOf, test, tokenOf } from './derived.ts';

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
        const all: { title: string; token: TokenUse | undefined; instance: RequestInstance }[] = [
          { title: "the request with the section's token", token: tokenOf(section), instance: base },
          ...(op.credential?.placement.in === 'path' ? [] : [{ title: 'without the token', token: 'omitted' as const, instance: base }]),
          { title: 'with another token', token: { value: OTHER_TOKEN }, instance: base },
        ];
        const [first, ...cases] = await aboutOwnObjects(api, op, all, base, true, creator({ http, objects }, api, tokenOf(section)));
        if (first?.title !== all[0].title) throw new NotJudged('no object was created for the requests to ask about');
        const control = await sendDrawn({ http, objects }, op, first.title, first.instance, first.token);
        if (refusedCredential(control)) throw new NotJudged(`${control.title} was refused ${control.reply.status}: ${CREDENTIAL_HINT}`);
        judgeRefusals(
          control,
          await sendEach(eachCase, { http, objects }, op, cases, tokenOf(section)),
          "requests without the section's token were not refused",
        );
      });
    },
  );
});
