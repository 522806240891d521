// Switchable faults of the demo stock API's reference: bugs a vendor could ship, each naming the
// derived requirement (by key: <operationId>.<check>) it violates. One per requirement the demo
// document gives, so the kill check proves each generic check catches what it is for.
import type { Fault } from '../../lib/adapter.ts';

export const DEMO_FAULTS: Fault[] = [
  { name: 'demo-get-cached-203', violates: 'getItem.documented-status', description: 'items come from a cache that marks every answer 203 Non-Authoritative Information, which the operation does not document' },
  { name: 'demo-get-max-id-500', violates: 'getItem.no-server-error', description: 'the id at the documented maximum overflows the shard index: 500' },
  { name: 'demo-get-null-tag-dropped', violates: 'getItem.response-schema', description: 'the serializer drops null fields, so an item without a tag comes without the required tag field' },
  { name: 'demo-get-currency-unchecked', violates: 'getItem.refuses-invalid', description: 'an unknown currency falls back to EUR instead of being refused' },
  { name: 'demo-get-token-unchecked', violates: 'getItem.requires-token', description: 'reading an item is served without looking at the token (a public cache in front of it)' },
  { name: 'demo-create-200', violates: 'createItem.documented-status', description: 'a created item is answered 200 instead of the documented 201' },
  { name: 'demo-create-max-price-500', violates: 'createItem.no-server-error', description: 'a price exactly at the documented maximum overflows the decimal column: 500' },
  { name: 'demo-create-no-id', violates: 'createItem.response-schema', description: 'the created item is answered as it was sent, without the id it was given' },
  { name: 'demo-create-long-name-truncated', violates: 'createItem.refuses-invalid', description: 'a name over 40 characters is cut to 40 and accepted' },
  { name: 'demo-create-token-presence-only', violates: 'createItem.requires-token', description: 'creating checks that an Authorization header is there, not that it holds the token' },
  { name: 'demo-addtag-202', violates: 'addTag.documented-status', description: 'tagging is queued and answered 202 Accepted, which the operation does not document' },
  { name: 'demo-addtag-max-tag-500', violates: 'addTag.no-server-error', description: 'a tag of exactly 20 characters overflows the tag index: 500' },
  { name: 'demo-addtag-ack-only', violates: 'addTag.response-schema', description: 'tagging answers {"ok": true} instead of the tagged item' },
  { name: 'demo-addtag-missing-clears', violates: 'addTag.refuses-invalid', description: "a request without a tag clears the item's tag instead of being refused" },
  { name: 'demo-addtag-token-unchecked', violates: 'addTag.requires-token', description: 'tagging is served without looking at the token' },
  // The report takes a token its entry does not declare: refused 401, nothing of it is judged — until a bug lets a request through.
  { name: 'demo-report-cached-203', violates: 'getStockReport.documented-status', description: 'the report is served to anyone from a cache that marks it 203 Non-Authoritative Information, which the operation does not document' },
  { name: 'demo-report-no-token-500', violates: 'getStockReport.no-server-error', description: "the report's token check throws on a missing Authorization header: 500 instead of a refusal" },
  { name: 'demo-report-stale', violates: 'getStockReport.response-schema', description: 'the report is served to anyone from a stale cache whose entries lack the value field' },
];
