// The demo stock API's reference as its adapter starts it. Of the shared conforming variants it
// takes those the document leaves room for: other 4xx codes, extra and reordered fields, and a
// real deployment's latency, rate limit and clock. Not the text or empty error bodies: the
// document gives its refusals a JSON body ({message}).
import type { ReferenceModule } from '../../lib/adapter.ts';
import { SHARED_VARIANTS } from '../variants.ts';
import { DEMO_FAULTS } from './faults.ts';
import { startDemoReference } from './server.ts';

const TAKEN = ['error-status-alt', 'extra-fields', 'reordered-fields', 'slow-answers', 'rate-limited', 'clock-ahead', 'clock-behind'];

export const reference: ReferenceModule = {
  faults: DEMO_FAULTS,
  variants: SHARED_VARIANTS.filter((v) => TAKEN.includes(v.name)),
  async start({ faults, variants, secret }) {
    const token = secret('openapi-demo', 'token');
    const demo = await startDemoReference({ token, faults, variants });
    return { sections: { 'openapi-demo': { baseUrl: demo.url, token } }, close: demo.close };
  },
};
