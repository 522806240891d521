// The reference implementation of the demo stock API (schemas/openapi-demo.openapi.yml), in
// memory. Items 1 to 500000 are the catalogue (computed from the id), created items follow; addTag
// changes an item's tag. Where the document is silent it makes one reasonable choice the suite must
// not depend on: 401 for a missing or wrong token (the report's too, which the document does not
// declare), `{message}` bodies on every refusal.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isObject, readJson, sendJson, serve } from '../http.ts';

export interface DemoOptions {
  token: string;
  faults: ReadonlySet<string>;
  variants?: ReadonlySet<string>;
}

interface Item {
  id: number;
  name: string;
  price: number;
  tag: string | null;
}

const CATALOGUE_SIZE = 500_000;
const MAX_ID = 1_000_000;
const MAX_PRICE = 100_000;
const USD_PER_EUR = 1.1;

const catalogueItem = (id: number): Item => ({ id, name: `Item ${id}`, price: (id % 997) + 0.5, tag: id % 2 === 0 ? `shelf-${id % 13}` : null });

/** Why a new item is not valid, or undefined. */
function invalidItem(body: unknown, faults: ReadonlySet<string>): string | undefined {
  if (!isObject(body)) return 'the item is a JSON object';
  const { name, price, tag } = body;
  if (typeof name !== 'string' || name.length < 1 || (name.length > 40 && !faults.has('demo-create-long-name-truncated'))) return 'name is 1 to 40 characters';
  if (typeof price !== 'number' || !(price > 0) || price > MAX_PRICE) return `price is a number above 0, at most ${MAX_PRICE}`;
  if (tag !== undefined && tag !== null && (typeof tag !== 'string' || tag.length > 20)) return 'tag is at most 20 characters, or null';
  return undefined;
}

export async function startDemoReference(options: DemoOptions) {
  const { token, faults } = options;
  const created = new Map<number, Item>();
  /** Tags set by addTag on catalogue items. */
  const retagged = new Map<number, string | null>();
  let nextId = CATALOGUE_SIZE + 1;

  const refuse = (res: ServerResponse, status: number, message: string) => sendJson(res, status, { message });
  const itemOf = (id: number): Item | undefined => {
    const item = created.get(id) ?? (id <= CATALOGUE_SIZE ? catalogueItem(id) : undefined);
    return item && retagged.has(id) ? { ...item, tag: retagged.get(id)! } : item;
  };
  /** The item id of a path, or undefined (refused) when it is not one. */
  const itemIdOf = (res: ServerResponse, rawId: string): number | undefined => {
    const id = /^\d+$/.test(rawId) ? Number(rawId) : NaN;
    if (id >= 1 && id <= MAX_ID) return id;
    refuse(res, 400, `itemId is an integer from 1 to ${MAX_ID}`);
    return undefined;
  };

  function getItem(req: IncomingMessage, res: ServerResponse, rawId: string, url: URL): void {
    if (req.headers.authorization !== token && !faults.has('demo-get-token-unchecked')) return refuse(res, 401, 'a valid token is required');
    const id = itemIdOf(res, rawId);
    if (id === undefined) return;
    if (id === MAX_ID && faults.has('demo-get-max-id-500')) throw new RangeError(`shard index ${id} out of range`);
    const currency = url.searchParams.get('currency') ?? 'EUR';
    if (currency !== 'EUR' && currency !== 'USD' && !faults.has('demo-get-currency-unchecked')) return refuse(res, 400, 'currency is EUR or USD');
    const item = itemOf(id);
    if (!item) return refuse(res, 404, `no item ${id}`);
    const shown: Partial<Item> = { ...item, price: currency === 'USD' ? Math.round(item.price * USD_PER_EUR * 100) / 100 : item.price };
    if (shown.tag === null && faults.has('demo-get-null-tag-dropped')) delete shown.tag;
    sendJson(res, faults.has('demo-get-cached-203') ? 203 : 200, shown);
  }

  async function createItem(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const auth = req.headers.authorization;
    if (faults.has('demo-create-token-presence-only') ? !auth : auth !== token) {
      req.resume();
      return refuse(res, 401, 'a valid token is required');
    }
    const body = await readJson(req);
    if (!body.ok) return refuse(res, 400, `the body is ${body.reason === 'malformed' ? 'not JSON' : 'too large'}`);
    const problem = invalidItem(body.value, faults);
    if (problem) return refuse(res, 400, problem);
    const { name, price, tag } = body.value as { name: string; price: number; tag?: string | null };
    if (price === MAX_PRICE && faults.has('demo-create-max-price-500')) throw new RangeError('numeric field overflow');
    const item: Item = { id: nextId++, name: name.slice(0, 40), price, tag: tag ?? null };
    created.set(item.id, item);
    const { id: _id, ...asSent } = item;
    sendJson(res, faults.has('demo-create-200') ? 200 : 201, faults.has('demo-create-no-id') ? asSent : item);
  }

  /** A GET that changes data, as vendors' documents have them: the tag replaces the item's own. */
  function addTag(req: IncomingMessage, res: ServerResponse, rawId: string, url: URL): void {
    if (req.headers.authorization !== token && !faults.has('demo-addtag-token-unchecked')) return refuse(res, 401, 'a valid token is required');
    const id = itemIdOf(res, rawId);
    if (id === undefined) return;
    const tag = url.searchParams.get('tag');
    if (tag === null && !faults.has('demo-addtag-missing-clears')) return refuse(res, 400, 'tag is required');
    // The document does not allow an empty value (no allowEmptyValue).
    if (tag === '') return refuse(res, 400, 'tag is not empty');
    if (tag !== null && [...tag].length > 20) return refuse(res, 400, 'tag is at most 20 characters');
    if (tag !== null && [...tag].length === 20 && faults.has('demo-addtag-max-tag-500')) throw new RangeError('tag index overflow');
    const item = itemOf(id);
    if (!item) return refuse(res, 404, `no item ${id}`);
    const tagged = { ...item, tag };
    if (created.has(id)) created.set(id, tagged);
    else retagged.set(id, tag);
    sendJson(res, faults.has('demo-addtag-202') ? 202 : 200, faults.has('demo-addtag-ack-only') ? { ok: true } : tagged);
  }

  /** The report takes the token, though the document's entry for it declares none. */
  function getStockReport(req: IncomingMessage, res: ServerResponse): void {
    const served = faults.has('demo-report-cached-203') || faults.has('demo-report-stale');
    if (req.headers.authorization === undefined && faults.has('demo-report-no-token-500')) throw new TypeError("Cannot read properties of undefined (reading 'split')");
    if (req.headers.authorization !== token && !served) return refuse(res, 401, 'a valid token is required');
    const report = { items: CATALOGUE_SIZE + created.size, value: 249_000_000 };
    if (faults.has('demo-report-stale')) return sendJson(res, 200, { items: report.items });
    sendJson(res, faults.has('demo-report-cached-203') ? 203 : 200, report);
  }

  const server = await serve(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://reference');
    const one = /^\/items\/([^/]+)$/.exec(url.pathname);
    const tagging = /^\/items\/([^/]+)\/addTag$/.exec(url.pathname);
    if (one && req.method === 'GET') return getItem(req, res, decodeURIComponent(one[1]), url);
    if (tagging && req.method === 'GET') return addTag(req, res, decodeURIComponent(tagging[1]), url);
    if (url.pathname === '/items' && req.method === 'POST') return createItem(req, res);
    if (url.pathname === '/report' && req.method === 'GET') return getStockReport(req, res);
    req.resume();
    if (one || tagging || url.pathname === '/items' || url.pathname === '/report') return refuse(res, 405, 'method not allowed');
    return refuse(res, 404, 'not found');
  }, options.variants);
  return { url: server.url, close: server.close };
}
