// The reference implementation of the Lia API (seed 003), in memory: one method that checks the
// key, reads the incoming event as the document describes it and answers with the bot's events.
// Where the document is silent it makes one reasonable choice, which the suite must not depend
// on: 401 for a missing or wrong key, 405 for another method, 400 (413 when too large) with {error}
// for a bad request, undefined intents and entities answered with the fallback, and the document's
// own `application/json; charset=utf-8`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LiaTarget } from '../../specs/lia/target.ts';
import { readJson, sendJson, serve } from '../http.ts';
import { BOT_QUERIES, LiaBot, PROJECT_ENTITIES, PROJECT_INTENTS, undefinedName } from './bot.ts';
import { readRequest, Refusal, type IncomingRequest } from './incoming.ts';

export interface LiaOptions {
  key: string;
  faults: ReadonlySet<string>;
  variants?: ReadonlySet<string>;
}

const EVENT_PATH = '/api/v1/handling/event';
/** lia-slow-start: how long the first start event waits for the NLU model, past the document's 30 s. */
const MODEL_LOAD_MS = 31_000;

/** Waits, or stops waiting when the client goes away (so that closing the server is not held up). */
function pause(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    res.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** The label of a JSON answer: the document's unless a variant labels it otherwise. */
function jsonLabel(variants: ReadonlySet<string>): string | undefined {
  if (variants.has('lia-json-no-charset')) return 'application/json';
  if (variants.has('lia-json-vendor-type')) return 'application/vnd.lia.events+json; charset=utf-8';
  return undefined;
}

export async function startLiaReference(options: LiaOptions) {
  const { faults } = options;
  const variants = options.variants ?? new Set<string>();
  const bot = new LiaBot(faults, variants);
  // The fault: the answer is serialised by hand and sent as a string, which the framework labels HTML.
  const send = (res: ServerResponse, status: number, body: unknown) =>
    sendJson(res, status, body, { contentType: status < 300 && faults.has('lia-answers-text-html') ? 'text/html; charset=utf-8' : jsonLabel(variants) });
  let modelLoaded = !faults.has('lia-slow-start');

  const keyAccepted = (key: string | null) => (key ? key === options.key || faults.has('lia-key-not-checked') : faults.has('lia-key-optional'));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://reference.local');
    if (url.pathname !== EVENT_PATH) return send(res, 404, { error: 'not found' });
    // «с использованием POST-запросов»; a router that knows only POST may find no route at all (variant).
    if (req.method !== 'POST' && !faults.has('lia-any-method-accepted'))
      return send(res, variants.has('lia-other-methods-404') ? 404 : 405, { error: 'the method is POST' });
    if (!keyAccepted(url.searchParams.get('key'))) return send(res, 401, { error: 'a valid key is required' });
    const body = await readJson(req);
    if (!body.ok) {
      if (body.reason === 'too-large') return send(res, 413, { error: 'the body is too large' });
      if (faults.has('lia-malformed-json-500')) throw new SyntaxError('Unexpected token in JSON');
      if (faults.has('lia-malformed-json-ignored')) return send(res, 200, { user_id: '', events: [] });
      return send(res, 400, { error: 'the body is not JSON' });
    }
    let request: IncomingRequest;
    try {
      request = readRequest(body.value, faults);
    } catch (err) {
      if (err instanceof Refusal) return send(res, 400, { error: err.message });
      throw err;
    }
    // «должно быть определено заранее»: a project may refuse a name it does not define (variant) rather than fall back.
    const undefinedNamed = variants.has('lia-undefined-names-refused') ? undefinedName(request.event) : undefined;
    if (undefinedNamed !== undefined) return send(res, 400, { error: `${undefinedNamed} is not defined in the project` });
    if (request.event.type === 'start' && !modelLoaded) {
      modelLoaded = true;
      await pause(MODEL_LOAD_MS, res);
    }
    const userId = faults.has('lia-user-id-lowercased') ? request.userId.toLowerCase() : request.userId;
    send(res, 200, { user_id: userId, events: bot.answer(request) });
  }

  const server = await serve(handle, variants);
  const section: LiaTarget = { baseUrl: server.url, key: options.key, intents: PROJECT_INTENTS, entities: PROJECT_ENTITIES, bot: BOT_QUERIES };
  return { url: server.url, section, close: server.close };
}
