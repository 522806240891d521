// The toy's reference, with its one fault.
import type { ReferenceModule } from '../../../lib/adapter.ts';
import { readJson, sendJson, serve } from '../../../reference/http.ts';

export const reference: ReferenceModule = {
  faults: [{ name: 'toy-echo-trimmed', violates: 'echo.returns-text', description: 'the echoed text is trimmed of surrounding spaces' }],
  variants: [],
  async start({ faults, variants, secret }) {
    const key = secret('toy-echo', 'key');
    const server = await serve(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://toy');
      if (url.searchParams.get('key') !== key) return sendJson(res, 401, { error: 'key' });
      const body = await readJson(req);
      const text = body.ok ? (body.value as { text?: unknown }).text : undefined;
      if (typeof text !== 'string') return sendJson(res, 400, { error: 'text' });
      sendJson(res, 200, { text: faults.has('toy-echo-trimmed') ? text.trim() : text });
    }, variants);
    return { sections: { 'toy-echo': { baseUrl: server.url, key } }, close: server.close };
  },
};
