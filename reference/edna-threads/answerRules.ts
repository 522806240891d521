// What the reference accepts in a bot answer body, written from the document as a vendor would
// (not from the harness's schema): field types, the length limits, the lists of values, and the
// rules across fields. Unknown fields are ignored (the examples send receivedAt, size, fileId...),
// and null counts as absent (the quick-reply example sends "imageUrl": null).
import { isObject } from '../http.ts';
import { AGENT_LOGINS } from './threads.ts';

// The reference's own copy of the document's limits, on purpose: an independent second reading,
// so that a wrong limit in schemas/edna-threads.openapi.json shows as a failing suite.
const LIMITS = {
  attachment: { url: 4000, name: 1000, type: 256 },
  // A quick reply's text: the installation's message.max-quick-reply-length (Installation).
  quickReply: { shown_text: 2000, callback_data: 255, imageUrl: 4000, url: 4000 },
  whatsAppCaption: 61,
  listPicker: { caption: 60, title: 20, sectionTitle: 24, itemTitle: 24, subTitle: 72, items: 10 },
};
const CODES = ['UNCLEAR_QUESTION', 'SWITCH_TO_HUMAN', 'SUCCESS'];
const QUICK_REPLY_TYPES = ['TEXT', 'CONTACT'];
const ROUTING_IDS = ['userIds', 'skillIds', 'unitIds'] as const;
const HEADER_KINDS = ['text', 'imageUrl', 'documentUrl', 'videoUrl'] as const;

type Json = Record<string, unknown>;
const given = (v: unknown) => v !== undefined && v !== null;

/** How the installation runs: its switched faults and conforming variants, and what its database sets. */
export interface Installation {
  faults: ReadonlySet<string>;
  variants: ReadonlySet<string>;
  /** message.max-quick-replies */
  maxQuickReplies: number;
  /** message.max-quick-reply-length: the length of a quick reply's text. */
  maxQuickReplyLength: number;
}

/** Collects the first problem found; the answer is refused with it. */
class Rules {
  problem?: string;

  constructor(readonly installation: Installation) {}

  has(fault: string): boolean {
    return this.installation.faults.has(fault);
  }

  takes(variant: string): boolean {
    return this.installation.variants.has(variant);
  }

  fail(message: string): void {
    this.problem ??= message;
  }

  string(value: unknown, at: string, max?: number, offByOne = false): string | undefined {
    if (!given(value)) return undefined;
    if (typeof value !== 'string') return void this.fail(`${at}: expected a string`);
    if (max !== undefined && (offByOne ? value.length >= max : value.length > max)) this.fail(`${at}: longer than ${max} characters`);
    return value;
  }

  integer(value: unknown, at: string): void {
    if (given(value) && !Number.isInteger(value)) this.fail(`${at}: expected an integer`);
  }

  boolean(value: unknown, at: string): void {
    if (given(value) && typeof value !== 'boolean') this.fail(`${at}: expected true or false`);
  }

  object(value: unknown, at: string): Json | undefined {
    if (!given(value)) return undefined;
    if (!isObject(value)) return void this.fail(`${at}: expected an object`);
    return value;
  }

  /** An array of objects; the document's header/footer "array" of one object's fields also comes as that one object. */
  objects(value: unknown, at: string, single = false): Json[] {
    if (!given(value)) return [];
    if (single && isObject(value)) return [value];
    if (!Array.isArray(value)) {
      this.fail(`${at}: expected an array`);
      return [];
    }
    const items = value.filter(isObject);
    if (items.length !== value.length) this.fail(`${at}: expected objects`);
    return items;
  }

  oneOf(value: unknown, allowed: string[], at: string): void {
    if (given(value) && !allowed.includes(value as string)) this.fail(`${at}: must be one of ${allowed.join(', ')}`);
  }
}

function attachments(r: Rules, list: Json[]): void {
  const offByOne = r.has('edna-attachment-limit-off-by-one');
  // The second fault: the name's length goes unchecked (its column is TEXT).
  const limits: Record<string, number | undefined> = { ...LIMITS.attachment, ...(r.has('edna-attachment-name-unchecked') ? { name: undefined } : {}) };
  for (const [i, a] of list.entries()) {
    for (const [field, max] of Object.entries(limits)) r.string(a[field], `attachments[${i}].${field}`, max, offByOne);
    const image = typeof a.type === 'string' && a.type.startsWith('image/');
    if (r.has('edna-image-needs-extension') && image && !/\.\w+$/.test(String(a.name ?? ''))) r.fail(`attachments[${i}].name: an image needs an extension`);
  }
}

/** "Длина ... быстрых ответов настраивается в БД: message.max-quick-reply-length": a quick reply's text. */
function quickReplyText(r: Rules, text: unknown, at: string, first: boolean): void {
  const value = r.string(text, at);
  if (value === undefined) return;
  // The faults: the document's number mistaken for shown_text's, the setting compared with UTF-8 bytes, only the first reply held to it.
  const max = r.has('edna-quick-reply-text-2000') ? LIMITS.quickReply.shown_text : r.installation.maxQuickReplyLength;
  const length = r.has('edna-quick-reply-length-in-bytes') ? Buffer.byteLength(value, 'utf8') : value.length;
  if (length > max && (first || !r.has('edna-quick-reply-length-first-only'))) r.fail(`${at}: longer than message.max-quick-reply-length (${max})`);
}

function quickReplies(r: Rules, list: Json[]): void {
  // The faults: callback_data's length unchecked; imageUrl held to callback_data's 255.
  const limits: Record<string, number | undefined> = {
    ...LIMITS.quickReply,
    ...(r.has('edna-callback-data-unchecked') ? { callback_data: undefined } : {}),
    ...(r.has('edna-image-url-limit-255') ? { imageUrl: LIMITS.quickReply.callback_data } : {}),
  };
  for (const [i, q] of list.entries()) {
    const at = `quickReplies[${i}]`;
    quickReplyText(r, q.text, `${at}.text`, i === 0);
    // The second fault: types compared without regard to case ("text" taken for "TEXT").
    const type = typeof q.type === 'string' && r.has('edna-quick-reply-type-case-insensitive') ? q.type.toUpperCase() : q.type;
    // The third: only TEXT quick replies are implemented.
    const types = r.has('edna-contact-quick-reply-refused') ? QUICK_REPLY_TYPES.filter((t) => t !== 'CONTACT') : QUICK_REPLY_TYPES;
    if (!r.has('edna-quick-reply-type-unchecked')) r.oneOf(type, types, `${at}.type`);
    for (const [field, max] of Object.entries(limits)) r.string(q[field], `${at}.${field}`, max);
    if (r.has('edna-shown-text-camel-case') && 'shown_text' in q) r.fail(`${at}: unknown field "shown_text"`);
    // "Используется только в комбинации с параметром text." (The fault: shown_text stands in for a missing text.)
    if (given(q.shown_text) && !given(q.text) && !r.has('edna-shown-text-alone-accepted')) r.fail(`${at}.shown_text: only together with text`);
  }
  // "Длина и количество быстрых ответов настраивается в БД: message.max-quick-replies" (the fault: the setting is never read).
  const max = r.installation.maxQuickReplies;
  // The off-by-one fault counts the setting as an exclusive bound.
  const over = r.has('edna-max-quick-replies-exclusive') ? list.length >= max : list.length > max;
  if (over && !r.has('edna-max-quick-replies-ignored')) r.fail(`quickReplies: more than message.max-quick-replies (${max})`);
}

function whatsAppHeaderFooter(r: Rules, value: unknown): void {
  const hf = r.object(value, 'quickRepliesHeaderFooter');
  if (!hf) return;
  const max = r.has('edna-header-footer-limit-60') ? LIMITS.listPicker.caption : LIMITS.whatsAppCaption;
  for (const [i, header] of r.objects(hf.header, 'quickRepliesHeaderFooter.header', true).entries()) {
    const at = `quickRepliesHeaderFooter.header[${i}]`;
    r.string(header.text, `${at}.text`, max);
    for (const field of ['imageUrl', 'documentUrl', 'documentName', 'videoUrl']) r.string(header[field], `${at}.${field}`);
    if (r.has('edna-header-video-refused') && given(header.videoUrl)) r.fail(`${at}.videoUrl: unknown field`);
    const kinds = HEADER_KINDS.filter((k) => given(header[k])).length;
    const tooMany = r.has('edna-header-all-four-only') ? kinds === HEADER_KINDS.length : kinds > 1;
    if (tooMany && !r.has('edna-header-kinds-unchecked')) r.fail(`${at}: one of text, image, document, video`);
  }
  for (const [i, footer] of r.objects(hf.footer, 'quickRepliesHeaderFooter.footer', true).entries()) {
    r.string(footer.text, `quickRepliesHeaderFooter.footer[${i}].text`, r.has('edna-footer-length-unchecked') ? undefined : max);
  }
}

function listPicker(r: Rules, value: unknown): void {
  const picker = r.object(value, 'messageListPicker');
  if (!picker) return;
  const { caption, title, sectionTitle, itemTitle, subTitle, items: maxItems } = LIMITS.listPicker;
  for (const part of ['header', 'footer']) r.string(r.object(picker[part], `messageListPicker.${part}`)?.text, `messageListPicker.${part}.text`, caption);
  r.string(picker.title, 'messageListPicker.title', title);
  let total = 0;
  const identifiers = new Set<unknown>();
  for (const [s, section] of r.objects(picker.sections, 'messageListPicker.sections').entries()) {
    const at = `messageListPicker.sections[${s}]`;
    // The fault: a section's title held to the picker title's limit.
    r.string(section.title, `${at}.title`, r.has('edna-section-title-limit-20') ? title : sectionTitle);
    const items = r.objects(section.items, `${at}.items`);
    for (const [i, item] of items.entries()) {
      r.string(item.title, `${at}.items[${i}].title`, itemTitle);
      r.string(item.subTitle, `${at}.items[${i}].subTitle`, r.has('edna-subtitle-unchecked') ? undefined : subTitle);
      r.string(item.identifier, `${at}.items[${i}].identifier`);
      // "сквозной для всего сообщения ID"; the fault stores items under a unique (message, identifier) key.
      if (identifiers.has(item.identifier)) {
        if (r.has('edna-duplicate-identifier-500')) throw new Error('duplicate key value violates unique constraint "list_item_identifier"');
        r.fail(`${at}.items[${i}].identifier: repeats an identifier of this message`);
      }
      identifiers.add(item.identifier);
    }
    if (r.has('edna-items-per-section') && items.length > maxItems) r.fail(`${at}.items: more than ${maxItems}`);
    total += items.length;
  }
  // The faults: the limit applied per section (above), or checked with >= so that the maximum itself is refused.
  const over = r.has('edna-items-limit-exclusive') ? total >= maxItems : total > maxItems;
  if (!r.has('edna-items-per-section') && over) r.fail(`messageListPicker: more than ${maxItems} items across all sections`);
}

/** segmentationInfo is Map<String, String>, with personal_manager "из коробки". */
function segmentation(r: Rules, value: unknown): void {
  const info = r.object(value, 'segmentationInfo');
  if (!info) return;
  // A number or a boolean reads as its text (Java's mapper coerces scalars); an object or a list is no string.
  const nested = Object.entries(info).find(([, v]) => typeof v === 'object' && v !== null);
  if (nested && !r.has('edna-segmentation-values-unchecked')) r.fail(`segmentationInfo.${nested[0]}: expected a string`);
  const manager = info.personal_manager;
  if (manager === undefined) return;
  if (r.has('edna-segmentation-keys-whitelisted')) r.fail('segmentationInfo.personal_manager: not a segment parameter of this installation');
  // "Если в этом параметре передан логин агента": a variant refuses a login of no agent.
  if (r.takes('edna-personal-manager-known-only') && !AGENT_LOGINS.includes(manager as string))
    r.fail('segmentationInfo.personal_manager: no agent has this login');
}

/** The first reason the answer is refused, or undefined when it is acceptable. */
export function answerProblem(body: Json, installation: Installation): string | undefined {
  const r = new Rules(installation);
  for (const field of ['text', 'formattedText', 'answerId', 'clientId', 'sessionId']) r.string(body[field], field);
  for (const field of ['threadsClientId', 'questionId', 'questionIndex']) r.integer(body[field], field);
  // The fault: text and formattedText taken as alternatives, though the document recommends both.
  if (r.has('edna-text-and-formatted-exclusive') && given(body.text) && given(body.formattedText)) r.fail('text and formattedText: one or the other');
  segmentation(r, body.segmentationInfo);

  const codes = r.has('edna-unclear-question-unknown') ? CODES.filter((c) => c !== 'UNCLEAR_QUESTION') : CODES;
  // The faults: the code is trimmed before it is looked up, so " SUCCESS " passes; the code is stored as free text, unchecked.
  if (!r.has('edna-code-unchecked')) r.oneOf(typeof body.code === 'string' && r.has('edna-code-trimmed') ? body.code.trim() : body.code, codes, 'code');
  for (const field of ROUTING_IDS) {
    if (!given(body[field])) continue;
    if (r.has('edna-routing-ids-refused') && field !== 'userIds') r.fail(`unknown field "${field}"`);
    const ids = body[field];
    if (!Array.isArray(ids) || !ids.every(Number.isInteger)) r.fail(`${field}: expected a set of integers`);
    // "Необходимо присылать в сочетании с кодом SWITCH_TO_HUMAN." A variant also routes UNCLEAR_QUESTION,
    // which hands the thread to an agent too; the fault reads the ids only for a handover, and drops them otherwise.
    const handover = r.takes('edna-unclear-question-routed') ? ['SWITCH_TO_HUMAN', 'UNCLEAR_QUESTION'] : ['SWITCH_TO_HUMAN'];
    if (!handover.includes(body.code as string) && !r.has('edna-routing-ids-any-code')) r.fail(`${field}: only with code ${handover.join(' or ')}`);
  }

  const settings = r.object(body.settings, 'settings');
  if (settings && !r.has('edna-loose-types')) for (const flag of ['blockInput', 'masked']) r.boolean(settings[flag], `settings.${flag}`);

  attachments(r, r.objects(body.attachments, 'attachments'));
  const replies = r.objects(body.quickReplies, 'quickReplies');
  quickReplies(r, replies);
  whatsAppHeaderFooter(r, body.quickRepliesHeaderFooter);
  listPicker(r, body.messageListPicker);

  // "text — Обязательный параметр, если не использован formattedText." The document's own
  // quick-reply example carries neither, so a message of quick replies stands on its own.
  const formatted = given(body.formattedText) && !r.has('edna-text-always-required');
  if (!given(body.text) && !formatted && replies.length === 0 && !r.has('edna-empty-answer-accepted')) r.fail('text: required unless formattedText is given');
  return r.problem;
}
