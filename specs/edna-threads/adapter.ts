// The edna Threads bot-answer API adapter (seed 001): one method, POST /api/v1/chatbot.
import { fileURLToPath } from 'node:url';
import type { ApiAdapter } from '../../lib/adapter.ts';
import { readJsonFile } from '../../lib/jsonFile.ts';
import { operation } from '../../lib/schemas.ts';
import { ednaThreadsRequirements } from './requirements.ts';
import type { EdnaThreadsTarget } from './target.ts';

const DOC = 'edna-threads';
const here = (path: string) => new URL(path, import.meta.url);

export const ednaThreadsAdapter: ApiAdapter<EdnaThreadsTarget> = {
  name: 'edna-threads',
  profiles: [{ name: 'edna-threads', catalog: ednaThreadsRequirements }],
  specDir: fileURLToPath(here('.')),
  documents: { [DOC]: here('../../schemas/edna-threads.openapi.json') },
  section: {
    schema: readJsonFile(here('../../schemas/edna-threads.target.json')),
    secrets: ['token'],
    // Valid by its schema, the section lacks at most its fixtures.
    resolve: (_profile, raw) => {
      const section = raw as EdnaThreadsTarget;
      return { ...section, fixtures: { ...section.fixtures } };
    },
  },
  // An empty answer: a 4xx for the body once the credential is accepted. The documented
  // "Bearer <token>" first; a target that takes only the bare token still proves the token right.
  preflight(_profile, section) {
    const { baseUrl, token, tenant } = section;
    const { method, path } = operation(DOC, 'sendBotAnswer');
    const headers = { 'content-type': 'application/json', ...(tenant === undefined ? {} : { 'x-tenant-name': tenant }) };
    return [
      ['Bearer ', 'Bearer {token}'],
      ['', '{token}'],
    ].map(([prefix, shown]) => ({
      what: `${method} ${path} with Authorization: ${shown}`,
      method: 'POST',
      url: `${baseUrl}${path}`,
      headers: { ...headers, authorization: `${prefix}${token}` },
      body: '{}',
      credential: 'the token and the tenant',
    }));
  },
  reference: here('../../reference/edna-threads/index.ts'),
};
