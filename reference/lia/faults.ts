// Switchable faults of the Lia reference: realistic bugs a vendor could ship, each naming the
// requirement (by key) that it violates.
import type { Fault } from '../../lib/adapter.ts';

export const LIA_FAULTS: Fault[] = [
  { name: 'lia-key-not-checked', violates: 'auth.key', description: 'any non-empty key is accepted' },
  { name: 'lia-key-optional', violates: 'auth.key', description: 'a request without a key is served by the default channel' },
  { name: 'lia-user-id-word-chars', violates: 'incoming.user-id-charset', description: 'user_id is matched against [\\w-], which lets underscores through' },
  { name: 'lia-sticker-unsupported', violates: 'incoming.event-types', description: 'sticker events are refused as an unsupported type' },
  {
    name: 'lia-intent-events-unsupported',
    violates: 'incoming.event-types',
    description: 'intent events are refused as an unsupported type, even for an intent the project defines',
  },
  { name: 'lia-facts-strings-only', violates: 'incoming.facts', description: 'facts whose values are not all strings are refused' },
  {
    name: 'lia-event-type-case-insensitive',
    violates: 'incoming.type-values',
    description: 'event types are compared without regard to case, so "TEXT" is taken for "text"',
  },
  { name: 'lia-unknown-type-fallback', violates: 'incoming.type-values', description: 'an event of an unknown type falls through to the fallback answer' },
  { name: 'lia-missing-text-empty', violates: 'incoming.required', description: 'a text event without params.text is handled as empty text' },
  { name: 'lia-proba-unchecked', violates: 'incoming.raw-proba', description: 'raw intent probabilities are not range-checked' },
  {
    name: 'lia-raw-intents-object-only',
    violates: 'incoming.raw-intents',
    description: 'raw intents are read only as the object of scores: the string the document also types them as is refused',
  },
  { name: 'lia-raw-entities-strings-only', violates: 'incoming.raw-entities', description: 'raw entities whose values are not all strings are refused' },
  {
    name: 'lia-proba-exclusive-bounds',
    violates: 'incoming.raw-proba-bounds',
    description: 'proba is checked as 0 < p < 1, so an intent scored exactly 0.00 or 1.00 is refused',
  },
  { name: 'lia-long-strings-truncated', violates: 'types.string', description: 'strings over the limit are cut to it and accepted' },
  {
    name: 'lia-values-stringified',
    violates: 'types.string',
    description: 'any JSON value where a string is documented is converted with String(), so an object becomes "[object Object]"',
  },
  { name: 'lia-user-id-varchar-255', violates: 'types.identifier-at-limit', description: 'user_id is kept in a 255-character column: a longer one is refused' },
  { name: 'lia-limit-off-by-one', violates: 'types.string-at-limit', description: 'a string exactly at the limit is refused' },
  { name: 'lia-coordinates-parsed', violates: 'types.float', description: 'lat and lng are read with parseFloat, so text is accepted' },
  { name: 'lia-arrays-as-objects', violates: 'types.json-object', description: 'JSON objects are checked with typeof, which lets arrays through' },
  { name: 'lia-malformed-json-ignored', violates: 'input.malformed-json', description: 'a body that is not JSON is answered 200 with no events' },
  { name: 'lia-malformed-json-500', violates: 'errors.client-error', description: 'a body that is not JSON is answered 500' },
  { name: 'lia-user-id-lowercased', violates: 'outgoing.echo-user-id', description: 'the answer carries the user_id in lower case' },
  {
    name: 'lia-answers-text-html',
    violates: 'outgoing.content-type',
    description: 'the answer is serialised by hand and sent as a string, which the framework labels text/html',
  },
  {
    name: 'lia-any-method-accepted',
    violates: 'method.post-only',
    description: 'the route is registered for every method, so a GET or PUT with an event is processed like a POST',
  },
  {
    name: 'lia-custom-event-without-params',
    violates: 'outgoing.shape',
    description: 'the custom handoff event carries its fields beside type, with no params',
  },
  {
    name: 'lia-media-file-id',
    violates: 'outgoing.media',
    description: "a file from the project's storage goes out with its storage id in params.file_id and no params.url",
  },
  { name: 'lia-location-coords-strings', violates: 'outgoing.location', description: 'an outgoing location carries lat and lng as strings' },
  {
    name: 'lia-location-nested',
    violates: 'outgoing.location',
    description: "an outgoing location reuses the incoming event's nested {location: {lat, lng}}, so params has no lat or lng of its own",
  },
  {
    name: 'lia-buttons-as-quick-replies',
    violates: 'outgoing.buttons',
    description: "the menu's buttons event puts its list in params.quick_replies, where a text event's list goes, and has no params.buttons",
  },
  {
    name: 'lia-quick-replies-uncapped',
    violates: 'outgoing.list-max',
    description: 'the list of every topic of the project is not cut to the 20 a list may hold',
  },
  { name: 'lia-url-button-link', violates: 'outgoing.button-types', description: 'url buttons carry their address in params.link instead of params.url' },
  {
    name: 'lia-phone-button-send-contact',
    violates: 'outgoing.button-types',
    description: "the phone button is typed send_contact, another messenger's name, not send_phone",
  },
  {
    name: 'lia-slow-start',
    violates: 'processing.time-limit',
    description: 'the first start event after boot waits for the NLU model to load and is answered after 31 s',
  },
];
