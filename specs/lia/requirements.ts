// Requirements of the Lia API (seed 003). Filled in by the Lia work (issue 4).
import { defineCatalog } from '../../lib/requirements.ts';

export const liaRequirements = defineCatalog('lia', {});
