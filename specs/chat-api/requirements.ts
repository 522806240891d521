// Requirements of the Chat API family. JAICP (seed 000, Russian) and Aimylogic (seed 002, English)
// describe the same API with small differences; each profile follows its own document, so a key
// may exist for one profile only, or carry another level or quote in each.
import { defineCatalog, EVIDENCE_SEED, type RequirementSpec } from '../../lib/requirements.ts';

/** The documents this catalog quotes (../shared/seeds/): JAICP's Russian page and Aimylogic's English one. */
const RU = '000_6ed56fedd96606ba.txt';
const EN = '002_07f391d026235def.txt';
const EVIDENCE = EVIDENCE_SEED;

type Pair = { jaicp?: RequirementSpec; aimylogic?: RequirementSpec };

const both = (spec: Omit<RequirementSpec, 'seed' | 'quote'>, ru: string, en: string): Pair => ({
  jaicp: { ...spec, seed: RU, quote: ru },
  aimylogic: { ...spec, seed: EN, quote: en },
});

/** A fact of public material (EVIDENCE.md), the same for both profiles. */
const fromEvidence = (spec: Omit<RequirementSpec, 'seed'>): Pair => ({ jaicp: { ...spec, seed: EVIDENCE }, aimylogic: { ...spec, seed: EVIDENCE } });

const TOKEN_RU =
  'Перед началом работы с Chat API необходимо подключить к проекту канал Chat API и получить из настроек канала его токен, который используется в запросах ко всем методам.';
/** The statuses are a table in both documents: its heading, then each status's row. */
const STATUSES_RU = 'В Chat API поддерживаются следующие статусы сообщений: ... SENT ... DELIVERED ... READ ... NOT_SENT';
const STATUSES_EN = 'The following message statuses are supported in the Chat API: ... SENT ... DELIVERED ... READ ... NOT_SENT';
const ERRORS_RU = 'Подробнее о методах, параметрах запроса, форматах ответов и возвращаемых ошибках см. в спецификации Chat API.';

/** How the agent's reply is told, in every check of it. */
const AGENT_REPLY =
  "The format of an agent's reply is not public: it is told by what it says, a text (a `text` or `answer` value) that is neither the query nor the bot's answer to it.";

const pairs: Record<string, Pair> = {
  'sync.text-query': both(
    {
      level: 'MUST',
      kind: 'does',
      checks:
        'POST /chatapi/{token} with a text query is answered 2xx with a JSON body that carries information about the request: the clientId or the query sent, or an id (questionId, messageId, id).',
      note: '«Подробная информация о запросе» names no field: an answer that names the request in any of these ways passes (a sync answer of JAICP carries the clientId; one shaped as public clients read it, the questionId); an empty object names nothing.',
    },
    'Возможна отправка как текстового запроса, так и события в чат-приложении. ... Метод возвращает подробную информацию о запросе, в том числе cid.',
    'The following methods are used to send requests from a client synchronously: ... The method returns detailed information about the request',
  ),
  'sync.event': {
    jaicp: {
      level: 'MUST',
      kind: 'accepts',
      seed: RU,
      quote: 'Возможна отправка как текстового запроса, так и события в чат-приложении.',
      checks: 'POST /chatapi/{token} with an event instead of a query is answered 2xx.',
    },
    aimylogic: {
      level: 'SHOULD',
      kind: 'reading',
      seed: EN,
      quote: 'A simplified method that returns several parameters of the request: clientId, query, and event.',
      checks: 'POST /chatapi/{token} with an event instead of a query is answered 2xx.',
      note: 'The English page says events can be sent only for the async method; sync events are inferred from `event` being a request parameter.',
    },
  },
  'sync.returns-cid': both(
    { level: 'MUST', kind: 'does', checks: 'The sync answer carries a `cid` property equal to the cid that was sent.' },
    'Метод возвращает подробную информацию о запросе, в том числе cid.',
    'The method returns detailed information about the request, including cid.',
  ),
  'sync.cid-any-string': both(
    {
      level: 'MUST',
      kind: 'accepts',
      checks:
        "A UUID, a Cyrillic string and a string of 120 characters, each sent as `cid`, are accepted (2xx) and come back as the answer's `cid`, unchanged.",
    },
    'Опциональное поле cid — идентификатор соединения. Это произвольная строка, определяющая текущее соединение с чат-приложением.',
    'An optional cid property is a connection ID. This arbitrary string determines the current connection to the chat application.',
  ),
  'sync.answer-shape': fromEvidence({
    level: 'SHOULD',
    kind: 'reading',
    quote:
      "Sync response: the bot's answer sits under `data` (`data.replies[]`, `data.answer`), with top-level `questionId` and `timestamp` (ISO-8601), matching the webhook example in the seeds.",
    checks: 'The sync answer validates against SyncResponse (questionId, timestamp, data.replies, data.answer).',
    note: 'The body format is in a non-public specification; public clients read these fields.',
  }),
  'sync.custom-fields': {
    jaicp: {
      level: 'MUST',
      kind: 'does',
      seed: RU,
      quote: 'Поле foo и другие поля, которые вы зададите, будут доступны в ответе бота как вложенные в поле data.',
      checks: 'A field the bot sets with $response appears under `data` of the answer with the value set.',
    },
  },
  'sync.get-simplified': both(
    { level: 'MUST', kind: 'does', checks: 'GET /chatapi/{token}?clientId=&query= answers 2xx with `clientId` and `query` equal to what was sent.' },
    'Упрощенный метод, который возвращает несколько параметров запроса: clientId, query и event.',
    'A simplified method that returns several parameters of the request: clientId, query, and event.',
  ),
  'sync.get-simplified-event': both(
    {
      level: 'SHOULD',
      kind: 'reading',
      checks: 'The simplified GET answer has an `event` property (null or absent value allowed for a text query), equal to the event when one was sent.',
      note: 'The document lists `event` among the returned parameters; whether it is present when no event was sent is not said, so this is SHOULD.',
    },
    'Упрощенный метод, который возвращает несколько параметров запроса: clientId, query и event.',
    'A simplified method that returns several parameters of the request: clientId, query, and event.',
  ),
  'async.event': both(
    {
      level: 'MUST',
      kind: 'accepts',
      checks:
        'POST /chatapi/{token}/async with an event instead of a query (bot.event, or a made-up name when none is declared, as the sync event check sends) is answered 2xx, and a webhook delivery for the client follows.',
    },
    'Метод POST /chatapi/{token}/async позволяет асинхронно отправлять запрос клиента или событие в чат-приложении. ... Остальная информация будет отправлена на вебхук',
    'The POST /chatapi/{token}/async method allows you to send a client request or an event in the chat application asynchronously. ... The rest of the information will be sent to a webhook',
  ),
  'async.message-id-only': both(
    {
      level: 'MUST',
      kind: 'does',
      checks:
        "POST /chatapi/{token}/async answers 2xx with a message id (under questionId, id or messageId, or as the bare body) and none of the bot's answer: no text of the replies the webhook then brings, no replies list.",
      note: 'The document names neither the field nor the form of the id; a bare number, {"id": ...} or {"messageId": ...} all carry it.',
    },
    'В отличие от метода POST /chatapi/{token} в ответ на запрос вы получите только идентификатор сообщения. Остальная информация будет отправлена на вебхук',
    'Unlike the POST /chatapi/{token} method, you only get the message ID in response to the request. The rest of the information will be sent to a webhook',
  ),
  'async.message-id-matches': both(
    {
      level: 'SHOULD',
      kind: 'reading',
      checks: 'The id the async answer gives is the questionId of the webhook delivery for that request.',
      note: "The document calls both the message's id without saying they are one value; tying them is the reasonable reading (a client matches deliveries to its requests by it).",
    },
    'В отличие от метода POST /chatapi/{token} в ответ на запрос вы получите только идентификатор сообщения. Остальная информация будет отправлена на вебхук',
    'Unlike the POST /chatapi/{token} method, you only get the message ID in response to the request. The rest of the information will be sent to a webhook',
  ),
  'async.webhook-payload': both(
    {
      level: 'MUST',
      kind: 'does',
      checks: 'The webhook receives a JSON array of objects, each with token, clientId, questionId, data, timestamp and blockForm.',
    },
    'На вебхук придет массив JSON-объектов: { "token": "token", "clientId": "test", "questionId": "12345", "data": { ... "timestamp": "2022-09-28T12:32:13.262", "blockForm": false }',
    'An array of JSON objects will be sent to the webhook: { "token": "token", "clientId": "test", "questionId": "12345", "data": { ... "timestamp": "2022-09-28T12:32:13.262", "blockForm": false }',
  ),
  'async.webhook-payload-types': both(
    {
      level: 'SHOULD',
      kind: 'reading',
      checks: 'Webhook objects validate against WebhookItem: string ids and timestamp, object data with replies, boolean blockForm, the channel token.',
      note: "Types are read off the document's example, which is not a schema.",
    },
    '"token": "token", "clientId": "test", "questionId": "12345", "data": {...}, "timestamp": "2022-09-28T12:32:13.262", "blockForm": false',
    '"token": "token", "clientId": "test", "questionId": "12345", "data": {...}, "timestamp": "2022-09-28T12:32:13.262", "blockForm": false',
  ),
  'async.webhook-data': both(
    {
      level: 'SHOULD',
      kind: 'reading',
      checks:
        'The `data` of a webhook item validates against WebhookData: nlpClass (string), confidence (number), replies (objects with a type; a text reply with its text; state a string), answer (string), newSessionStarted and endSession (booleans).',
      note: "The fields are read off the document's example, which is not a schema; debugData, empty there, is not required.",
    },
    '"data": { "nlpClass": "/CatchAll", "confidence": -0.010999999999999979, "replies": [ ... { "type": "text", "text": "Скажите боту что-то осмысленное", "state": "/CatchAll" } ], "answer": "Скажите боту что-то осмысленное", "newSessionStarted": false, "debugData": [], "endSession": false }',
    '"data": { "nlpClass": "/CatchAll", "confidence": -0.010999999999999979, "replies": [ ... { "type": "text", "text": "Tell the bot something", "state": "/CatchAll" } ], "answer": "Tell the bot something", "newSessionStarted": false, "debugData": [], "endSession": false }',
  ),
  'async.concurrent-requests': {
    aimylogic: {
      level: 'MUST',
      kind: 'accepts',
      seed: EN,
      quote:
        'Asynchrony allows you to process several requests simultaneously. You can send new requests without waiting for the server to finish processing the previous ones.',
      checks:
        'Async requests of one client sent while another is in flight (the declared bot.slowQuery first, then two at once; without it, three at once) are all accepted (2xx) and each is answered at the webhook (a delivery carrying replies or an answer text per request).',
      note: "A server may answer them in any order, or one after another: only that none is refused and none is lost is checked, within the test's time.",
    },
  },
  'async.webhook-agent-reply': both(
    {
      level: 'MUST',
      kind: 'does',
      checks:
        "After bot.operatorQuery, sent synchronously (so no delivery is due for the request itself), once the agent's reply has been seen (in a poll without all or at the webhook, else with all=true or in the history), a webhook delivery for the client (one object or an array of them) carries it within max(5 s, timing.webhookRetryWindowMs). Skipped without bot.operatorQuery or webhook.listen, or when no agent's reply is seen at all.",
      note: `${AGENT_REPLY} The wrapper of the delivery is async.webhook-payload's to judge, on the async answer's delivery.`,
    },
    'Событие будет отправлено на вебхук, если: ... Клиент получил ответ от оператора.',
    'The event will be sent to the webhook if: ... A client have received a reply from an agent.',
  ),
  'async.webhook-retry': {
    jaicp: {
      level: 'MUST',
      kind: 'does',
      seed: RU,
      quote: 'Если запрос не был успешно выполнен, запрос будет отправлен повторно еще три раза.',
      checks: 'A webhook delivery answered with an error is sent exactly 1 + 3 times within the declared window, and no more once one attempt succeeds.',
    },
  },
  'async.timeout-event': {
    jaicp: {
      level: 'MUST',
      kind: 'does',
      seed: RU,
      quote:
        'Событие будет отправлено на вебхук, если: ... Время ожидания между ответами на запрос было превышено. ... Время ожидания между ответами при асинхронных запросах составляет три секунды.',
      checks:
        'When the bot answers an async request slower than the declared wait (3 s by default), a webhook delivery for the client arrives once that wait has passed and before the slow answer.',
    },
    aimylogic: {
      level: 'SHOULD',
      kind: 'reading',
      seed: EN,
      quote: 'The event will be sent to the webhook if: ... A timeout between responses to the request is exceeded.',
      checks:
        'When the bot answers an async request slower than the declared wait, a webhook delivery for the client arrives once that wait has passed and before the slow answer.',
      note: 'The English page gives no duration; the 3 s default comes from the Russian page of the family.',
    },
  },
  'async.timeout-event-due': {
    jaicp: {
      level: 'MUST',
      kind: 'does',
      seed: RU,
      quote: 'Время ожидания между ответами при асинхронных запросах составляет три секунды.',
      checks:
        'The timeout event of an async request of bot.slowQuery reaches the webhook before the answer to a plain async request of another client sent once three times the declared wait (3 s by default) has passed since the slow request was accepted: the event was then due at least two waits before that request was received.',
      note: "Late is told by order, not by our clock: a slow or rate-limited server only sends the ruler request later, and the event may come late by two whole waits and the time the ruler's answer takes.",
    },
    aimylogic: {
      level: 'SHOULD',
      kind: 'reading',
      seed: EN,
      quote: 'The event will be sent to the webhook if: ... A timeout between responses to the request is exceeded.',
      checks:
        'The timeout event of an async request of bot.slowQuery reaches the webhook before the answer to a plain async request of another client sent once three times the declared wait has passed since the slow request was accepted.',
      note: 'The English page gives no duration; the 3 s default comes from the Russian page of the family.',
    },
  },
  'events.long-poll-blocks': {
    jaicp: {
      level: 'MUST',
      kind: 'does',
      seed: RU,
      quote: 'Метод реализует стратегию long polling: если нет подходящих событий, он блокируется в ожидании следующего события.',
      checks: 'GET /chatapi/{token}/events with no matching event does not answer before the declared minimum block time.',
    },
  },
  'events.returns-on-event': {
    jaicp: {
      level: 'MUST',
      kind: 'does',
      seed: RU,
      quote: 'Метод реализует стратегию long polling: если нет подходящих событий, он блокируется в ожидании следующего события.',
      checks: 'A blocked long poll (all=true) returns, within the declared minimum block time, once a client request arrives from another cid.',
    },
  },
  'events.includes-other-page-requests': both(
    {
      level: 'MUST',
      kind: 'does',
      checks:
        "With all=true the events include a client request sent with another cid, identified by its text, or by its questionId in an event that is not the bot's answer (no replies, no answer).",
    },
    'Запрос клиента, отправленный на другой странице.',
    'A client request sent on another page.',
  ),
  'events.includes-other-page-answers': both(
    {
      level: 'MUST',
      kind: 'does',
      checks:
        "With all=true the events include the bot's answer to a request sent with another cid, identified by the text of a reply of the sync answer, or by its questionId in an event that carries replies or an answer.",
    },
    'Ответ бота на запрос с другой страницы.',
    'A bot response to a request from another page.',
  ),
  'events.includes-other-page-state': both(
    {
      level: 'SHOULD',
      kind: 'reading',
      checks:
        "With all=true, after the chat-app state of a client is saved, the events hold an event that is neither the client's request nor the bot's answer (or one that mentions the saved state). Skipped when the state paths are the harness's guesses and answer 404.",
      note: "The document lists the widget's state change among the events, but does not tie it to the state-save method, nor say how the page is named: that saving the state is such a change is a reasonable reading only.",
    },
    'Изменение состояния виджета на другой странице браузера.',
    'A widget state change on another browser page.',
  ),
  'events.agent-reply': both(
    {
      level: 'MUST',
      kind: 'does',
      checks:
        "After bot.operatorQuery, once the agent's reply has been seen (in a poll without all or at the webhook, else with all=true or in the history), one poll with all=true and ts before the query holds it. Skipped without bot.operatorQuery, or when no agent's reply is seen at all.",
      note: AGENT_REPLY,
    },
    'Метод GET /chatapi/{token}/events предназначен для получения асинхронных событий от сервера, например: • Ответ от оператора.',
    'Via the GET /chatapi/{token}/events method, you can receive asynchronous events which occurred in the chat, such as: - A response from an agent.',
  ),
  'events.max-250': both(
    { level: 'MUST', kind: 'does', checks: 'After more than 250 events, one events response holds at most 250 events.' },
    'Максимальное количество событий в ответе на запрос — 250.',
    'The method response length is limited to 250 messages.',
  ),
  'events.more-in-history': both(
    {
      level: 'SHOULD',
      kind: 'reading',
      checks: "After 251 requests of one client (more than one events answer may hold), the client's history of all time holds every one of them.",
      note: 'The document points past the events limit to the history, but says nothing of how the history answers: one that pages its answer would need page parameters no public document gives, so the history of all time is read in one answer — a reading, hence SHOULD.',
    },
    'Максимальное количество событий в ответе на запрос — 250. Если нужно обработать больше, используйте метод для получения истории переписки.',
    'The method response length is limited to 250 messages. If you need to process more, use the method for fetching the chat message history instead.',
  ),
  'events.all-default-agent-only': both(
    { level: 'MUST', kind: 'does', checks: 'Without `all`, the events hold no client request and no bot answer of the client (only agent replies).' },
    'Параметр all данного метода определяет, нужно ли выводить все события в канале или только ответы от оператора (поведение по умолчанию).',
    'This method accepts an all parameter which determines whether all events in the channel should be returned or agent replies only (the default behavior).',
  ),
  'events.default-agent-replies': both(
    {
      level: 'MUST',
      kind: 'does',
      checks:
        "After bot.operatorQuery, once the agent's reply has been seen (in a poll without all or at the webhook, else with all=true or in the history), polls without `all` (ts before the query) return it within timing.longPollMaxMs. Skipped without bot.operatorQuery, or when no agent's reply is seen at all.",
      note: AGENT_REPLY,
    },
    'Параметр all данного метода определяет, нужно ли выводить все события в канале или только ответы от оператора (поведение по умолчанию).',
    'This method accepts an all parameter which determines whether all events in the channel should be returned or agent replies only (the default behavior).',
  ),
  'events.ts-filter': both(
    {
      level: 'MUST',
      kind: 'does',
      checks: 'With `ts` set between two requests, the events hold the later request and not the earlier one.',
      note: 'The document gives no format for ts; the harness sends epoch milliseconds unless the target declares `events.tsFormat` "iso".',
    },
    'Параметр ts задает время, начиная с которого нужно фильтровать события.',
    'The ts parameter defines the time starting from which events should be filtered.',
  ),
  'events.no-ts-since-last-request': both(
    {
      level: 'MUST',
      kind: 'does',
      checks:
        'Without `ts`, a second poll of the same cid, right after a new request, returns that request (it does not block, nor lose it) and not again the events that the first poll returned.',
      note: '"Since the last request" reads as the last events request or the last request of any kind; both take in a request made after the first poll and exclude events already returned, which is all that is checked.',
    },
    'При его отсутствии запрашиваются все события с момента последнего обращения к серверу.',
    'When omitted, all events since the last request to the server are returned.',
  ),
  'events.cid-filter': both(
    {
      level: 'MUST',
      kind: 'does',
      checks: "A poll with cid=A returns A's events and none from requests of another cid made before connection A began.",
      note: '"Events during this connection" reads as events of this connection or events in its lifetime; requests of another cid made before A existed are outside both readings.',
    },
    'Она может быть далее использована при получении событий в чате, чтобы фильтровать только события во время данного соединения.',
    'It can later be used for fetching events in the chat in order to filter out only those events which occurred during this connection.',
  ),
  'events.shape': fromEvidence({
    level: 'SHOULD',
    kind: 'reading',
    quote: 'Events polling: `GET /chatapi/{token}/events` with query `clientId` and `ts`; the body has an `events` array',
    checks: 'The events answer validates against EventsResponse (an `events` array).',
    note: 'The body format is in a non-public specification; public clients read the events under `events`.',
  }),
  'history.conversation': both(
    {
      level: 'MUST',
      kind: 'does',
      checks: "History of all time holds every query of the conversation and the bot's answers to them (the texts of the replies of the sync answers).",
    },
    'Метод GET /chatapi/{token}/client/{clientId}/history позволяет получить историю переписки с клиентом за указанный период либо за все доступное время.',
    'The GET /chatapi/{token}/client/{clientId}/history method allows receiving the message history with the client during the time specified time span or all time available.',
  ),
  'history.agent-reply': both(
    {
      level: 'MUST',
      kind: 'does',
      checks:
        "After bot.operatorQuery, once the agent's reply has been seen (in a poll without all or at the webhook, else with all=true or in the history), the client's history of all time holds it. Skipped without bot.operatorQuery, or when no agent's reply is seen at all.",
      note: `${AGENT_REPLY} «Переписка с клиентом» names no side: the Chat API is one «для ведения диалога с ботом или оператором» (seed 004), and an agent's reply is part of the conversation as the bot's are.`,
    },
    'Метод GET /chatapi/{token}/client/{clientId}/history позволяет получить историю переписки с клиентом за указанный период либо за все доступное время.',
    'The GET /chatapi/{token}/client/{clientId}/history method allows receiving the message history with the client during the time specified time span or all time available.',
  ),
  'history.period': both(
    {
      level: 'SHOULD',
      kind: 'reading',
      checks: 'History for a period that ends before the conversation holds none of it; a period around it holds it.',
      note: 'The period parameters are not public; the harness uses `paths.historyPeriodQuery` (default `from={from}&to={to}`, ISO-8601).',
    },
    'Метод GET /chatapi/{token}/client/{clientId}/history позволяет получить историю переписки с клиентом за указанный период',
    'The GET /chatapi/{token}/client/{clientId}/history method allows receiving the message history with the client during the time specified time span',
  ),
  'state.round-trip': both(
    {
      level: 'MUST',
      kind: 'does',
      checks: 'Any JSON object saved with POST comes back from GET equal (as JSON), without validation.',
      note: 'The paths are not public; the harness uses `paths.stateSave`/`paths.stateLoad`.',
    },
    'В теле запроса к методу POST передается произвольный объект. Последующий запрос к методу GET вернет ранее переданный объект. Его содержимое не проверяется.',
    'POST method request body. Subsequent requests to the GET method will return this object as is. Its contents are not checked.',
  ),
  'status.get': both(
    {
      level: 'MUST',
      kind: 'does',
      checks:
        'GET .../message/{questionId}/status of a bot message answers 2xx naming a status: one of SENT, DELIVERED, READ, NOT_SENT, or the value of a `status` field.',
      note: "A status the document does not list (a vendor's own, e.g. NOT_DELIVERED) is still a status read back; which statuses a message may hold beyond the four is not said.",
    },
    'Метод GET /chatapi/{token}/client/{clientId}/message/{questionId}/status позволяет получить статус сообщения.',
    'The GET /chatapi/{token}/client/{clientId}/message/{questionId}/status method allows you to get the status of the message.',
  ),
  'status.update-one': both(
    {
      level: 'MUST',
      kind: 'does',
      checks: 'POST .../status with {"status": S} answers 2xx and a later GET names S, for S = DELIVERED and READ (each on a fresh bot message).',
      note: 'The statuses a sent message moves on to (ForwardStatus in the schema): every reading of which transitions a server allows takes them.',
    },
    'Метод POST /chatapi/{token}/client/{clientId}/message/{questionId}/status позволяет изменить статус сообщения. В теле запроса укажите новое значение для поля status.',
    'The POST /chatapi/{token}/client/{clientId}/message/{questionId}/status method updates the status of the message. In the request body, specify a new value for the status field.',
  ),
  'status.update-any': both(
    {
      level: 'SHOULD',
      kind: 'reading',
      checks: 'POST .../status sets each of the other documented statuses too (SENT, NOT_SENT), each on a fresh bot message, and a later GET names it.',
      note: 'The document lists the statuses and says a new value may be given; it does not say which transitions are allowed, so moving back to SENT or to NOT_SENT is a reasonable inference only.',
    },
    'Метод POST /chatapi/{token}/client/{clientId}/message/{questionId}/status позволяет изменить статус сообщения. В теле запроса укажите новое значение для поля status.',
    'The POST /chatapi/{token}/client/{clientId}/message/{questionId}/status method updates the status of the message. In the request body, specify a new value for the status field.',
  ),
  'status.update-many': both(
    {
      level: 'MUST',
      kind: 'does',
      checks:
        'POST .../message-statuses with {"statuses": [item, ...]}, each item naming a message and its new status, answers 2xx and every listed message then reads its new status.',
      note: "The document names only the `statuses` array of JSON objects; the item fields are the target's (`statusItem`) or the harness's reading {questionId, status}. With the reading undeclared and refused, or accepted but changing no listed message, the check is skipped, with what to declare.",
    },
    'Метод POST /chatapi/{token}/client/{clientId}/message-statuses позволяет изменить статусы нескольких сообщений. В теле запроса укажите поле statuses — массив JSON-объектов.',
    'The POST /chatapi/{token}/client/{clientId}/message-statuses method updates statuses of several messages. In the request body, specify the statuses field — an array of JSON objects.',
  ),
  'status.id-from-history': both(
    {
      level: 'MUST',
      kind: 'does',
      checks:
        "After a query, the client's history of all time names, beside the bot's answer (or the query), an id (questionId, messageId or id) that GET .../message/{questionId}/status takes: answered 2xx naming a status.",
      note: "The history's fields are not public: the id is looked for under each name a server uses, in the innermost object that holds the message's text.",
    },
    'questionId — идентификатор сообщения. Чтобы получить идентификатор, воспользуйтесь методом GET /chatapi/{token}/client/{clientId}/history.',
    'questionId — the message ID. To get the ID, use the GET /chatapi/{token}/client/{clientId}/history method.',
  ),
  'status.unknown-value': both(
    {
      level: 'SHOULD',
      kind: 'refuses',
      checks:
        'A status outside SENT, DELIVERED, READ, NOT_SENT (made up, cut short, another status word), set on one message and in a batch, is refused with a 4xx and the stored status is unchanged.',
      note: 'The document lists the statuses it supports, not what a request with another gets: refusing it is the reading, hence SHOULD, and any 4xx passes. Setting a listed status is status.update-one (MUST).',
    },
    STATUSES_RU,
    STATUSES_EN,
  ),
  'status.exact-value': both(
    {
      level: 'SHOULD',
      kind: 'refuses',
      checks: 'A listed status in the other case or padded with spaces ("sent", " SENT ") is refused with a 4xx.',
      note: 'The document lists the values; whether a listed value in the other case or padded with spaces is taken for it, it does not say — a server reading values case-insensitively or trimmed still takes only the listed ones. So the exact match is a reading, hence SHOULD, apart from made-up values (status.unknown-value), which no reading takes.',
    },
    STATUSES_RU,
    STATUSES_EN,
  ),
  'status.unknown-message': both(
    {
      level: 'SHOULD',
      kind: 'refuses',
      checks: 'Getting or updating the status of a questionId that does not exist is answered with a 4xx.',
      note: 'The document does not say how an unknown message is answered; a 4xx is the HTTP reading.',
    },
    'questionId — идентификатор сообщения. Чтобы получить идентификатор, воспользуйтесь методом GET /chatapi/{token}/client/{clientId}/history.',
    'questionId — the message ID. To get the ID, use the GET /chatapi/{token}/client/{clientId}/history method.',
  ),
  'status.not-read-count': both(
    { level: 'MUST', kind: 'does', checks: 'message-not-read-count answers a number that falls when a bot message is marked READ.' },
    'Метод GET /chatapi/{token}/client/{clientId}/message-not-read-count позволяет узнать, сколько сообщений не прочитал клиент.',
    'The GET /chatapi/{token}/client/{clientId}/message-not-read-count method allows you to know how many messages the client has not read.',
  ),
  'status.not-read-count-zero': both(
    {
      level: 'SHOULD',
      kind: 'reading',
      checks: 'Once every bot message of a new client is READ, message-not-read-count is 0.',
      note: 'Holds when every message the client got is one the harness marked; a bot that sends extra messages could differ.',
    },
    'Метод GET /chatapi/{token}/client/{clientId}/message-not-read-count позволяет узнать, сколько сообщений не прочитал клиент.',
    'The GET /chatapi/{token}/client/{clientId}/message-not-read-count method allows you to know how many messages the client has not read.',
  ),
  'auth.unknown-token': both(
    {
      level: 'SHOULD',
      kind: 'refuses',
      checks:
        "Every method of the document, called for a client and a message that exist with a token that is not the channel's, is answered with a 4xx (never 2xx, never 5xx).",
      note: "The documents say where the token comes from and that every method takes it, not what a request with another token gets: refusing it is what a token is for, hence SHOULD, and any 4xx passes. That the channel's token is accepted is what every other check stands on, and the preflight finds a refused one before the run.",
    },
    TOKEN_RU,
    'Bot token ... To get it, click Copy token or open the channel settings and copy the token from the Token field.',
  ),
  'input.malformed-json': both(
    {
      level: 'SHOULD',
      kind: 'refuses',
      checks:
        'Every method that takes a body, called for a client and a message that exist with its valid body cut short (not valid JSON), is answered with a 4xx (never 2xx, never 5xx).',
      note: 'The error format is in the non-public specification; any 4xx is accepted (HTTP semantics: a client error).',
    },
    ERRORS_RU,
    'Aimylogic provides a Rest API for integration with third-party apps.',
  ),
  'input.wrong-types': both(
    {
      level: 'SHOULD',
      kind: 'refuses',
      checks: 'A request body whose documented field has the wrong JSON type is answered with a 4xx (never 2xx, never 5xx).',
      note: 'Types come from public clients (EVIDENCE.md); any 4xx is accepted.',
    },
    ERRORS_RU,
    'Aimylogic provides a Rest API for integration with third-party apps.',
  ),
};

function profile(which: keyof Pair) {
  const specs: Record<string, RequirementSpec> = {};
  for (const [key, pair] of Object.entries(pairs)) {
    const spec = pair[which];
    if (spec) specs[key] = spec;
  }
  return specs;
}

export const jaicpChatRequirements = defineCatalog('jaicp-chat', profile('jaicp'));
export const aimylogicChatRequirements = defineCatalog('aimylogic-chat', profile('aimylogic'));
