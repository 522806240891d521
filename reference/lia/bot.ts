// The reference's project: a small deterministic bot. It runs the document's example dialogue (a
// demo booking: greets by the first_name fact, asks for an email, confirms) and answers every
// other incoming type with one of the outgoing shapes the document describes: text with tts and
// quick replies, media with a caption, a location, buttons of every type, and a custom event.
// Outgoing text longer than a string may be is split into several messages, as the document
// recommends; a list holds at most MAX_LIST buttons.
import { MAX_STRING, type IncomingEvent, type IncomingRequest, type MediaType } from './incoming.ts';

/** «списки не более чем из 20 JSON-объектов»: the reference's own copy, on purpose (an independent reading, not the harness's schema). */
const MAX_LIST = 20;

type ButtonType = 'text' | 'url' | 'intent' | 'send_location' | 'send_email' | 'send_phone';
export interface Button {
  type: ButtonType;
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
const OFFICE = { lat: 55.7651, lng: 37.6056, name: 'Офис Лии на Тверской' };
const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/;
/** The project's help topics, offered as quick replies to a greeting: more than one list may hold. */
const TOPICS = [
  'Демо', 'Тарифы', 'Контакты', 'Интеграции', 'Каналы', 'API', 'Безопасность', 'Аналитика', 'Обучение бота', 'Сценарии', 'Операторы', 'CRM',
  'Телефония', 'Рассылки', 'Оплата', 'Документы', 'Поддержка', 'Вакансии', 'Партнёрам', 'Кейсы', 'Блог', 'Мероприятия', 'Отзывы', 'О компании',
];
const CAPTIONS: Record<MediaType, string> = { image: 'Получила изображение', audio: 'Получила аудиозапись', video: 'Получила видео', file: 'Получила файл' };

/** The intents the project defines («в разделе “Намерения”»): onIntent answers each; the reference's target file declares them. */
export const PROJECT_INTENTS = ['demo', 'pricing', 'contacts', 'goodbye'];

/** The first intent an event names that the project does not define. */
export function undefinedIntent(event: IncomingEvent): string | undefined {
  const named = event.type === 'intent' ? [event.intent] : event.type === 'raw' ? [...event.intents.keys()] : [];
  return named.find((name) => !PROJECT_INTENTS.includes(name));
}

const button = (type: ButtonType, title: string, params: Record<string, string> = {}): Button => ({ type, title, params });

/** Text events for a message, split into parts of at most MAX_STRING characters; the last part carries `extra`. */
function texts(message: string, extra: Record<string, unknown> = {}): OutgoingEvent[] {
  const chars = [...message];
  const parts: string[] = [];
  for (let i = 0; i < chars.length; i += MAX_STRING) parts.push(chars.slice(i, i + MAX_STRING).join(''));
  return parts.map((text, i) => ({ type: 'text', params: i === parts.length - 1 ? { text, ...extra } : { text } }));
}

export class LiaBot {
  private readonly conversations = new Map<string, Conversation>();

  constructor(private readonly faults: ReadonlySet<string>) {}

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
    const topics = TOPICS.map((title) => {
      if (title === 'Демо') return button('intent', title, { intent_id: 'demo', text: 'Хочу на демо' });
      if (title === 'Тарифы') return button('intent', title, { intent_id: 'pricing' });
      return button('text', title, { text: `Расскажи про раздел «${title}»` });
    });
    const quickReplies = this.faults.has('lia-quick-replies-uncapped') ? topics : topics.slice(0, MAX_LIST);
    return [
      ...texts(`Здравствуйте${name ? `, ${name}` : ''}! Я Лия, помогу разобраться с платформой.`, { tts: 'Здравствуйте! Я Лия.', quick_replies: quickReplies }),
      {
        type: 'buttons',
        params: {
          text: 'Или выберите действие:',
          buttons: [
            this.urlButton('Наш сайт', SITE),
            button('intent', 'Записаться на демо', { intent_id: 'demo' }),
            button('text', 'Тарифы'),
            button('send_location', 'Найти ближайший офис'),
            button('send_email', 'Оставить email'),
            button('send_phone', 'Оставить телефон'),
          ],
        },
      },
    ];
  }

  private onText(talk: Conversation, text: string): OutgoingEvent[] {
    const email = EMAIL.exec(text)?.[0];
    if (email) return this.onEmail(talk);
    const intent = /демо|demo/i.test(text) ? 'demo' : /тариф|цен/i.test(text) ? 'pricing' : undefined;
    return (intent && this.onIntent(talk, intent)) || texts(`Вы написали: ${text}`, { tts: 'Вы написали сообщение' });
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
          quick_replies: [button('text', 'Старт'), button('text', 'Бизнес'), button('intent', 'Записаться на демо', { intent_id: 'demo' })],
        });
      case 'contacts':
        return [{ type: 'buttons', params: { buttons: [button('send_email', 'Написать нам'), button('send_phone', 'Позвонить'), this.urlButton('Контакты', `${SITE}/contacts`)] } }];
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
    const events: OutgoingEvent[] = [{ type, params: { url, caption: CAPTIONS[type], quick_replies: [button('text', 'Спасибо')] } }];
    // A custom («произвольный») event: files go to an operator for review.
    if (type === 'file') events.push({ type: 'handoff', params: { queue: 'documents', reason: 'Проверка файла оператором' } });
    return events;
  }

  private onLocation(lat: number, lng: number): OutgoingEvent[] {
    const coords = this.faults.has('lia-location-coords-strings') ? { lat: OFFICE.lat.toFixed(6), lng: OFFICE.lng.toFixed(6) } : { lat: OFFICE.lat, lng: OFFICE.lng };
    const route = `https://maps.example/route?from=${lat},${lng}&to=${OFFICE.lat},${OFFICE.lng}`;
    return [
      { type: 'location', params: { ...coords, name: OFFICE.name, quick_replies: [this.urlButton('Маршрут', route)] } },
      ...texts('Ближайший к вам офис — на Тверской.'),
    ];
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

  private urlButton(title: string, url: string): Button {
    return button('url', title, this.faults.has('lia-url-button-link') ? { link: url } : { url });
  }

  private firstName(talk: Conversation): string | undefined {
    const name = talk.facts.get('first_name');
    return typeof name === 'string' && name.trim() ? name : undefined;
  }
}
