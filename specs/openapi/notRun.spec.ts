// Operations that may change data (not a GET or HEAD, or words such as add, send, delete in its
// operationId, summary or description) run only when the section lists them in openapi.unsafe, and
// the ones openapi.skip lists never: a vendor must not lose a staging project, nor message real
// people, to a conformance run. Their requirements are reported skipped, with the reason.
import { eachOperation, tagsOf, test } from './derived.ts';

eachOperation((api, op, checks) => {
  const reason = api.notRun(op);
  if (!reason) return;
  test(`${op.key} (${op.method} ${op.path}): not run`, { tag: tagsOf(op, checks) }, async ({ section }) => {
    // The section fixture first: without a section the API is untested, not skipped.
    void section;
    test.skip(true, reason);
  });
});
