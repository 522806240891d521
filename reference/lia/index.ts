// The Lia reference as its adapter starts it: one in-memory server.
import type { ReferenceModule, Variant } from '../../lib/adapter.ts';
import { SHARED_VARIANTS } from '../variants.ts';
import { LIA_FAULTS } from './faults.ts';
import { startLiaReference } from './server.ts';

const LIA_VARIANTS: Variant[] = [
  { name: 'lia-undefined-intents-refused', silence: 'Intents «должны быть определены заранее», but nothing says what an event naming another gets: an intent or raw event naming an intent the project does not define is refused with 400 rather than answered with the fallback.' },
];

export const reference: ReferenceModule = {
  faults: LIA_FAULTS,
  variants: [...SHARED_VARIANTS, ...LIA_VARIANTS],
  async start({ faults, variants, secret }) {
    const lia = await startLiaReference({ key: secret('lia', 'key'), faults, variants });
    return { sections: { lia: lia.section }, close: lia.close };
  },
};
