// Switchable faults of the demo stock API's reference: bugs a vendor could ship, each naming the
// derived requirement (by key: <operationId>.<check>, or <resource>.<check> for the stateful
// ones) it violates. One per requirement the demo document gives, so the kill check proves each
// generic check catches what it is for.
import type { Fault } from '../../../lib/adapter.ts';

export const DEMO_FAULTS: Fault[] = [
  {
    name: 'demo-get-cached-203',
    violates: 'getItem.documented-status',
    description: 'items come from a cache that marks every answer 203 Non-Authoritative Information, which the operation does not document',
  },
  { name: 'demo-get-max-id-500', violates: 'getItem.no-server-error', description: 'the id at the documented maximum overflows the shard index: 500' },
  {
    name: 'demo-get-null-tag-dropped',
    violates: 'getItem.response-schema',
    description: 'the serializer drops null fields, so an item without a tag comes without the required tag field',
  },
  { name: 'demo-get-currency-unchecked', violates: 'getItem.refuses-invalid', description: 'an unknown currency falls back to EUR instead of being refused' },
  {
    name: 'demo-get-token-unchecked',
    violates: 'getItem.requires-token',
    description: 'reading an item is served without looking at the token (a public cache in front of it)',
  },
  { name: 'demo-create-200', violates: 'createItem.documented-status', description: 'a created item is answered 200 instead of the documented 201' },
  {
    name: 'demo-create-max-price-500',
    violates: 'createItem.no-server-error',
    description: 'a price exactly at the documented maximum overflows the decimal column: 500',
  },
  {
    name: 'demo-create-no-id',
    violates: 'createItem.response-schema',
    description: 'the created item is answered as it was sent, without the id it was given',
  },
  { name: 'demo-create-long-name-truncated', violates: 'createItem.refuses-invalid', description: 'a name over 40 characters is cut to 40 and accepted' },
  {
    name: 'demo-create-token-presence-only',
    violates: 'createItem.requires-token',
    description: 'creating checks that an Authorization header is there, not that it holds the token',
  },
  {
    name: 'demo-addtag-202',
    violates: 'addTag.documented-status',
    description: 'tagging is queued and answered 202 Accepted, which the operation does not document',
  },
  { name: 'demo-addtag-max-tag-500', violates: 'addTag.no-server-error', description: 'a tag of exactly 20 characters overflows the tag index: 500' },
  { name: 'demo-addtag-ack-only', violates: 'addTag.response-schema', description: 'tagging answers {"ok": true} instead of the tagged item' },
  {
    name: 'demo-addtag-missing-clears',
    violates: 'addTag.refuses-invalid',
    description: "a request without a tag clears the item's tag instead of being refused",
  },
  { name: 'demo-addtag-token-unchecked', violates: 'addTag.requires-token', description: 'tagging is served without looking at the token' },
  // The report takes a token its entry does not declare: refused 401, nothing of it is judged — until a bug lets a request through.
  {
    name: 'demo-report-cached-203',
    violates: 'getStockReport.documented-status',
    description: 'the report is served to anyone from a cache that marks it 203 Non-Authoritative Information, which the operation does not document',
  },
  {
    name: 'demo-report-no-token-500',
    violates: 'getStockReport.no-server-error',
    description: "the report's token check throws on a missing Authorization header: 500 instead of a refusal",
  },
  {
    name: 'demo-report-stale',
    violates: 'getStockReport.response-schema',
    description: 'the report is served to anyone from a stale cache whose entries lack the value field',
  },
  {
    name: 'demo-list-206',
    violates: 'listItems.documented-status',
    description: 'a proxy marks every page of the list 206 Partial Content, which the operation does not document',
  },
  { name: 'demo-list-max-page-500', violates: 'listItems.no-server-error', description: 'the page at the documented maximum overflows the offset: 500' },
  {
    name: 'demo-list-bare-array',
    violates: 'listItems.response-schema',
    description: 'the list answers a bare array of items, not the page object the document gives',
  },
  {
    name: 'demo-list-limit-clamped',
    violates: 'listItems.refuses-invalid',
    description: 'a limit over 100 (or under 1) is clamped into range instead of being refused',
  },
  { name: 'demo-list-token-unchecked', violates: 'listItems.requires-token', description: 'listing is served without looking at the token' },
  {
    name: 'demo-update-202',
    violates: 'updateItem.documented-status',
    description: 'changes are queued and answered 202 Accepted, which the operation does not document',
  },
  {
    name: 'demo-update-max-price-500',
    violates: 'updateItem.no-server-error',
    description: 'a price exactly at the documented maximum overflows the decimal column on update: 500',
  },
  { name: 'demo-update-no-sku', violates: 'updateItem.response-schema', description: 'the changed item is answered without its required sku' },
  { name: 'demo-update-long-name-truncated', violates: 'updateItem.refuses-invalid', description: 'a new name over 40 characters is cut to 40 and accepted' },
  { name: 'demo-update-token-unchecked', violates: 'updateItem.requires-token', description: 'changing an item is served without looking at the token' },
  {
    name: 'demo-delete-202',
    violates: 'deleteItem.documented-status',
    description: 'deletes are queued and answered 202 Accepted, which the operation does not document',
  },
  {
    name: 'demo-delete-created-500',
    violates: 'deleteItem.no-server-error',
    description: 'deleting an item created through the API throws (the archive keeps catalogue rows only): 500',
  },
  { name: 'demo-delete-ack-only', violates: 'deleteItem.response-schema', description: 'a delete answers 200 {"ok": true} instead of the item as it was' },
  {
    name: 'demo-delete-id-unchecked',
    violates: 'deleteItem.refuses-invalid',
    description: 'an id out of range is answered 204, as if it were gone already, instead of being refused',
  },
  { name: 'demo-delete-token-unchecked', violates: 'deleteItem.requires-token', description: 'deleting is served without looking at the token' },
  { name: 'demo-clone-200', violates: 'cloneItem.documented-status', description: 'a clone is answered 200 instead of the documented 201' },
  {
    name: 'demo-clone-created-500',
    violates: 'cloneItem.no-server-error',
    description: 'cloning an item created through the API throws (its stock row is not replicated yet): 500',
  },
  { name: 'demo-clone-no-id', violates: 'cloneItem.response-schema', description: 'the clone is answered without the id it was given' },
  {
    name: 'demo-clone-id-wraps',
    violates: 'cloneItem.refuses-invalid',
    description: 'an id out of range wraps around into it (1000001 clones item 1) instead of being refused',
  },
  { name: 'demo-clone-token-unchecked', violates: 'cloneItem.requires-token', description: 'cloning is served without looking at the token' },
  {
    name: 'demo-sku-cached-203',
    violates: 'getItemBySku.documented-status',
    description: 'SKU lookups come from a cache that marks every answer 203, which the operation does not document',
  },
  {
    name: 'demo-sku-created-500',
    violates: 'getItemBySku.no-server-error',
    description: "the SKU of an item created through the API throws in the catalogue's index: 500 instead of the item",
  },
  {
    name: 'demo-sku-price-as-text',
    violates: 'getItemBySku.response-schema',
    description: 'the SKU lookup answers the price as a decimal string ("24.50"), not a number',
  },
  {
    name: 'demo-sku-fuzzy',
    violates: 'getItemBySku.refuses-invalid',
    description: 'the SKU is not checked: text that is no SKU goes to a fuzzy search, whose best match (the first item) is answered',
  },
  { name: 'demo-sku-token-unchecked', violates: 'getItemBySku.requires-token', description: 'SKU lookups are served without looking at the token' },
  // Stateful: every single answer is valid; the next call proves it a lie.
  {
    name: 'demo-create-unreadable',
    violates: 'items.created-is-read',
    description: "the create answers a fresh id no item has (the id counter's next value, not the stored item's): reading it back answers 404",
  },
  {
    name: 'demo-list-stale',
    violates: 'items.created-is-listed',
    description: 'the list reads a replica that lags 30 s behind: an item just created is not listed',
  },
  {
    name: 'demo-update-not-stored',
    violates: 'items.update-is-read',
    description: 'an update answers 200 with the new values but writes to a cache that is never flushed: a read shows the old ones',
  },
  {
    name: 'demo-delete-keeps',
    violates: 'items.deleted-is-gone',
    description: 'a delete answers 200 with the item, but is only queued: the item is still read (and listed)',
  },
  {
    name: 'demo-list-keeps-deleted',
    violates: 'items.deleted-not-listed',
    description: 'the list ignores the deleted flag: a deleted item reads 404 but is still listed',
  },
  {
    name: 'demo-sku-index-off-by-one',
    violates: 'items.lookup-finds-it',
    description: 'the SKU index of created items is 0-based: each SKU finds the item created before it',
  },
  {
    name: 'demo-clone-source-id',
    violates: 'items.clone-is-new',
    description: 'a clone is deduplicated against its source: the source is answered (201, its own id) and nothing is created',
  },
];
