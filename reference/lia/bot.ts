// The reference's project: a small deterministic bot. It runs the document's example dialogue (a
// demo booking: greets by the first_name fact, asks for an email, confirms) and answers every
// other incoming type with one of the outgoing shapes the document describes: text with tts and
// quick replies, media with a caption, a location, buttons of every type, and a custom event.
// Four texts (BOT_QUERIES, which its target file declares) ask for its richest answers: the menu
// of buttons, the price list file, the office's location and every topic of the project.
// Outgoing text longer than a string may be is split into several messages, as the document
// recommends; a list holds at most MAX_LIST buttons. Where the document leaves fields optional or
// open, the variants answer with the fewest fields or with fields it does not name.
import type { LiaBotQueries } from '../../specs/lia/target.ts';
import { MAX_STRING, type IncomingEvent, type IncomingRequest, type MediaType } from './incoming.ts';

/** «списки не более чем из 20 JSON-объектов»: the reference's own copy, on purpose (an independent reading, not the harness's schema). */
const MAX_LIST = 20;

type ButtonType = 'text' | 'url' | 'intent' | 'send_location' | 'send_email' | 'send_phone';
export interface Button {
  /** lia-phone-button-send-contact: another messenger's name for the phone button. */
  type: ButtonType | 'send_contact';
  title: string;
  params: Record<string, string>;
}
export interface OutgoingEvent {
  type: string;
  params: Record<string, unknown>;
}

interface Conversation {
  facts: Map<string, unknown>;
  awaitingEmail: boolean;
}

const SITE = 'https://lia.example';
const OFFICE = { lat: 55.7651, lng: 37.6056, name: 'Офис Лии на Тверской', address: 'Москва, Тверская ул., 7' };
const PRICE_LIST = { id: 'price-2024', url: `${SITE}/files/price-2024.pdf`, caption: 'Прайс-лист Лии', mimeType: 'application/pdf' };
const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/;
/** The project's help topics, offered as quick replies to BOT_QUERIES.longListQuery: more than one list may hold. */
const TOPICS = [
  'Демо',
  'Тарифы',
  'Контакты',
  'Интеграции',
  'Каналы',
  'API',
  'Безопасность',
  'Аналитика',
  'Обучение бота',
  'Сценарии',
  'Операторы',
  'CRM',
  'Телефония',
  'Рассылки',
  'Оплата',
  'Документы',
  'Поддержка',
  'Вакансии',
  'Партнёрам',
  'Кейсы',
  'Блог',
  'Мероприятия',
  'Отзывы',
  'О компании',
];
const CAPTIONS: Record<MediaType, string> = { image: 'Получила изображение', audio: 'Получила аудиозапись', video: 'Получила видео', file: 'Получила файл' };

/** The intents the project defines («в разделе “Намерения”»): onIntent answers each; the reference's target file declares them. */
export const PROJECT_INTENTS = ['demo', 'pricing', 'contacts', 'goodbye'];
/** The entities the project defines («в разделе “Сущности”»): a raw event's email continues a booking; the target file declares them. */
export const PROJECT_ENTITIES = ['email', 'city'];

/** The texts the bot answers richly; the reference's target file declares them (`bot`). */
export const BOT_QUERIES: Required<LiaBotQueries> = {
  buttonsQuery: 'Меню',
  mediaQuery: 'Пришлите прайс',
  locationQuery: 'Где ваш офис?',
  longListQuery: 'Все разделы',
};
const ASKS_FOR: [RegExp, keyof LiaBotQueries][] = [
  [/меню/i, 'buttonsQuery'],
  [/прайс/i, 'mediaQuery'],
  [/офис|адрес/i, 'locationQuery'],
  [/разделы/i, 'longListQuery'],
];

/** The first intent or entity an event names that the project does not define. */
export function undefinedName(event: IncomingEvent): string | undefined {
  if (event.type === 'intent') return PROJECT_INTENTS.includes(event.intent) ? undefined : `intent "${event.intent}"`;
  if (event.type !== 'raw') return undefined;
  const intent = [...event.intents.keys()].find((name) => !PROJECT_INTENTS.includes(name));
  const entity = [...event.entities.keys()].find((name) => !PROJECT_ENTITIES.includes(name));
  return intent !== undefined ? `intent "${intent}"` : entity !== undefined ? `entity "${entity}"` : undefined;
}

/** Text events for a message, split into parts of at most MAX_STRING characters; the last part carries `extra`. */
function texts(message: string, extra: Record<string, unknown> = {}): OutgoingEvent[] {
  const chars = [...message];
  const parts: string[] = [];
  for (let i = 0; i < chars.length; i += MAX_STRING) parts.push(chars.slice(i, i + MAX_STRING).join(''));
  return parts.map((text, i) => ({ type: 'text', params: i === parts.length - 1 ? { text, ...extra } : { text } }));
}

export class LiaBot {
  private readonly conversations = new Map<string, Conversation>();

  constructor(
    private readonly faults: ReadonlySet<string>,
    private readonly variants: ReadonlySet<string> = new Set(),
  ) {}

  answer(request: IncomingRequest): OutgoingEvent[] {
    const talk = this.conversations.get(request.userId) ?? { facts: new Map(), awaitingEmail: false };
    this.conversations.set(request.userId, talk);
    for (const [name, value] of request.facts) talk.facts.set(name, value);
    return this.reply(talk, request.event);
  }

  private reply(talk: Conversation, event: IncomingEvent): OutgoingEvent[] {
    switch (event.type) {
      case 'start':
        return this.greeting(talk);
      case 'text':
        return this.onText(talk, event.text);
      case 'image':
      case 'audio':
      case 'video':
      case 'file':
        return this.onMedia(event.type, event.url);
      case 'sticker':
        return texts('Классный стикер!');
      case 'location':
        return this.onLocation(event.lat, event.lng);
      case 'intent':
        return this.onIntent(talk, event.intent) ?? this.fallback();
      case 'raw':
        return this.onRaw(talk, event.intents, event.entities);
    }
  }

  private greeting(talk: Conversation): OutgoingEvent[] {
    const name = this.firstName(talk);
    const quickReplies = [
      this.button('intent', 'Демо', { intent_id: 'demo', text: 'Хочу на демо' }),
      this.button('intent', 'Тарифы', { intent_id: 'pricing' }),
      this.button('text', BOT_QUERIES.buttonsQuery),
      this.button('text', BOT_QUERIES.longListQuery),
    ];
    return texts(`Здравствуйте${name ? `, ${name}` : ''}! Я Лия, помогу разобраться с платформой.`, {
      tts: 'Здравствуйте! Я Лия.',
      quick_replies: quickReplies,
    });
  }

  private onText(talk: Conversation, text: string): OutgoingEvent[] {
    const email = EMAIL.exec(text)?.[0];
    if (email) return this.onEmail(talk);
    const asked = ASKS_FOR.find(([pattern]) => pattern.test(text))?.[1];
    if (asked) return this.richAnswer(asked);
    const intent = /демо|demo/i.test(text) ? 'demo' : /тариф|цен/i.test(text) ? 'pricing' : undefined;
    return (intent && this.onIntent(talk, intent)) || texts(`Вы написали: ${text}`, { tts: 'Вы написали сообщение' });
  }

  /** The answers to BOT_QUERIES. */
  private richAnswer(query: keyof LiaBotQueries): OutgoingEvent[] {
    switch (query) {
      case 'buttonsQuery':
        return [this.menu()];
      case 'mediaQuery':
        return [this.priceList(), ...texts('Актуальные тарифы — в файле.')];
      case 'locationQuery':
        return [this.office()];
      case 'longListQuery':
        return this.topics();
    }
  }

  /** A buttons event with a button of every type. */
  private menu(): OutgoingEvent {
    const buttons = [
      this.urlButton('Наш сайт', SITE),
      this.button('intent', 'Записаться на демо', { intent_id: 'demo', text: 'Хочу на демо' }),
      this.button('text', 'Тарифы', { text: 'Расскажи про тарифы' }),
      this.button('send_location', 'Найти ближайший офис'),
      this.button('send_email', 'Оставить email'),
      this.phoneButton('Оставить телефон'),
    ];
    // The fault: the list goes where a text event's list goes (the objects are «идентичны»), not in params.buttons.
    const list = this.faults.has('lia-buttons-as-quick-replies') ? { quick_replies: buttons } : { buttons };
    return { type: 'buttons', params: { ...this.optional({ text: 'Выберите действие:' }), ...list, ...this.unnamed({ layout: 'vertical' }) } };
  }

  /** Every topic of the project, as many as a list may hold (all of them under the fault). */
  private topics(): OutgoingEvent[] {
    const all = TOPICS.map((title) => this.button('text', title, { text: `Расскажи про раздел «${title}»` }));
    const list = this.faults.has('lia-quick-replies-uncapped') ? all : all.slice(0, MAX_LIST);
    if (this.variants.has('lia-long-list-as-buttons')) return [{ type: 'buttons', params: { text: 'Разделы платформы:', buttons: list } }];
    return texts('Разделы платформы:', { quick_replies: list });
  }

  /** A file from the project's storage. */
  private priceList(): OutgoingEvent {
    // The fault: the storage's id goes out instead of a link to the file.
    const file = this.faults.has('lia-media-file-id') ? { file_id: PRICE_LIST.id } : { url: PRICE_LIST.url };
    const optional = this.optional({ caption: PRICE_LIST.caption, quick_replies: [this.button('text', 'Спасибо')] });
    return { type: 'file', params: { ...file, ...optional, ...this.unnamed({ mime_type: PRICE_LIST.mimeType }) } };
  }

  /** The office, with a route from where the user is when that is known. */
  private office(from?: { lat: number; lng: number }): OutgoingEvent {
    const coords = this.faults.has('lia-location-coords-strings')
      ? { lat: OFFICE.lat.toFixed(6), lng: OFFICE.lng.toFixed(6) }
      : { lat: OFFICE.lat, lng: OFFICE.lng };
    // The fault: the incoming event's nested location object (п. 1.1.1) reused for the outgoing one.
    const place = this.faults.has('lia-location-nested') ? { location: coords } : coords;
    const route = `https://maps.example/route?${from ? `from=${from.lat},${from.lng}&` : ''}to=${OFFICE.lat},${OFFICE.lng}`;
    const optional = this.optional({ name: OFFICE.name, quick_replies: [this.urlButton('Маршрут', route)] });
    return { type: 'location', params: { ...place, ...optional, ...this.unnamed({ formatted_address: OFFICE.address }) } };
  }

  /** The project's intents (PROJECT_INTENTS); undefined for a name the project does not define. */
  private onIntent(talk: Conversation, intent: string): OutgoingEvent[] | undefined {
    switch (intent) {
      case 'demo': {
        talk.awaitingEmail = true;
        const name = this.firstName(talk);
        return [...(name ? texts(`Здравствуйте, ${name}!`) : []), ...texts('Напишите ваш email')];
      }
      case 'pricing':
        return texts('Тарифы: «Старт» — бесплатно, «Бизнес» — по запросу.', {
          quick_replies: [this.button('text', 'Старт'), this.button('text', 'Бизнес'), this.button('intent', 'Записаться на демо', { intent_id: 'demo' })],
        });
      case 'contacts':
        return [
          {
            type: 'buttons',
            params: { buttons: [this.button('send_email', 'Написать нам'), this.phoneButton('Позвонить'), this.urlButton('Контакты', `${SITE}/contacts`)] },
          },
        ];
      case 'goodbye':
        return texts('До свидания! Буду рада помочь снова.');
      default:
        return undefined;
    }
  }

  private onEmail(talk: Conversation): OutgoingEvent[] {
    if (!talk.awaitingEmail) return texts('Спасибо, записала ваш email.');
    talk.awaitingEmail = false;
    const name = this.firstName(talk);
    return texts(name ? `${name}, записала вас, подробности выслала на почту` : 'Записала вас, подробности выслала на почту');
  }

  private onMedia(type: MediaType, url: string): OutgoingEvent[] {
    const events: OutgoingEvent[] = [{ type, params: { url, ...this.optional({ caption: CAPTIONS[type], quick_replies: [this.button('text', 'Спасибо')] }) } }];
    // A custom («произвольный») event: files go to an operator for review. The fault: its fields
    // are put beside type, with no params.
    const handoff = { queue: 'documents', reason: 'Проверка файла оператором' };
    const flattened = { type: 'handoff', ...handoff } as unknown as OutgoingEvent;
    if (type === 'file') events.push(this.faults.has('lia-custom-event-without-params') ? flattened : { type: 'handoff', params: handoff });
    return events;
  }

  private onLocation(lat: number, lng: number): OutgoingEvent[] {
    return [this.office({ lat, lng }), ...texts('Ближайший к вам офис — на Тверской.')];
  }

  /** raw skips NLU: the most probable intent the project defines, if it is likely enough; an email entity continues the booking. */
  private onRaw(talk: Conversation, intents: Map<string, number>, entities: Map<string, unknown>): OutgoingEvent[] {
    const email = entities.get('email');
    if (typeof email === 'string' && EMAIL.test(email)) return this.onEmail(talk);
    const [best] = [...intents].filter(([, proba]) => proba >= 0.5).sort((a, b) => b[1] - a[1]);
    return (best && this.onIntent(talk, best[0])) || this.fallback();
  }

  private fallback(): OutgoingEvent[] {
    return texts('Не поняла вас. Переформулируйте, пожалуйста.');
  }

  /** A button; params.text, which defaults to the title, is left out under the minimal variant. */
  private button(type: ButtonType, title: string, params: Record<string, string> = {}): Button {
    const { text, ...required } = params;
    return { type, title, params: { ...required, ...(text === undefined ? {} : this.optional({ text })) }, ...this.unnamed({ id: `${type}:${title}` }) };
  }

  private urlButton(title: string, url: string): Button {
    return this.button('url', title, this.faults.has('lia-url-button-link') ? { link: url } : { url });
  }

  private phoneButton(title: string): Button {
    const button = this.button('send_phone', title);
    return this.faults.has('lia-phone-button-send-contact') ? { ...button, type: 'send_contact' } : button;
  }

  /** Fields the document leaves optional: the minimal variant leaves them out. */
  private optional<T extends object>(fields: T): Partial<T> {
    return this.variants.has('lia-rich-answers-minimal') ? {} : fields;
  }

  /** Fields the document does not name, which it allows: only the extra-fields variant sends them. */
  private unnamed(fields: Record<string, unknown>): Record<string, unknown> {
    return this.variants.has('lia-rich-answers-extra-fields') ? fields : {};
  }

  private firstName(talk: Conversation): string | undefined {
    const name = talk.facts.get('first_name');
    return typeof name === 'string' && name.trim() ? name : undefined;
  }
}
