// The toy's adapter: everything the core needs of it, in its own folder.
import { fileURLToPath } from 'node:url';
import type { ApiAdapter } from '../../lib/adapter.ts';
import { operation } from '../../lib/schemas.ts';
import { toyRequirements } from './requirements.ts';

const here = (path: string) => new URL(path, import.meta.url);

export const toyAdapter: ApiAdapter = {
  name: 'toy-echo',
  profiles: [{ name: 'toy-echo', catalog: toyRequirements }],
  specDir: fileURLToPath(here('./specs/')),
  documents: { 'toy-echo': here('./echo.openapi.json') },
  section: {
    schema: {
      $id: 'https://conformance.local/schemas/toy-echo.target.json',
      type: 'object',
      required: ['baseUrl', 'key'],
      properties: { baseUrl: { $ref: 'target.schema.json#/$defs/baseUrl' }, key: { $ref: 'target.schema.json#/$defs/secret' } },
    },
    secrets: ['key'],
    resolve: (_profile, raw) => raw,
  },
  preflight(_profile, section) {
    const { method, path } = operation('toy-echo', 'echo');
    const url = `${section.baseUrl}${path}?key=${encodeURIComponent(String(section.key))}`;
    return [
      {
        what: `${method} ${path}?key={key}`,
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json' },
        body: '{"text":"hi"}',
        credential: 'the key',
      },
    ];
  },
  reference: here('./reference/echo.ts'),
};
