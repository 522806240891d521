// Requirements of the edna Threads bot-answer API (seed 001). Filled in by the edna work (issue 3).
import { defineCatalog } from '../../lib/requirements.ts';

export const ednaThreadsRequirements = defineCatalog('edna-threads', {});
