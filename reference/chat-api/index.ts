// The Chat API reference as its adapter starts it: one in-memory server per profile (JAICP and
// Aimylogic describe the same API), with fast timings and a target section describing each.
import type { ReferenceModule, Section, Variant } from '../../lib/adapter.ts';
import { REFERENCE_CHAT_TIMINGS } from '../../specs/chat-api/referenceTimings.ts';
import { CHAT_API_DEFAULTS } from '../../specs/chat-api/target.ts';
import { SHARED_VARIANTS } from '../variants.ts';
import { BOT_SCRIPT } from './bot.ts';
import { CHAT_API_FAULTS } from './faults.ts';
import { startChatApiReference } from './server.ts';

const CHAT_VARIANTS: Variant[] = [
  { name: 'chat-numeric-ids', silence: 'questionId is "идентификатор сообщения" of no given form: ids are numeric strings.' },
  {
    name: 'chat-bare-values',
    silence: 'The bodies of the status, unread-count and history methods are not public: a bare count, a nested status, a bare array.',
  },
  {
    name: 'chat-long-poll-shorter',
    silence: "The long-poll block time is the target's to declare: the reference holds polls 1 s (declared minimum 0.5 s) instead of 3 s.",
  },
  { name: 'chat-retry-spacing', silence: 'Seed 000 gives the number of retries, not their spacing: 250 ms apart, still within the declared window.' },
  { name: 'chat-async-id-named', silence: '«только идентификатор сообщения» names no field: the async answer is {"messageId": ...}.' },
  {
    name: 'chat-coerces-scalars',
    silence:
      'No document gives field types: a number or a boolean sent for clientId, query, event or cid is read as its text (a public client sends a numeric clientId).',
  },
  {
    name: 'chat-status-extra',
    silence:
      "The document lists four statuses and says nothing of others a server keeps: a new bot message reads NOT_DELIVERED (a vendor's own status) until it is set.",
  },
  {
    name: 'chat-status-item-named',
    silence:
      '«поле statuses — массив JSON-объектов» names no item field: an item is {"messageId", "status"} ({"questionId", ...} is refused), and the target declares that shape (statusItem).',
  },
  {
    name: 'chat-sync-answer-lean',
    silence:
      "«подробную информацию о запросе» names no field: the sync answer names the request by its questionId (with the cid, the bot's answer and the timestamp), echoing neither the clientId nor the query.",
  },
  {
    name: 'chat-async-queued',
    silence:
      "«without waiting for the server to finish processing the previous ones» says nothing of order: a client's async requests are answered one after another, each once the one before is answered.",
  },
  {
    name: 'chat-app-clock-apart',
    silence:
      "No document says the Date header and the answers' timestamp come from one clock: a front proxy stamps Date, while the application (its timestamps, ts filtering, history) runs 2 s behind it on jaicp-chat's server and 2 s ahead of it on aimylogic-chat's.",
  },
  { name: 'chat-timeout-late-within', silence: 'The timeout event is due once the wait is exceeded: it comes 300 ms after the wait, not at once.' },
  {
    name: 'chat-agent-anonymous',
    silence: "The format of an agent's reply is not public: it carries no operator data (the reference names the agent otherwise).",
  },
  {
    name: 'chat-agent-webhook-object',
    silence:
      "The document shows its webhook delivery as one object under a sentence that says an array, and its example is the bot's answer: an agent's reply reaches the webhook as one object.",
  },
  {
    name: 'chat-history-id-named',
    silence:
      "The history's fields are not public («questionId … воспользуйтесь методом GET …/history» names the parameter, not the field): each message names its questionId `id`.",
  },
];

/** How far each profile's application runs ahead of the clock of its Date header under chat-app-clock-apart: one each way. */
export const APPLICATION_CLOCK_APART_MS: Record<string, number> = { 'jaicp-chat': -2000, 'aimylogic-chat': 2000 };

/** What the reference declares about itself in its target description (the harness's expectations). */
const DECLARED_CHAT_TIMING = {
  longPollMinBlockMs: 500,
  longPollMaxMs: 5000,
  // Its retries come 50 ms apart; the window keeps a busy runner (the bench saw 1.5 s at load 22) from failing it.
  webhookRetryWindowMs: 3000,
  asyncAnswerTimeoutMs: REFERENCE_CHAT_TIMINGS.asyncAnswerTimeoutMs,
  clockToleranceMs: 20,
};

export const reference: ReferenceModule = {
  faults: CHAT_API_FAULTS,
  variants: [...SHARED_VARIANTS, ...CHAT_VARIANTS],
  async start({ faults, variants, webhookListen, secret }) {
    const sections: Record<string, Section> = {};
    const closers: (() => Promise<void>)[] = [];
    try {
      for (const profile of ['jaicp-chat', 'aimylogic-chat']) {
        const token = secret(profile, 'token');
        const webhookUrl = webhookListen ? `http://${webhookListen}/${profile}` : undefined;
        const applicationClockMs = variants.has('chat-app-clock-apart') ? APPLICATION_CLOCK_APART_MS[profile] : 0;
        const server = await startChatApiReference({ token, webhookUrl, timings: REFERENCE_CHAT_TIMINGS, faults, variants, applicationClockMs });
        closers.push(server.close);
        sections[profile] = {
          baseUrl: server.url,
          token,
          ...(webhookListen ? { webhook: { listen: webhookListen } } : {}),
          paths: { ...CHAT_API_DEFAULTS.paths },
          events: { ...CHAT_API_DEFAULTS.events },
          timing: { ...DECLARED_CHAT_TIMING },
          bot: { ...BOT_SCRIPT },
          // The reference declares its bulk item's shape, as a vendor would: only a declared shape makes an update that changes nothing a failure.
          statusItem: variants.has('chat-status-item-named') ? { id: 'messageId', status: 'status' } : { ...CHAT_API_DEFAULTS.statusItem },
        };
      }
    } catch (err) {
      await Promise.all(closers.map((c) => c()));
      throw err;
    }
    return { sections, close: async () => void (await Promise.all(closers.map((c) => c()))) };
  },
};
