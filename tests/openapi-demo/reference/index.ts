// The demo stock API's reference as its adapter starts it. Of the shared conforming variants it
// takes those the document leaves room for: other 4xx codes, extra and reordered fields, and a
// real deployment's latency, rate limit and clock. Not the text or empty error bodies: the
// document gives its refusals a JSON body ({message}). Its own: the latitude of an item's lifecycle.
import type { ReferenceModule, Variant } from '../../../lib/adapter.ts';
import { SHARED_VARIANTS } from '../../../reference/variants.ts';
import { DEMO_FAULTS } from './faults.ts';
import { startDemoReference } from './server.ts';

const TAKEN = ['error-status-alt', 'extra-fields', 'reordered-fields', 'slow-answers', 'rate-limited', 'clock-ahead', 'clock-behind'];

/** Where the document leaves a lifecycle room: what a delete, an update, a list and a read of a deleted item may answer. */
const DEMO_VARIANTS: Variant[] = [
  { name: 'demo-delete-204', silence: 'deleteItem documents 200 (the item as it was) and 204: the delete answers 204 with no body.' },
  { name: 'demo-gone-410', silence: 'The document says nothing of reading a deleted item: it answers 410 Gone, not 404.' },
  {
    name: 'demo-soft-delete',
    silence: 'The document does not say a delete is final: deleted items are archived, read 404, and deleting one again answers 204.',
  },
  { name: 'demo-list-pages-of-5', silence: 'limit is «at most this many items on a page»: every page holds at most 5, whatever the limit.' },
  {
    name: 'demo-list-busy',
    silence:
      "The stock is not the harness's alone: other clients' items come first, and between two requests for pages of the list other clients remove some of theirs, so that the item created last moves onto the page before (pages of at most 5).",
  },
  { name: 'demo-update-204', silence: 'updateItem documents 200 (the item as changed) and 204: the update answers 204 with no body.' },
];

export const reference: ReferenceModule = {
  faults: DEMO_FAULTS,
  variants: [...SHARED_VARIANTS.filter((v) => TAKEN.includes(v.name)), ...DEMO_VARIANTS],
  async start({ faults, variants, secret }) {
    const token = secret('openapi-demo', 'token');
    const demo = await startDemoReference({ token, faults, variants });
    return { sections: { 'openapi-demo': { baseUrl: demo.url, token } }, close: demo.close };
  },
};
