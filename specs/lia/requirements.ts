// Requirements of the Lia API (seed 003, Russian). The document is a reference page: it states the
// shapes of incoming and outgoing events, the 1024-character string, the user_id characters and the
// 30-second limit, and says what a bad request gets only for user_id («вы будете получать ошибки»).
// Levels follow the project's one rule: what the document allows must be accepted (MUST); that what
// it does not allow is refused is SHOULD, except for user_id's characters, where it says the server
// refuses; what it says the server does — its answers among them — is MUST. A refusal is "not 2xx",
// and its code class is a SHOULD of its own.
import { defineCatalog } from '../../lib/requirements.ts';

/** The document this catalog quotes (../shared/seeds/). */
const seed = '003_5d74d26bde03a639.txt';

const EVENT_TYPES =
  'Тип события, от которого зависит набор параметров входящего сообщения. Возможные значения: • text — текстовое сообщение; • image — изображение; • audio — аудиозапись; • video — видеозапись; • file — файл; • sticker — стикер; • location — геопозиция; • start — сигнал старта диалога; • intent — намерение; • raw — намерения и сущности';
const STRING_TYPE =
  'string Текстовая строка, длина не превышает 1024 символов. Пр необходимости передачи сообщения с большим количеством символов рекомендуем разделить его на несколько сообщений';
const REFUSAL_NOTE =
  "The document says what a request that breaks it gets only for user_id's characters; refusing is the reading, and any refusal passes (the code class is errors.client-error).";
const RAW_PARAMS =
  'raw — намерения и сущности, присылаются вместо текста, чтобы пропустить шаг NLU. ... Для входящего сообщения типа raw: ... intents ... string ... Необязательный параметр. Список названий намерений (должны быть определены заранее в разделе “Намерения”). ... JSON-объект ... Необязательный параметр. Список названий намерений (должны быть определены заранее в разделе “Намерения”) и числовых значений типа float (в диапазоне от 0.00 до 1.00).';
const PROBA = 'значениями типа JSON-объект, который, в свою очередь, состоит из элемента proba типа float (принимает значения в диапазоне от 0.00 до 1.00)';
/** What a check driven by an answer the target declares does without one: it is skipped, saying so. */
const DECLARED_ANSWER = (query: string, kind: string) =>
  `The harness cannot make a bot answer with ${kind}: the target declares \`bot.${query}\`, a text its bot answers so. Without it, or when its answer holds none, the check judges only what the answers to a conversation like the document's example happen to carry, and is skipped with the reason when they carry none.`;

export const liaRequirements = defineCatalog('lia', {
  'auth.key': {
    level: 'SHOULD',
    kind: 'refuses',
    seed,
    quote: 'https://app.lia.chat/api/v1/handling/event?key=API_KEY ... Для работы с необходимо получить ключ API_KEY.',
    checks:
      "A documented event with no key, an empty key or another key in the `key` query parameter is refused (never 2xx); the same event with the channel's key is answered 2xx first (incoming.event-types), so that the refusals are the key's.",
    note: "The document says a key is needed to work with the API, not what a request without one gets: refusing it is the reading, hence SHOULD, and any refusal passes (the code class is errors.client-error). That the channel's key is accepted is what every other check stands on, and the preflight finds a refused key before the run.",
  },
  'incoming.event-types': {
    level: 'MUST',
    kind: 'accepts',
    seed,
    quote: EVENT_TYPES,
    checks:
      'Generated events of every documented type whose params are free values (text, image, audio, video, file, sticker, location, start), a raw event with neither intents nor entities, an intent event naming an intent the target declares (`intents`), and the texts the target declares its bot answers richly (`bot`), are answered 2xx.',
    note: 'intent and raw intents/entities name what «должно быть определено заранее в разделе “Намерения”» of the project: only the intents a target declares are names it must take. Without declared intents an intent event may be answered 2xx or refused.',
  },
  'incoming.facts': {
    level: 'MUST',
    kind: 'accepts',
    seed,
    quote:
      'Необязательный параметр. Факты о пользователе, которые могут быть использованы при выполнении сценариев. JSON-объект с ключами типа string и значениями типа Any.',
    checks:
      'The same text event is answered 2xx without facts, with facts holding every kind of JSON value, and with generated facts; a start event (whose params are empty) is answered 2xx with the facts a dialogue starts with, every kind of JSON value among them.',
  },
  'incoming.user-id-charset': {
    level: 'MUST',
    kind: 'refuses-stated',
    seed,
    quote: 'Разрешенные символы для user_id — английские буквы, цифры и дефис. В остальных случаях вы будете получать ошибки.',
    checks:
      'user_ids generated from English letters, digits and hyphens are answered 2xx; a user_id with any other character (listed and generated) is refused (never 2xx).',
    note: '«ошибки» gives no code: any answer that is not 2xx is an error here.',
  },
  'incoming.required': {
    level: 'SHOULD',
    kind: 'refuses',
    seed,
    quote:
      'user_id string Обязательный параметр. ... event JSON-объект Обязательный параметр. ... params JSON-объект Обязательный параметр. ... Для входящего сообщения типа text: text string Обязательный параметр.',
    checks:
      'A request that leaves out any parameter the document marks «Обязательный» (user_id, event, type, params, text, url, sticker_id, location, lat, lng, intent) is refused.',
    note: REFUSAL_NOTE,
  },
  'incoming.type-values': {
    level: 'SHOULD',
    kind: 'refuses',
    seed,
    quote: EVENT_TYPES,
    checks: 'An event whose type is not one of the documented values (another string, or not a string) is refused.',
    note: REFUSAL_NOTE,
  },
  'incoming.raw-intents': {
    level: 'MUST',
    kind: 'accepts',
    seed,
    quote: RAW_PARAMS,
    checks:
      "A raw event naming an intent the target declares (`intents`) is answered 2xx with intents as the document types it, a string («Список названий намерений», the one name), and as п. 1.1.2's object scoring it {proba}. Skipped when the target declares no intents.",
    note: 'An intent the project does not define may be refused, so only declared names are sent. The string carries one name: the document gives no separator for several. A JSON array of names is another reading of «Список», not the type the document gives, so it is not demanded.',
  },
  'incoming.raw-entities': {
    level: 'MUST',
    kind: 'accepts',
    seed,
    quote:
      'entities ... JSON-объект ... Необязательный параметр. Список названий сущностей (должны быть определены заранее в разделе “Сущности”) и значений типа Any.',
    checks:
      'A raw event whose entities give an entity the target declares (`entities`) a value of each kind of JSON (string, integer, fraction, boolean, null, array, object) is answered 2xx. Skipped when the target declares no entities.',
    note: 'An entity the project does not define may be refused, so only declared names are sent.',
  },
  'incoming.raw-proba': {
    level: 'SHOULD',
    kind: 'refuses',
    seed,
    quote: PROBA,
    checks:
      'A raw event scoring an intent the target declares (`intents`) with a proba outside 0.00..1.00 or not a number is refused. Skipped when the target declares no intents.',
    note: `${REFUSAL_NOTE} An intent the project does not define may be refused whatever its proba, so only a declared intent shows that the proba was checked.`,
  },
  'incoming.raw-proba-bounds': {
    level: 'MUST',
    kind: 'accepts',
    seed,
    quote: PROBA,
    checks:
      'A raw event scoring an intent the target declares (`intents`) with proba exactly 0.00 and exactly 1.00 is answered 2xx. Skipped when the target declares no intents.',
    note: 'The bounds are inside the range the document gives («от 0.00 до 1.00»).',
  },
  'types.string': {
    level: 'SHOULD',
    kind: 'refuses',
    seed,
    quote: STRING_TYPE,
    checks: 'A documented string field holding another JSON type, or text one character over the limit, is refused.',
    note: `${REFUSAL_NOTE} The limit applies to every field the document types as string.`,
  },
  'types.string-at-limit': {
    level: 'MUST',
    kind: 'accepts',
    seed,
    quote: STRING_TYPE,
    checks:
      "Text exactly at the limit in a documented text field of an event with free params (a message's text, a location's name and address) is answered 2xx.",
  },
  'types.identifier-at-limit': {
    level: 'MUST',
    kind: 'accepts',
    seed,
    quote: STRING_TYPE,
    checks: 'An identifier exactly at the string limit (user_id, sticker_id, a media url) is answered 2xx.',
    note: 'The document types user_id, sticker_id and url as its string, so 1024 characters are allowed there too, though a deployment may be tempted to keep such names shorter (a user_id column, a URL length); a key of its own so that such a store fails here, not under types.string-at-limit.',
  },
  'types.float': {
    level: 'SHOULD',
    kind: 'refuses',
    seed,
    quote: 'float Вещественное число ... lat float Обязательный параметр. Широта. lng float Обязательный параметр. Долгота.',
    checks: 'A location whose lat or lng is not a JSON number is refused.',
    note: REFUSAL_NOTE,
  },
  'types.json-object': {
    level: 'SHOULD',
    kind: 'refuses',
    seed,
    quote: 'event JSON-объект Обязательный параметр. ... facts JSON-объект Необязательный параметр. ... params JSON-объект Обязательный параметр.',
    checks: 'A request whose body, event, params, location or facts is not a JSON object (an array) is refused.',
    note: REFUSAL_NOTE,
  },
  'input.malformed-json': {
    level: 'SHOULD',
    kind: 'refuses',
    seed,
    quote: 'Обмен данными осуществляется в формате JSON.',
    checks: 'A body that is not JSON (cut short, trailing text, single quotes, empty, form-encoded) is refused.',
    note: REFUSAL_NOTE,
  },
  'errors.client-error': {
    level: 'SHOULD',
    kind: 'reading',
    seed,
    quote: 'В остальных случаях вы будете получать ошибки.',
    checks: 'Every request the suite expects to be refused is answered with a 4xx (any client error, any body), never a 5xx.',
    note: "The document names no status code and no error body; a client error is HTTP's reading of a request the server will not process.",
  },
  'outgoing.echo-user-id': {
    level: 'MUST',
    kind: 'does',
    seed,
    quote: 'Ответное сообщение содержит идентификатор пользователя с тем же значением',
    checks: 'Every 2xx answer carries `user_id` equal to the one sent.',
  },
  'outgoing.shape': {
    level: 'MUST',
    kind: 'does',
    seed,
    quote:
      'events JSON-массив Обязательный параметр. Ряд событий, являющихся ответной реакцией платформы на входящее событие от пользователя. JSON-массив объектов типа event (для исходящих событий).',
    checks:
      "Every 2xx answer is JSON and validates against EventResponse: user_id and events, each event with type and params, a text event's params (text, tts, quick_replies a list), strings within the string limit.",
    note: 'Custom event types («произвольный») are allowed with any params; extra fields are allowed everywhere. The params of media, location and buttons events, and what a list holds, are requirements of their own (outgoing.media, outgoing.location, outgoing.buttons, outgoing.list-max, outgoing.button-types).',
  },
  'outgoing.media': {
    level: 'MUST',
    kind: 'does',
    seed,
    quote:
      'Для исходящего сообщения типа image, audio, video, file: ... url ... string ... Обязательный параметр. Ссылка на файл. ... caption ... string ... Необязательный параметр. Подпись к файлу.',
    checks:
      'Every image, audio, video and file event of a 2xx answer validates against OutgoingMediaEvent: params.url a string, caption a string if given, within the string limit. Driven by the answer to `bot.mediaQuery`.',
    note: DECLARED_ANSWER('mediaQuery', 'media'),
  },
  'outgoing.location': {
    level: 'MUST',
    kind: 'does',
    seed,
    quote:
      'Для исходящего сообщения типа location: ... lat ... float ... Обязательный параметр. Широта. ... lng ... float ... Обязательный параметр. Долгота. ... name ... string ... Необязательный параметр. Название локации.',
    checks:
      "Every location event of a 2xx answer validates against OutgoingLocationEvent: params.lat and params.lng numbers (not the incoming event's nested location object), name a string if given. Driven by the answer to `bot.locationQuery`.",
    note: DECLARED_ANSWER('locationQuery', 'a location'),
  },
  'outgoing.buttons': {
    level: 'MUST',
    kind: 'does',
    seed,
    quote:
      'Для исходящего сообщения типа buttons: ... text ... string ... Необязательный параметр. Текст, предшествующий группе кнопок. ... buttons ... JSON-объект ... Обязательный параметр. Кнопки для быстрого ответа пользователем',
    checks:
      'Every buttons event of a 2xx answer validates against OutgoingButtonsEvent: params.buttons a list, text a string if given. Driven by the answer to `bot.buttonsQuery`.',
    note: `The list's size and its buttons are outgoing.list-max and outgoing.button-types. ${DECLARED_ANSWER('buttonsQuery', 'a buttons event')}`,
  },
  'outgoing.list-max': {
    level: 'MUST',
    kind: 'does',
    seed,
    quote: 'Объекты quick_replies и buttons идентичны, это списки не более чем из 20 JSON-объектов со следующими полями',
    checks:
      "Every quick_replies and buttons list of a documented outgoing event validates against ButtonListSize. Driven by the answer to `bot.longListQuery`, the bot's longest list.",
    note: DECLARED_ANSWER('longListQuery', 'a list of buttons'),
  },
  'outgoing.button-types': {
    level: 'MUST',
    kind: 'does',
    seed,
    quote: 'Тип кнопки. Возможные значения: • text • url • intent • send_location • send_email • send_phone',
    checks:
      'Every button of a quick_replies or buttons list validates against Button: type one of the six, title and params; url needs params.url, intent needs params.intent_id, send_location, send_email and send_phone have empty params. Driven by the answer to `bot.buttonsQuery`.',
    note: DECLARED_ANSWER('buttonsQuery', 'buttons'),
  },
  'outgoing.content-type': {
    level: 'SHOULD',
    kind: 'reading',
    seed,
    quote: 'Обмен данными осуществляется в формате JSON. ... Ответ 1 HTTP/1.1 200 OK Content-Type: application/json; charset=utf-8',
    checks:
      "Every 2xx answer is labelled JSON: its Content-Type is application/json or a +json type, with or without parameters (the document's answers carry `application/json; charset=utf-8`).",
    note: "The sentence is about the data's format (that the answer is JSON is checked with every answer); the label comes from the document's examples, hence SHOULD. Refusals are not checked: the document gives no error format.",
  },
  'method.post-only': {
    level: 'SHOULD',
    kind: 'refuses',
    seed,
    quote: 'Взаимодействие осуществляется по протоколу HTTPS с использованием POST-запросов.',
    checks: "A documented event sent with the channel's key by GET or by PUT is refused (never 2xx).",
    note: "The sentence says which method the API is used with, not what another one gets: refusing it is HTTP's reading (405, or 404 from a router that knows only POST), so SHOULD, and any refusal passes (the code class is errors.client-error). HTTPS is the deployment's base URL, which the target file gives; no request can check it.",
  },
  'processing.time-limit': {
    level: 'MUST',
    kind: 'does',
    seed,
    quote: 'Максимальное время обработки одного запроса — 30 секунд.',
    checks: 'Every request the suite makes is answered within the limit (x-max-processing-ms in schemas/lia.openapi.json), measured by the client.',
    note: 'Measured by the client, so it includes network latency, which is small next to the limit.',
  },
});
