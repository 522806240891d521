// The Lia API adapter (seed 003): one method, POST /api/v1/handling/event?key=API_KEY.
import { fileURLToPath } from 'node:url';
import type { ApiAdapter } from '../../lib/adapter.ts';
import { readJsonFile } from '../../lib/jsonFile.ts';
import { operation } from '../../lib/schemas.ts';
import { liaRequirements } from './requirements.ts';
import type { LiaTarget } from './target.ts';

const DOC = 'lia';
const here = (path: string) => new URL(path, import.meta.url);

export const liaAdapter: ApiAdapter<LiaTarget> = {
  name: 'lia',
  profiles: [{ name: 'lia', catalog: liaRequirements }],
  specDir: fileURLToPath(here('.')),
  documents: { [DOC]: here('../../schemas/lia.openapi.json') },
  section: {
    schema: readJsonFile(here('../../schemas/lia.target.json')),
    secrets: ['key'],
    // Valid by its schema, the section is the target as it is: Lia has no defaults.
    resolve: (_profile, raw) => raw as LiaTarget,
  },
  // An empty object: a 4xx for the body once the key is accepted.
  preflight(_profile, section) {
    const { baseUrl, key } = section;
    const { method, path } = operation(DOC, 'handleEvent');
    return [
      {
        what: `${method} ${path}?key={key}`,
        method: 'POST',
        url: `${baseUrl}${path}?key=${encodeURIComponent(key)}`,
        headers: { 'content-type': 'application/json' },
        body: '{}',
        credential: 'the key',
      },
    ];
  },
  reference: here('../../reference/lia/index.ts'),
};
