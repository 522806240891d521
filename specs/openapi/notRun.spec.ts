// Operations that may change data (not GET or HEAD) run only when the section lists them in
// openapi.unsafe: a vendor must not lose a staging project to a conformance run. The others'
// requirements are reported skipped, with the reason.
import { eachOperation, tagsOf, test } from './derived.ts';

eachOperation((api, op, checks) => {
  const reason = api.notRun(op);
  if (!reason) return;
  test(`${op.key} (${op.method} ${op.path}): not run, it may change data`, { tag: tagsOf(op, checks) }, async ({ section }) => {
    // The section fixture first: without a section the API is untested, not skipped.
    void section;
    test.skip(true, reason);
  });
});
