// The embedded reference: starts every API's reference server and describes them as a target, so
// that the suite runs with no server of the user's own.
import { randomUUID } from 'node:crypto';
import type { Target } from '../lib/target.ts';
import { CHAT_API_DEFAULTS, SECRET_FIELDS } from '../lib/target.ts';
import { BOT_SCRIPT } from './chatApi/bot.ts';
import { CHAT_API_FAULTS } from './chatApi/faults.ts';
import { startChatApiReference, type ChatApiTimings } from './chatApi/server.ts';
import { EDNA_THREADS_FAULTS } from './ednaThreads/faults.ts';
import { startEdnaThreadsReference } from './ednaThreads/server.ts';
import { parseFaults, type FaultCatalog } from './faults.ts';
import { parseVariants } from './variants.ts';
import { LIA_FAULTS } from './lia/faults.ts';
import { startLiaReference } from './lia/server.ts';

export const FAULTS: FaultCatalog = {
  'jaicp-chat': CHAT_API_FAULTS,
  'aimylogic-chat': CHAT_API_FAULTS,
  'edna-threads': EDNA_THREADS_FAULTS,
  lia: LIA_FAULTS,
};

/** Fast timings: the same behaviour as production, scaled down so the suite runs in seconds. */
export const REFERENCE_CHAT_TIMINGS: ChatApiTimings = {
  longPollBlockMs: 700,
  webhookRetryDelayMs: 50,
  asyncAnswerTimeoutMs: 400,
  slowAnswerMs: 2500,
};

/** What the reference declares about itself in its target description (the harness's expectations). */
const DECLARED_CHAT_TIMING = {
  longPollMinBlockMs: 500,
  longPollMaxMs: 5000,
  webhookRetryWindowMs: 1500,
  asyncAnswerTimeoutMs: REFERENCE_CHAT_TIMINGS.asyncAnswerTimeoutMs,
  clockToleranceMs: 20,
};

export interface ReferenceOptions {
  faults?: string;
  /** Conforming variants to switch on (names from reference/variants.ts); default REFERENCE_VARIANTS. */
  variants?: string;
  /** host:port of the webhook sink the reference delivers to. */
  webhookListen?: string;
  env?: NodeJS.ProcessEnv;
}

export interface RunningReference {
  target: Target;
  close(): Promise<void>;
}

export async function startReference(options: ReferenceOptions = {}): Promise<RunningReference> {
  const env = options.env ?? process.env;
  const faults = parseFaults(options.faults ?? env.REFERENCE_FAULTS, FAULTS);
  const variants = parseVariants(options.variants ?? env.REFERENCE_VARIANTS);
  // A planted secret (the env override) becomes the reference's own credential.
  const secret = (api: keyof typeof SECRET_FIELDS) => env[SECRET_FIELDS[api].env] || `ref-${api}-${randomUUID()}`;
  const closers: (() => Promise<void>)[] = [];
  const target: Target = { name: 'embedded-reference', apis: {}, expectedFailures: [] };
  try {
    for (const api of ['jaicp-chat', 'aimylogic-chat'] as const) {
      const token = secret(api);
      const webhookUrl = options.webhookListen ? `http://${options.webhookListen}/${api}` : undefined;
      const server = await startChatApiReference({ token, webhookUrl, timings: REFERENCE_CHAT_TIMINGS, faults, variants });
      closers.push(server.close);
      target.apis[api] = {
        baseUrl: server.url,
        token,
        ...(options.webhookListen ? { webhook: { listen: options.webhookListen } } : {}),
        paths: { ...CHAT_API_DEFAULTS.paths },
        events: { ...CHAT_API_DEFAULTS.events },
        timing: { ...DECLARED_CHAT_TIMING },
        bot: { ...BOT_SCRIPT },
      };
    }
    const edna = await startEdnaThreadsReference({ token: secret('edna-threads'), faults, variants, answerIdMode: variants.has('edna-soft-mode') ? 'soft' : 'strict' });
    closers.push(edna.close);
    target.apis['edna-threads'] = edna.section;
    const lia = await startLiaReference({ key: secret('lia'), faults, variants });
    closers.push(lia.close);
    target.apis.lia = lia.section;
  } catch (err) {
    await Promise.all(closers.map((c) => c()));
    throw err;
  }
  return { target, close: async () => void (await Promise.all(closers.map((c) => c()))) };
}
