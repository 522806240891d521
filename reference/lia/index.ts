// The Lia reference as its adapter starts it: one in-memory server.
import type { ReferenceModule, Variant } from '../../lib/adapter.ts';
import { SHARED_VARIANTS } from '../variants.ts';
import { LIA_FAULTS } from './faults.ts';
import { startLiaReference } from './server.ts';

const LIA_VARIANTS: Variant[] = [
  { name: 'lia-undefined-intents-refused', silence: 'Intents «должны быть определены заранее», but nothing says what an event naming another gets: an intent or raw event naming an intent the project does not define is refused with 400 rather than answered with the fallback.' },
  { name: 'lia-json-no-charset', family: 'lia-content-type', silence: '«в формате JSON» names no media type parameters: answers are labelled application/json with no charset (JSON is UTF-8), where the document\'s example has `application/json; charset=utf-8`.' },
  { name: 'lia-json-vendor-type', family: 'lia-content-type', silence: '«в формате JSON» names no media type: answers are labelled with a JSON vendor type, application/vnd.lia.events+json.' },
  { name: 'lia-other-methods-404', silence: 'The document names POST only, not what another method gets: a router that knows only POST answers 404 (no route) rather than 405.' },
];

export const reference: ReferenceModule = {
  faults: LIA_FAULTS,
  variants: [...SHARED_VARIANTS, ...LIA_VARIANTS],
  async start({ faults, variants, secret }) {
    const lia = await startLiaReference({ key: secret('lia', 'key'), faults, variants });
    return { sections: { lia: lia.section }, close: lia.close };
  },
};
