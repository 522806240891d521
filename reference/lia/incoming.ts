// Reads an incoming request the way seed 003 describes it (п. 1): user_id of English letters,
// digits and hyphen; an event of a documented type with the params that type requires; optional
// facts with any values. Every string is at most 1024 characters. Anything else is a Refusal
// naming what is wrong. Where the document is open the reader is lenient: extra fields are
// ignored, and raw intents may be a string, a list of names or {name: {proba}}.
import { isObject } from '../http.ts';

/** «длина не превышает 1024 символов»: the reference's own copy, on purpose (an independent reading, not the harness's schema). */
export const MAX_STRING = 1024;
const USER_ID = /^[A-Za-z0-9-]+$/;
const TYPES = ['text', 'image', 'audio', 'video', 'file', 'sticker', 'location', 'start', 'intent', 'raw'];

export type MediaType = 'image' | 'audio' | 'video' | 'file';

export type IncomingEvent =
  | { type: 'text'; text: string }
  | { type: MediaType; url: string }
  | { type: 'sticker'; stickerId: string }
  | { type: 'location'; lat: number; lng: number; name?: string; address?: string }
  | { type: 'start' }
  | { type: 'intent'; intent: string }
  | { type: 'raw'; intents: Map<string, number>; entities: Map<string, unknown> };

export interface IncomingRequest {
  userId: string;
  event: IncomingEvent;
  facts: Map<string, unknown>;
}

/** A request the document does not allow; the message says why. */
export class Refusal extends Error {}

type Json = Record<string, unknown>;

export function readRequest(body: unknown, faults: ReadonlySet<string>): IncomingRequest {
  return new RequestReader(faults).request(body);
}

class RequestReader {
  constructor(private readonly faults: ReadonlySet<string>) {}

  request(body: unknown): IncomingRequest {
    const root = this.object(body, 'the body');
    const userId = this.string(root, 'user_id');
    if (this.faults.has('lia-user-id-varchar-255') && userId.length > 255) throw new Refusal('user_id: too long for the user store');
    const allowed = this.faults.has('lia-user-id-word-chars') ? /^[\w-]+$/ : USER_ID;
    if (!allowed.test(userId)) throw new Refusal('user_id: only English letters, digits and hyphens are allowed');
    const event = this.event(this.object(this.required(root, 'event'), 'event'));
    return { userId, event, facts: root.facts === undefined ? new Map() : this.facts(root.facts) };
  }

  private event(event: Json): IncomingEvent {
    const given = this.required(event, 'type');
    // The fault: types are compared without regard to case ("TEXT" taken for "text").
    const type = typeof given === 'string' && this.faults.has('lia-event-type-case-insensitive') ? given.toLowerCase() : given;
    const params = this.object(this.required(event, 'params'), 'params');
    switch (type) {
      case 'text':
        if (params.text === undefined && this.faults.has('lia-missing-text-empty')) return { type: 'text', text: '' };
        return { type: 'text', text: this.string(params, 'text') };
      case 'image':
      case 'audio':
      case 'video':
      case 'file':
        return { type: type as MediaType, url: this.string(params, 'url') };
      case 'sticker':
        if (this.faults.has('lia-sticker-unsupported')) throw new Refusal('unsupported event type: sticker');
        return { type: 'sticker', stickerId: this.string(params, 'sticker_id') };
      case 'location': {
        const location = this.object(this.required(params, 'location'), 'location');
        return {
          type: 'location',
          lat: this.float(location, 'lat'),
          lng: this.float(location, 'lng'),
          name: this.optionalString(params, 'name'),
          address: this.optionalString(params, 'formatted_address'),
        };
      }
      case 'start':
        return { type: 'start' };
      case 'intent':
        if (this.faults.has('lia-intent-events-unsupported')) throw new Refusal('unsupported event type: intent');
        return { type: 'intent', intent: this.string(params, 'intent') };
      case 'raw':
        return { type: 'raw', intents: this.intents(params.intents), entities: this.entities(params.entities) };
      default:
        if (this.faults.has('lia-unknown-type-fallback')) return { type: 'raw', intents: new Map(), entities: new Map() };
        throw new Refusal(`type: must be one of ${TYPES.join(', ')}`);
    }
  }

  /** п. 1.1: the document types intents as a string (a list of names) and as {name: {proba}}; a string is read as comma-separated names. */
  private intents(value: unknown): Map<string, number> {
    if (value === undefined) return new Map();
    if (typeof value === 'string' || Array.isArray(value)) {
      // The fault: only п. 1.1.2's object of scores is read.
      if (this.faults.has('lia-raw-intents-object-only')) throw new Refusal('intents: must be a JSON object of intents and their proba');
      const names = typeof value === 'string' ? this.text(value, 'intents').split(',') : value.map((n, i) => this.text(n, `intents[${i}]`));
      return new Map(names.map((n) => [n.trim(), 1]));
    }
    const scores = new Map<string, number>();
    for (const [name, score] of Object.entries(this.object(value, 'intents'))) {
      const proba = this.required(this.object(score, `intents.${name}`), 'proba');
      if (typeof proba !== 'number') throw new Refusal(`intents.${name}.proba: must be a number`);
      const outside = this.faults.has('lia-proba-exclusive-bounds') ? proba <= 0 || proba >= 1 : proba < 0 || proba > 1;
      if (outside && !this.faults.has('lia-proba-unchecked')) throw new Refusal(`intents.${name}.proba: must be between 0.00 and 1.00`);
      scores.set(name, proba);
    }
    return scores;
  }

  /** п. 1.1.3: entity names to values of any JSON type. */
  private entities(value: unknown): Map<string, unknown> {
    if (value === undefined) return new Map();
    const entities = this.object(value, 'entities');
    if (this.faults.has('lia-raw-entities-strings-only') && Object.values(entities).some((v) => typeof v !== 'string'))
      throw new Refusal('entities: values must be strings');
    return new Map(Object.entries(entities));
  }

  private facts(value: unknown): Map<string, unknown> {
    const facts = this.object(value, 'facts');
    if (this.faults.has('lia-facts-strings-only') && Object.values(facts).some((v) => typeof v !== 'string'))
      throw new Refusal('facts: values must be strings');
    return new Map(Object.entries(facts));
  }

  private required(obj: Json, field: string): unknown {
    if (obj[field] === undefined) throw new Refusal(`${field}: required`);
    return obj[field];
  }

  private object(value: unknown, field: string): Json {
    const ok = this.faults.has('lia-arrays-as-objects') ? typeof value === 'object' && value !== null : isObject(value);
    if (!ok) throw new Refusal(`${field}: must be a JSON object`);
    return value as Json;
  }

  private string(obj: Json, field: string): string {
    return this.text(this.required(obj, field), field);
  }

  private optionalString(obj: Json, field: string): string | undefined {
    return obj[field] === undefined ? undefined : this.text(obj[field], field);
  }

  /** A value of the document's string type: text of at most MAX_STRING characters (code points). */
  private text(value: unknown, field: string): string {
    const text = value !== undefined && this.faults.has('lia-values-stringified') ? String(value) : value;
    if (typeof text !== 'string') throw new Refusal(`${field}: must be a string`);
    const chars = [...text];
    const limit = this.faults.has('lia-limit-off-by-one') ? MAX_STRING - 1 : MAX_STRING;
    if (chars.length <= limit) return text;
    if (this.faults.has('lia-long-strings-truncated')) return chars.slice(0, MAX_STRING).join('');
    throw new Refusal(`${field}: longer than ${MAX_STRING} characters`);
  }

  private float(obj: Json, field: string): number {
    const value = this.required(obj, field);
    if (this.faults.has('lia-coordinates-parsed')) return Number.parseFloat(String(value));
    if (typeof value !== 'number') throw new Refusal(`${field}: must be a number`);
    return value;
  }
}
