// The Lia reference as its adapter starts it: one in-memory server.
import type { ReferenceModule } from '../../lib/adapter.ts';
import { SHARED_VARIANTS } from '../variants.ts';
import { LIA_FAULTS } from './faults.ts';
import { startLiaReference } from './server.ts';

export const reference: ReferenceModule = {
  faults: LIA_FAULTS,
  variants: SHARED_VARIANTS,
  async start({ faults, variants, secret }) {
    const lia = await startLiaReference({ key: secret('lia', 'key'), faults, variants });
    return { sections: { lia: lia.section }, close: lia.close };
  },
};
