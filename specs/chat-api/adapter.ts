// The JAICP / Aimylogic Chat API adapter: two profiles of one API, each following its own document
// (seed 000 in Russian, seed 002 in English), one spec folder for both.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { ApiAdapter } from '../../lib/adapter.ts';
import { isObject } from '../../lib/isObject.ts';
import { readJsonFile } from '../../lib/jsonFile.ts';
import { operation, schemaErrors } from '../../lib/schemas.ts';
import { REFERENCE_CHAT_TIMINGS } from './referenceTimings.ts';
import { aimylogicChatRequirements, jaicpChatRequirements } from './requirements.ts';
import { answerTimestamp } from './answerTime.ts';
import { fillPath, operationTemplate } from './chatPaths.ts';
import { resolveChatSection, type ChatApiTarget } from './target.ts';
import { CHAT_WAITING_REQUIREMENTS, chatApiWaitChains, SLOW_REQUEST } from './waits.ts';

const DOC = 'chat-api';
const here = (path: string) => new URL(path, import.meta.url);
const catalogs = { 'jaicp-chat': jaicpChatRequirements, 'aimylogic-chat': aimylogicChatRequirements };

/** POST /chatapi/{token} with the section's token: the request every profile answers. */
const syncPath = (section: ChatApiTarget) => fillPath(operationTemplate(section, 'sendSync').template, section.token);

export const chatApiAdapter: ApiAdapter<ChatApiTarget> = {
  name: 'chat-api',
  profiles: Object.entries(catalogs).map(([name, catalog]) => ({ name, catalog })),
  specDir: fileURLToPath(here('.')),
  documents: { [DOC]: here('../../schemas/chat-api.openapi.json') },
  section: {
    schema: readJsonFile(here('../../schemas/chat-api.target.json')),
    secrets: ['token'],
    resolve: resolveChatSection,
    webhookListens: (section) => (section.webhook ? [section.webhook.listen] : []),
  },
  // A delivery carries one answer or an array of them, each naming its client: a test waits on its own clientId.
  deliveryKeys(json) {
    const items = Array.isArray(json) ? json : [json];
    const ids = items.map((item) => (isObject(item) ? item.clientId : undefined)).filter((id) => typeof id === 'string' || typeof id === 'number');
    return ids.map(String);
  },
  // A plain text query: always 2xx from a correct server with the right token; its answer's timestamp is the application's time.
  preflight(_profile, section) {
    const body = JSON.stringify({ clientId: `harness-preflight-${randomUUID()}`, query: 'hello' });
    const { method, path } = operation(DOC, 'sendSync');
    return [
      {
        what: `${method} ${path}`,
        method: 'POST',
        url: `${section.baseUrl}${syncPath(section)}`,
        headers: { 'content-type': 'application/json' },
        body,
        credential: 'the token',
        stampOf: answerTimestamp,
      },
    ];
  },
  reference: here('../../reference/chat-api/index.ts'),
  mandatedWaits: (profile, section) =>
    chatApiWaitChains({
      api: profile,
      section,
      states: (key) => catalogs[profile as keyof typeof catalogs].has(key),
      targetPollBlockMs: REFERENCE_CHAT_TIMINGS.longPollBlockMs,
    }),
  waitingRequirements: CHAT_WAITING_REQUIREMENTS,
  // 251 requests for the 250 limit, 390 generated queries: together 70 % of the profile's requests.
  bulkRequirements: ['events.max-250', 'sync.text-query'],
  headStarts: [SLOW_REQUEST],
  benchmark: {
    profile: 'jaicp-chat',
    // Generated text queries, each from a client of its own, as the generated sync test sends them.
    // lib/cases.ts loads faker and fast-check (0.1 CPU-s): the CLI and the runner register this adapter and generate nothing.
    requests: async (section, count, seed) =>
      ((await import('../../lib/cases.ts')).sampleValid(DOC, 'TextRequest', count, seed) as { query: string }[]).map((b, i) => ({
        method: 'POST',
        path: syncPath(section),
        json: { ...b, clientId: `bench-${seed}-${i}` },
      })),
    check(reply) {
      const errors = reply.status >= 300 ? [`status ${reply.status}`] : schemaErrors(DOC, 'SyncResponse', reply.json);
      if (errors.length) throw new Error(errors.join('; '));
    },
  },
};
