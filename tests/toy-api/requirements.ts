// The toy's catalog: one requirement, from echo.md.
import { defineCatalog } from '../../lib/requirements.ts';

export const toyRequirements = defineCatalog('toy-echo', {
  'echo.returns-text': {
    level: 'MUST',
    kind: 'does',
    seed: 'tests/toy-api/echo.md',
    quote: 'the answer carries the text that was sent, unchanged.',
    checks: 'POST /api/echo with generated texts answers 2xx with the same text.',
  },
});
