// The reference implementation of the demo stock API (tests/openapi-demo/openapi-demo.openapi.yml), in
// memory. Items 1 to 500000 are the catalogue (computed from the id), created items follow and are
// listed oldest first; any item may be changed, tagged, cloned or deleted. Where the document is
// silent it makes one reasonable choice the suite must not depend on: 401 for a missing or wrong
// token (the report's too, which the document does not declare), `{message}` bodies on every
// refusal, a delete answering the item as it was, 404 for an item deleted.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isObject, readJson, sendJson, serve } from '../../../reference/http.ts';

export interface DemoOptions {
  token: string;
  faults: ReadonlySet<string>;
  variants?: ReadonlySet<string>;
}

interface Item {
  id: number;
  sku: string;
  name: string;
  price: number;
  tag: string | null;
}

const CATALOGUE_SIZE = 500_000;
const MAX_ID = 1_000_000;
const MAX_PRICE = 100_000;
const MAX_PAGE = 100_000;
const MAX_LIMIT = 100;
const USD_PER_EUR = 1.1;
/** A page under the paging variant: fewer than any limit asks (the document says at most). */
const SHORT_PAGE = 5;
/** Under demo-list-busy: how many items other clients have made before the run. */
const OTHER_CLIENTS_ITEMS = 20;
/** How far behind the list's replica is under the demo-list-stale fault. */
const REPLICA_LAG_MS = 30_000;

const skuOf = (id: number) => `SKU-${id}`;
const catalogueItem = (id: number): Item => ({
  id,
  sku: skuOf(id),
  name: `Item ${id}`,
  price: (id % 997) + 0.5,
  tag: id % 2 === 0 ? `shelf-${id % 13}` : null,
});

/** Why a new item is not valid, or undefined. */
function invalidItem(body: unknown, longNamesCut: boolean): string | undefined {
  if (!isObject(body)) return 'the item is a JSON object';
  const { name, price, tag } = body;
  // Characters as the document's maxLength counts them (code points, not UTF-16 units: an emoji is one).
  if (typeof name !== 'string' || name.length < 1 || ([...name].length > 40 && !longNamesCut)) return 'name is 1 to 40 characters';
  if (typeof price !== 'number' || !(price > 0) || price > MAX_PRICE) return `price is a number above 0, at most ${MAX_PRICE}`;
  if (tag !== undefined && tag !== null && (typeof tag !== 'string' || [...tag].length > 20)) return 'tag is at most 20 characters, or null';
  return undefined;
}

export async function startDemoReference(options: DemoOptions) {
  const { token, faults } = options;
  const variants = options.variants ?? new Set<string>();
  /** Created items, oldest first, with when they were created. */
  const created = new Map<number, { item: Item; at: number }>();
  /** Catalogue items as changed (update, addTag). */
  const changed = new Map<number, Item>();
  /** Deleted items: gone for every read (the list of the demo-list-keeps-deleted fault aside). */
  const deleted = new Set<number>();
  let nextId = CATALOGUE_SIZE + 1;
  /** Under demo-list-busy: the items other clients made, oldest first. */
  const others: number[] = [];
  if (variants.has('demo-list-busy'))
    for (let n = 0; n < OTHER_CLIENTS_ITEMS; n++) {
      const id = nextId++;
      created.set(id, { item: { id, sku: skuOf(id), name: `Another client's item ${n + 1}`, price: 1, tag: null }, at: Date.now() });
      others.push(id);
    }

  const refuse = (res: ServerResponse, status: number, message: string) => sendJson(res, status, { message });
  const empty = (res: ServerResponse, status: number) => void res.writeHead(status).end();
  const stored = (id: number): Item | undefined => created.get(id)?.item ?? changed.get(id) ?? (id <= CATALOGUE_SIZE ? catalogueItem(id) : undefined);
  const itemOf = (id: number): Item | undefined => (deleted.has(id) ? undefined : stored(id));
  const store = (item: Item) => {
    const entry = created.get(item.id);
    if (entry) entry.item = item;
    else changed.set(item.id, item);
  };
  /** No such item: 404, or 410 for one deleted under the demo-gone-410 variant. */
  const missing = (res: ServerResponse, id: number) =>
    deleted.has(id) && variants.has('demo-gone-410') ? refuse(res, 410, `item ${id} was deleted`) : refuse(res, 404, `no item ${id}`);

  /** The token check of an operation; `unchecked`: the fault that skips it. */
  const authorized = (req: IncomingMessage, res: ServerResponse, unchecked: string): boolean => {
    if (req.headers.authorization === token || faults.has(unchecked)) return true;
    req.resume();
    refuse(res, 401, 'a valid token is required');
    return false;
  };
  /** The item id of a path, or undefined (refused) when it is not one; `wraps`: the fault taking any integer as an id modulo the range. */
  const itemIdOf = (res: ServerResponse, rawId: string, wraps?: string): number | undefined => {
    const id = /^-?\d+$/.test(rawId) ? Number(rawId) : NaN;
    if (id >= 1 && id <= MAX_ID) return id;
    if (wraps && faults.has(wraps) && Number.isInteger(id)) return ((((id - 1) % MAX_ID) + MAX_ID) % MAX_ID) + 1;
    refuse(res, 400, `itemId is an integer from 1 to ${MAX_ID}`);
    return undefined;
  };
  /** A new or changed item's fields from a body, or undefined (refused). */
  const itemFields = async (req: IncomingMessage, res: ServerResponse, longNamesCut: string): Promise<Omit<Item, 'id' | 'sku'> | undefined> => {
    const body = await readJson(req);
    if (!body.ok) return void refuse(res, 400, `the body is ${body.reason === 'malformed' ? 'not JSON' : 'too large'}`);
    const problem = invalidItem(body.value, faults.has(longNamesCut));
    if (problem) return void refuse(res, 400, problem);
    const { name, price, tag } = body.value as { name: string; price: number; tag?: string | null };
    return { name: [...name].slice(0, 40).join(''), price, tag: tag ?? null };
  };

  function getItem(req: IncomingMessage, res: ServerResponse, rawId: string, url: URL): void {
    if (!authorized(req, res, 'demo-get-token-unchecked')) return;
    const id = itemIdOf(res, rawId);
    if (id === undefined) return;
    if (id === MAX_ID && faults.has('demo-get-max-id-500')) throw new RangeError(`shard index ${id} out of range`);
    const currency = url.searchParams.get('currency') ?? 'EUR';
    if (currency !== 'EUR' && currency !== 'USD' && !faults.has('demo-get-currency-unchecked')) return refuse(res, 400, 'currency is EUR or USD');
    const item = itemOf(id);
    if (!item) return missing(res, id);
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
    const fields = await itemFields(req, res, 'demo-create-long-name-truncated');
    if (!fields) return;
    if (fields.price === MAX_PRICE && faults.has('demo-create-max-price-500')) throw new RangeError('numeric field overflow');
    const id = nextId++;
    const item: Item = { id, sku: skuOf(id), ...fields };
    created.set(id, { item, at: Date.now() });
    // The id counter's next value, answered as the new item's: an id no item has.
    const answered = faults.has('demo-create-unreadable') ? { ...item, id: id + CATALOGUE_SIZE / 2 } : item;
    const { id: _id, sku: _sku, ...asSent } = item;
    sendJson(res, faults.has('demo-create-200') ? 200 : 201, faults.has('demo-create-no-id') ? asSent : answered);
  }

  function listItems(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (!authorized(req, res, 'demo-list-token-unchecked')) return;
    const number = (name: string, fallback: number) => (url.searchParams.has(name) ? Number(url.searchParams.get(name)) : fallback);
    const page = number('page', 1);
    let limit = number('limit', 20);
    if (!Number.isInteger(page) || page < 1 || page > MAX_PAGE) return refuse(res, 400, `page is an integer from 1 to ${MAX_PAGE}`);
    if (faults.has('demo-list-limit-clamped') && Number.isInteger(limit)) limit = Math.min(MAX_LIMIT, Math.max(1, limit));
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) return refuse(res, 400, `limit is an integer from 1 to ${MAX_LIMIT}`);
    if (page === MAX_PAGE && faults.has('demo-list-max-page-500')) throw new RangeError('offset out of range');
    if (variants.has('demo-list-pages-of-5') || variants.has('demo-list-busy')) limit = Math.min(limit, SHORT_PAGE);
    const now = Date.now();
    const listed = () =>
      [...created.values()]
        .filter(({ item }) => !deleted.has(item.id) || faults.has('demo-list-keeps-deleted'))
        .filter(({ at }) => !faults.has('demo-list-stale') || now - at > REPLICA_LAG_MS)
        .map(({ item }) => item);
    if (variants.has('demo-list-busy') && page > 1) {
      // Other clients remove theirs meanwhile: the item created last moves onto the page before this one.
      const ids = listed().map((item) => item.id);
      const newest = ids.reduce((last, id, i) => (others.includes(id) ? last : i), -1);
      for (let n = newest - (page - 1) * limit + 1; n > 0 && others.length; n--) deleted.add(others.shift()!);
    }
    const items = listed().slice((page - 1) * limit, page * limit);
    sendJson(res, faults.has('demo-list-206') ? 206 : 200, faults.has('demo-list-bare-array') ? items : { items, page });
  }

  async function updateItem(req: IncomingMessage, res: ServerResponse, rawId: string): Promise<void> {
    if (!authorized(req, res, 'demo-update-token-unchecked')) return;
    const id = itemIdOf(res, rawId);
    if (id === undefined) return void req.resume();
    const fields = await itemFields(req, res, 'demo-update-long-name-truncated');
    if (!fields) return;
    if (fields.price === MAX_PRICE && faults.has('demo-update-max-price-500')) throw new RangeError('numeric field overflow');
    const item = itemOf(id);
    if (!item) return missing(res, id);
    const updated = { ...item, ...fields };
    // The write goes to a cache that is never flushed: answered, not stored.
    if (!faults.has('demo-update-not-stored')) store(updated);
    if (variants.has('demo-update-204')) return empty(res, 204);
    const { sku: _sku, ...withoutSku } = updated;
    sendJson(res, faults.has('demo-update-202') ? 202 : 200, faults.has('demo-update-no-sku') ? withoutSku : updated);
  }

  function deleteItem(req: IncomingMessage, res: ServerResponse, rawId: string): void {
    if (!authorized(req, res, 'demo-delete-token-unchecked')) return;
    const raw = /^-?\d+$/.test(rawId) ? Number(rawId) : NaN;
    // An id out of range is taken as one already gone.
    if (Number.isInteger(raw) && (raw < 1 || raw > MAX_ID) && faults.has('demo-delete-id-unchecked')) return empty(res, 204);
    const id = itemIdOf(res, rawId);
    if (id === undefined) return;
    if (created.has(id) && faults.has('demo-delete-created-500')) throw new RangeError(`no archive row for item ${id}`);
    const item = itemOf(id);
    // An archived item is deleted again, and again answered so (the soft delete's choice).
    if (!item && !(variants.has('demo-soft-delete') && deleted.has(id))) return missing(res, id);
    // The delete is answered, and only queued: nothing removes it.
    if (!faults.has('demo-delete-keeps')) deleted.add(id);
    if (variants.has('demo-delete-204') || !item) return empty(res, 204);
    sendJson(res, faults.has('demo-delete-202') ? 202 : 200, faults.has('demo-delete-ack-only') ? { ok: true } : item);
  }

  function cloneItem(req: IncomingMessage, res: ServerResponse, rawId: string): void {
    if (!authorized(req, res, 'demo-clone-token-unchecked')) return;
    req.resume();
    const id = itemIdOf(res, rawId, 'demo-clone-id-wraps');
    if (id === undefined) return;
    if (created.has(id) && faults.has('demo-clone-created-500')) throw new RangeError(`no stock row for item ${id}`);
    const source = itemOf(id);
    if (!source) return missing(res, id);
    // The clone is deduplicated against its source: the source is answered, nothing is made.
    if (faults.has('demo-clone-source-id')) return sendJson(res, 201, source);
    const copyId = nextId++;
    const copy: Item = { ...source, id: copyId, sku: skuOf(copyId) };
    created.set(copyId, { item: copy, at: Date.now() });
    const { id: _id, ...withoutId } = copy;
    sendJson(res, faults.has('demo-clone-200') ? 200 : 201, faults.has('demo-clone-no-id') ? withoutId : copy);
  }

  function getItemBySku(req: IncomingMessage, res: ServerResponse, sku: string): void {
    if (!authorized(req, res, 'demo-sku-token-unchecked')) return;
    const digits = sku.length <= 12 ? /^SKU-(\d+)$/.exec(sku)?.[1] : undefined;
    // A fuzzy search's best match for what is no SKU: the first item.
    if (digits === undefined && faults.has('demo-sku-fuzzy')) return sendJson(res, 200, itemOf(1) ?? catalogueItem(1));
    if (digits === undefined) return refuse(res, 400, 'sku is SKU- and digits, at most 12 characters');
    let id = Number(digits);
    if (created.has(id) && faults.has('demo-sku-created-500')) throw new RangeError(`sku index ${id} out of range`);
    // An index of created items built 0-based: each SKU finds the item before its own.
    if (id > CATALOGUE_SIZE && faults.has('demo-sku-index-off-by-one')) id -= 1;
    const item = id <= MAX_ID ? itemOf(id) : undefined;
    if (!item) return id <= MAX_ID ? missing(res, id) : refuse(res, 404, `no item ${sku}`);
    sendJson(res, faults.has('demo-sku-cached-203') ? 203 : 200, faults.has('demo-sku-price-as-text') ? { ...item, price: item.price.toFixed(2) } : item);
  }

  /** A GET that changes data, as vendors' documents have them: the tag replaces the item's own. */
  function addTag(req: IncomingMessage, res: ServerResponse, rawId: string, url: URL): void {
    if (!authorized(req, res, 'demo-addtag-token-unchecked')) return;
    const id = itemIdOf(res, rawId);
    if (id === undefined) return;
    const tag = url.searchParams.get('tag');
    if (tag === null && !faults.has('demo-addtag-missing-clears')) return refuse(res, 400, 'tag is required');
    // The document does not allow an empty value (no allowEmptyValue).
    if (tag === '') return refuse(res, 400, 'tag is not empty');
    if (tag !== null && [...tag].length > 20) return refuse(res, 400, 'tag is at most 20 characters');
    if (tag !== null && [...tag].length === 20 && faults.has('demo-addtag-max-tag-500')) throw new RangeError('tag index overflow');
    const item = itemOf(id);
    if (!item) return missing(res, id);
    const tagged = { ...item, tag };
    store(tagged);
    sendJson(res, faults.has('demo-addtag-202') ? 202 : 200, faults.has('demo-addtag-ack-only') ? { ok: true } : tagged);
  }

  /** The report takes the token, though the document's entry for it declares none. */
  function getStockReport(req: IncomingMessage, res: ServerResponse): void {
    const served = faults.has('demo-report-cached-203') || faults.has('demo-report-stale');
    if (req.headers.authorization === undefined && faults.has('demo-report-no-token-500'))
      throw new TypeError("Cannot read properties of undefined (reading 'split')");
    if (req.headers.authorization !== token && !served) return refuse(res, 401, 'a valid token is required');
    const report = { items: CATALOGUE_SIZE + created.size - deleted.size, value: 249_000_000 };
    if (faults.has('demo-report-stale')) return sendJson(res, 200, { items: report.items });
    sendJson(res, faults.has('demo-report-cached-203') ? 203 : 200, report);
  }

  const server = await serve(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://reference');
    const one = /^\/items\/([^/]+)$/.exec(url.pathname);
    const tagging = /^\/items\/([^/]+)\/addTag$/.exec(url.pathname);
    const cloning = /^\/items\/([^/]+)\/clone$/.exec(url.pathname);
    const bySku = /^\/items\/by-sku\/([^/]+)$/.exec(url.pathname);
    const method = req.method;
    if (bySku && method === 'GET') return getItemBySku(req, res, decodeURIComponent(bySku[1]));
    if (one && method === 'GET') return getItem(req, res, decodeURIComponent(one[1]), url);
    if (one && method === 'PUT') return updateItem(req, res, decodeURIComponent(one[1]));
    if (one && method === 'DELETE') return deleteItem(req, res, decodeURIComponent(one[1]));
    if (tagging && method === 'GET') return addTag(req, res, decodeURIComponent(tagging[1]), url);
    if (cloning && method === 'POST') return cloneItem(req, res, decodeURIComponent(cloning[1]));
    if (url.pathname === '/items' && method === 'POST') return createItem(req, res);
    if (url.pathname === '/items' && method === 'GET') return listItems(req, res, url);
    if (url.pathname === '/report' && method === 'GET') return getStockReport(req, res);
    req.resume();
    if (one || tagging || cloning || bySku || url.pathname === '/items' || url.pathname === '/report') return refuse(res, 405, 'method not allowed');
    return refuse(res, 404, 'not found');
  }, variants);
  return { url: server.url, close: server.close };
}
