// Requirements of the edna Threads bot-answer API: POST <threadsUrl>/api/v1/chatbot (seed 001,
// Russian). The document is written for the bot's developer ("you must send..."); what it obliges
// the server to do is read off each sentence, and the kind says how directly, which gives the level
// (README, "Requirements, ids and levels"): what the bot may send is accepted (MUST); refusing what
// it may not is a reading (SHOULD), since the document gives the bot rules, not the server reactions.
import { defineCatalog, type Kind, type RequirementSpec } from '../../lib/requirements.ts';

/** The document this catalog quotes (../shared/seeds/). */
const SEED = '001_96222b230d383d22.txt';
const EVIDENCE_NO_ERRORS = 'Not found: the error responses of `POST /api/v1/chatbot` (duplicate `answerId`, a field too long, an unknown question).';

const must = (kind: Kind, quote: string, checks: string, note?: string): RequirementSpec => ({
  level: 'MUST',
  kind,
  seed: SEED,
  quote,
  checks,
  ...(note ? { note } : {}),
});
const should = (kind: Kind, quote: string, checks: string, note: string): RequirementSpec => ({ level: 'SHOULD', kind, seed: SEED, quote, checks, note });
/** Why refusing a value past a documented limit, or outside a documented list, is SHOULD. */
const PAST_THE_LIMIT =
  'The document gives the limit the bot keeps to, not what the server does with a value past it: it may refuse the answer or cut the value, so the refusal is a reading, hence SHOULD, and any 4xx passes.';

const ATTACHMENT_LENGTHS =
  'url - URL файла, строка до 4000 символов • name - Название файла, строка до 1000 символов • type - MIME-тип файла, строка до 256 символов';
const QUICK_REPLY_LENGTHS =
  'shown_text - Текстовое содержимое, необязательный параметр, строка до 2000 символов ... callback_data - Текстовое содержимое, необязательный параметр, строка до 255 символов ... imageUrl - URL иконки кнопки, строка до 4000 символов. • url - Ссылка на прикрепленный файл, строка до 4000 символов.';
const HEADER_FOOTER_LENGTHS = 'text - Текст заголовка, максимальная длина 61 символ ... text - Текст подписи, максимальная длина 61 символ';
const HEADER_KINDS =
  'В заголовке header можно передать параметры: текст заголовка, изображение, документ, видео. Отправить одновременно в заголовке и текст, и изображение, и документ, и видео нельзя.';
const LIST_PICKER_LENGTHS =
  'messageListPicker.header ... text (string) - Текст заголовка, максимальная длина 60 символов ... messageListPicker.footer ... text (string) - Текст подписи, максимальная длина 60 символов ... messageListPicker.title string Наименование кнопки для интерактивного списка, максимальная длина 20 символов ... title (string) - Заголовок секции с элементами, который отображается пользователю, максимальная длина 24 символа ... title (string) - Название элемента, максимальная длина 24 символа ... subTitle (string (необязательно)) - Подзаголовок элемента, максимальная длина 72 символа';
const LIST_PICKER_ITEMS = 'messageListPicker.sections array (Максимум 10 элементов во всех items)';
const CODES = 'code string Значения • UNCLEAR_QUESTION ... • SWITCH_TO_HUMAN ... • SUCCESS - Бот успешно обработал сообщение клиента и отправил ответ.';
const QUICK_REPLY_TYPES = 'type - Тип быстрого ответа. Возможные значения: TEXT для текстовых сообщений, CONTACT для получения данных о клиенте.';
/** Why a listed value in the other case or padded is a reading of its own. */
const EXACT_VALUES =
  'The document lists the values; whether a listed value in the other case or padded with spaces is taken for it, it does not say — a server reading values case-insensitively or trimmed still takes only the listed ones. So the exact match is a reading of its own, apart from the values no reading takes';
const CURL_HEADERS = "-H 'Authorization: Bearer <token' \\ -H 'X-Tenant-Name: local'";
const FOUR_TYPES = 'Существуют четыре типа ответов:';
const TEXT_FIELD = 'text string Ответ бота на сообщение от клиента. Обязательный параметр, если не использован formattedText.';
const ANSWER_ID_WARNING =
  'Если получен ответ на вопрос, для которого ранее уже был получен ответ бота, то в зависимости от настроек системы сообщение может быть: отклонено и доставка сообщения клиенту не будет выполнена (строгий режим) или отправка будет выполнена независимо от текста, отправляемого сообщения (мягкий режим).';
const SWITCH_TO_HUMAN = 'Необходимо присылать в сочетании с кодом SWITCH_TO_HUMAN.';
const ROUTING_IDS = `userIds set<long> ... skillIds set<long> ... unitIds set<long> ... ${SWITCH_TO_HUMAN}`;
const SHOWN_TEXT = 'shown_text - Текстовое содержимое, необязательный параметр, строка до 2000 символов. Используется только в комбинации с параметром text.';
const QUICK_REPLY_SETTINGS = 'Длина и количество быстрых ответов настраивается в БД: message.max-quick-replies, message.max-quick-reply-length';
const QUICK_REPLY_TEXT = 'text - Текст сообщения, строка до 4000 символов';
const EMAIL_WARNING =
  'Если получено сообщение с типом EMAIL, на него необходимо отвечать по sessionId и questionIndex, т.к. у одного email адреса клиента может существовать несколько активных тредов, созданных по теме email, так что вам необходимо знать, в какой конкретно тред отправить сообщение.';

export const ednaThreadsRequirements = defineCatalog('edna-threads', {
  'auth.headers': must(
    'accepts',
    CURL_HEADERS,
    'An answer sent with `Authorization: Bearer <token>` and `X-Tenant-Name: <tenant>` (as in every example) is accepted with a 2xx.',
  ),
  'auth.refuses-bad-token': should(
    'refuses',
    CURL_HEADERS,
    "An answer without the Authorization header, or with a token that is not the target's, is refused with a 4xx (never 2xx, never 5xx).",
    'The document shows the bearer token in every example but never says how a request without it is answered; refusing it is what the header is for, and any 4xx is accepted.',
  ),
  'auth.refuses-bad-tenant': should(
    'refuses',
    'Пример HTTP запроса POST /api/v1/chatbot HTTP/1.1 Content-Type: application/json Authorization: Bearer <token X-Tenant-Name: local',
    "On a target declaring its `tenant`, an answer with the target's token and an X-Tenant-Name that is not the target's, and one with no X-Tenant-Name header, are refused with a 4xx (never 2xx, never 5xx). Skipped when the target declares no tenant.",
    "Every example sends X-Tenant-Name next to the bearer token; the document never says what it is for or how a request without it is answered. It names the installation's tenant the answer is for: an answer for a tenant there is not, or for none, has no one to go to, and refusing it is the reading (as auth.refuses-bad-token), hence SHOULD and any 4xx. A server that serves a default tenant when the header is missing shows here without failing the gate. A target that declares no tenant takes answers without the header: nothing to refuse there.",
  ),
  'address.threads-client-id': must(
    'accepts',
    'По threadsClientId - Внутренний ID клиента, подходит и для авторизованных, и для неавторизованных клиентов. Этот тип предпочтителен для всех новых интеграций.',
    'An answer addressed by `threadsClientId` (a fixture client) is accepted with a 2xx.',
  ),
  'address.question-id': must(
    'accepts',
    'По questionId - Используется, когда известен идентификатор конкретного вопроса.',
    'An answer addressed by `questionId` (a fixture question not answered before) is accepted with a 2xx.',
  ),
  'address.session-question-index': must(
    'accepts',
    'По sessionId и questionIndex - Используется, когда questionID вопроса неизвестен, и вам необходимо ответить на сообщение для того, чтобы выяснить индекс вопроса в треде.',
    'An answer addressed by `sessionId` and `questionIndex` (a fixture question not answered before) is accepted with a 2xx.',
  ),
  'address.client-id': should(
    'reading',
    '4. (Устарело) По clientId - Чаще используется для авторизованных клиентов, когда требуется написать клиенту; не имеет привязки к конкретному вопросу.',
    'An answer addressed by the deprecated external `clientId` alone is accepted with a 2xx.',
    'The mode is still one of the four documented, but marked deprecated ("Этот параметр устарел, вместо него используйте threadsClientId"): a server may have retired it, so SHOULD.',
  ),
  'address.email-session': must(
    'accepts',
    EMAIL_WARNING,
    'An answer to a question of an EMAIL thread, addressed by `sessionId` and `questionIndex`, is accepted with a 2xx.',
  ),
  'address.email-question-id-refused': should(
    'refuses',
    EMAIL_WARNING,
    'On a target declaring `fixtures.emailQuestions`, an answer to a question of an EMAIL thread by its `questionId` is refused with a 4xx; the refusal counts once the same question, answered then by its `sessionId` and `questionIndex`, is accepted (so it was open). Skipped without the declaration.',
    'The warning tells the bot how to answer an EMAIL message, not the server to refuse another way, and a questionId names one question, so one thread: a server may well take it, hence SHOULD. A strict-mode server also refuses a question answered before (by an earlier run against the same deployment), so the answer by session tells the two apart; refused too, the check is not judged. An answer by threadsClientId names a client, not a message, so nothing makes it an answer to an EMAIL message: not checked.',
  ),
  'address.required': should(
    'refuses',
    FOUR_TYPES,
    'An answer with none of threadsClientId, questionId, sessionId + questionIndex, clientId is refused with a 4xx.',
    'The document lists the four ways to address an answer and no fifth; an answer with no addressee cannot be delivered, but the document does not say it is refused, so SHOULD (any 4xx).',
  ),
  'text.formatted-alone': must('accepts', TEXT_FIELD, 'An answer with `formattedText` and no `text` is accepted with a 2xx.'),
  'text.with-formatted': must(
    'accepts',
    'formattedText string (необязательно) Ответ бота на сообщение от клиента. В ответе может содержаться текст в разметке Markdown. Рекомендуется передать текстовое представление ответа в поле text для отображения в пользовательском интерфейсе.',
    'An answer with `formattedText` and its plain-text form in `text` is accepted with a 2xx.',
    'The document recommends sending both, so a server takes them together.',
  ),
  'text.required': should(
    'refuses',
    TEXT_FIELD,
    'An answer with neither `text` nor `formattedText` (and no quick replies or attachments either) is refused with a 4xx.',
    "The document's own quick-reply example sends neither text nor formattedText and is answered 200 OK, so the rule is not enforced literally; only an answer with no content at all is checked, at SHOULD.",
  ),
  'attachments.max-lengths': must(
    'accepts',
    ATTACHMENT_LENGTHS,
    'Each attachment field (url, name, type) is accepted exactly at its documented length.',
    'The lengths live in schemas/edna-threads.openapi.json (Attachment). One character over is attachments.max-lengths-refused (SHOULD).',
  ),
  'attachments.max-lengths-refused': should(
    'refuses',
    ATTACHMENT_LENGTHS,
    'Each attachment field (url, name, type) one character over its documented length is refused with a 4xx.',
    PAST_THE_LIMIT,
  ),
  'attachments.image-type': must(
    'accepts',
    'Если в ответе есть изображение, то для того, чтобы файл верно отображался клиенту, название изображения должно содержать расширение файла, либо же должен быть указан тип файла (например, image/jpg).',
    'An image attachment whose name has an extension and no type, and one with a MIME type and a name without extension, are both accepted with a 2xx.',
    'Either form is enough by the document. An image with neither cannot be told from any other file by the server, and the document only says it would display wrongly, so that case is checked only for never causing a server error (input.no-server-error).',
  ),
  'quick-replies.max-lengths': must(
    'accepts',
    QUICK_REPLY_LENGTHS,
    'Each of shown_text, callback_data, imageUrl, url is accepted exactly at its documented length.',
    'One character over is quick-replies.max-lengths-refused (SHOULD).',
  ),
  'quick-replies.max-lengths-refused': should(
    'refuses',
    QUICK_REPLY_LENGTHS,
    'Each of shown_text, callback_data, imageUrl, url one character over its documented length is refused with a 4xx.',
    PAST_THE_LIMIT,
  ),
  'quick-replies.text-max-length': should(
    'reading',
    `${QUICK_REPLY_TEXT} ... ${QUICK_REPLY_SETTINGS}`,
    "A quick reply's text is accepted at 4000 characters and refused (4xx) at 4001. Skipped on a target declaring another `fixtures.maxQuickReplyLength`.",
    'The document gives 4000 but also says the quick-reply length is configured per installation (message.max-quick-reply-length), so a target configured otherwise may differ: SHOULD. A target that declares its setting is held to that instead (quick-replies.max-reply-length).',
  ),
  'quick-replies.max-count': must(
    'accepts',
    QUICK_REPLY_SETTINGS,
    'On a target declaring `fixtures.maxQuickReplies` (its message.max-quick-replies), an answer with that many quick replies is accepted with a 2xx. Skipped without the declaration.',
    'The document gives no number, only that the installation sets one: as many as the setting allows are accepted. One more is quick-replies.max-count-refused (SHOULD).',
  ),
  'quick-replies.max-count-refused': should(
    'refuses',
    QUICK_REPLY_SETTINGS,
    'On a target declaring `fixtures.maxQuickReplies`, an answer with one quick reply more than the setting is refused with a 4xx. Skipped without the declaration.',
    'The sentence says the number is set, not what happens past it: a server may refuse the answer or cut the list, so the refusal is a reading, hence SHOULD.',
  ),
  'quick-replies.max-reply-length': must(
    'accepts',
    `${QUICK_REPLY_TEXT} ... ${QUICK_REPLY_SETTINGS}`,
    'On a target declaring `fixtures.maxQuickReplyLength` (its message.max-quick-reply-length), a quick reply whose text is that many characters, Cyrillic ones, is accepted with a 2xx. Skipped without the declaration.',
    "The installation sets the length of a quick reply, that is of its text (the document's 4000 where the setting is left as documented): a text as long as the setting allows is accepted. The length is in characters («символов»), so the text is Cyrillic, as the installation's clients write, where a count of UTF-8 bytes would be twice as long. One more is quick-replies.max-reply-length-refused (SHOULD).",
  ),
  'quick-replies.max-reply-length-refused': should(
    'refuses',
    QUICK_REPLY_SETTINGS,
    "On a target declaring `fixtures.maxQuickReplyLength`, an answer whose second quick reply's text is one character longer than the setting (the first one short) is refused with a 4xx. Skipped without the declaration.",
    'As for the count, the sentence says the length is set, not what happens past it: a server may refuse the answer or cut the text, so the refusal is a reading, hence SHOULD. The over-long reply comes second so that every reply is seen held to the setting, not only the first (one alone where the installation takes a single quick reply).',
  ),
  'quick-replies.type': must(
    'accepts',
    QUICK_REPLY_TYPES,
    'Quick replies of type TEXT and CONTACT are accepted with a 2xx.',
    'Any other type is quick-replies.unknown-type and quick-replies.type-exact (SHOULD).',
  ),
  'quick-replies.unknown-type': should(
    'refuses',
    QUICK_REPLY_TYPES,
    "A quick reply whose type is not TEXT or CONTACT (made up, cut short, another enum's value, a common status word) is refused with a 4xx.",
    'The document lists the possible values, not what the server does with another: refusing it is the reading, hence SHOULD, and any 4xx passes.',
  ),
  'quick-replies.type-exact': should(
    'refuses',
    QUICK_REPLY_TYPES,
    'A listed type in the other case or padded with spaces ("text", " TEXT ") is refused with a 4xx.',
    `${EXACT_VALUES} (quick-replies.unknown-type).`,
  ),
  'quick-replies.shown-text-with-text': must(
    'accepts',
    SHOWN_TEXT,
    'A quick reply with both `text` and `shown_text` is accepted with a 2xx.',
    'shown_text without text is quick-replies.shown-text-needs-text (SHOULD) and input.no-server-error.',
  ),
  'quick-replies.shown-text-needs-text': should(
    'refuses',
    SHOWN_TEXT,
    'A quick reply with `shown_text` and no `text` is refused with a 4xx.',
    'The sentence makes text necessary for shown_text but does not say the server refuses rather than ignores it: a server that accepts it silently shows here without failing the gate. input.no-server-error checks that the same answer never causes a server error.',
  ),
  'whatsapp.header-footer-max-length': must(
    'accepts',
    HEADER_FOOTER_LENGTHS,
    'quickRepliesHeaderFooter header and footer text is accepted at its documented length.',
    'The document types header and footer as "array" yet lists one object\'s fields; the harness probes which of the two shapes the target takes and uses it. One character over is whatsapp.header-footer-max-length-refused (SHOULD).',
  ),
  'whatsapp.header-footer-max-length-refused': should(
    'refuses',
    HEADER_FOOTER_LENGTHS,
    'quickRepliesHeaderFooter header and footer text one character over its documented length is refused with a 4xx.',
    PAST_THE_LIMIT,
  ),
  'whatsapp.header-each-kind': must(
    'accepts',
    HEADER_KINDS,
    'A quickRepliesHeaderFooter header of each one kind (text, image, document, video) is accepted with a 2xx.',
    'Headers of several kinds are whatsapp.header-not-all-kinds and whatsapp.header-one-kind (SHOULD).',
  ),
  'whatsapp.header-not-all-kinds': should(
    'refuses',
    HEADER_KINDS,
    'A quickRepliesHeaderFooter header carrying all four kinds at once is refused with a 4xx.',
    '«нельзя» tells the bot what it may not send, not what the server does with it: refusing it is the reading, hence SHOULD, and any 4xx passes.',
  ),
  'whatsapp.header-one-kind': should(
    'reading',
    HEADER_KINDS,
    'A header carrying two or three of the kinds is refused with a 4xx.',
    'Literally the sentence forbids all four at once (whatsapp.header-not-all-kinds); that a header carries only one kind is its idiomatic reading and how WhatsApp headers work, hence SHOULD.',
  ),
  'list-picker.max-lengths': must(
    'accepts',
    LIST_PICKER_LENGTHS,
    "Each list picker text (header, footer, title, a section's title, an item's title and subTitle) is accepted exactly at its documented length.",
    'One character over is list-picker.max-lengths-refused (SHOULD).',
  ),
  'list-picker.max-lengths-refused': should(
    'refuses',
    LIST_PICKER_LENGTHS,
    'Each list picker text one character over its documented length is refused with a 4xx.',
    PAST_THE_LIMIT,
  ),
  'list-picker.max-items': must(
    'accepts',
    LIST_PICKER_ITEMS,
    'A list picker with exactly the maximum number of items is accepted, in one section and split over two.',
    'One item more is list-picker.max-items-refused (SHOULD).',
  ),
  'list-picker.max-items-refused': should(
    'refuses',
    LIST_PICKER_ITEMS,
    'A list picker with one item more than the maximum is refused with a 4xx, in one section and split over two (each section within the maximum).',
    PAST_THE_LIMIT,
  ),
  'code.values': must('accepts', CODES, 'Each documented code is accepted with a 2xx.', 'Any other code is code.unknown-value and code.exact-values (SHOULD).'),
  'code.unknown-value': should(
    'refuses',
    CODES,
    "A code outside the list (made up, cut short, another enum's value, a common status word) is refused with a 4xx.",
    'The document lists the values, not what the server does with another: refusing it is the reading, hence SHOULD, and any 4xx passes.',
  ),
  'code.exact-values': should(
    'refuses',
    CODES,
    'A listed code in the other case or padded with spaces ("success", " SUCCESS ") is refused with a 4xx.',
    `${EXACT_VALUES} (code.unknown-value).`,
  ),
  'switch-to-human.routing': must(
    'accepts',
    ROUTING_IDS,
    'An answer with code SWITCH_TO_HUMAN and the routing lists the target declares (fixtures.routing: userIds, skillIds, unitIds) is accepted with a 2xx; without them, skipped.',
    "Made-up ids may name no agent, so only the installation's own are demanded accepted. The ids with another code are switch-to-human.routing-code-only (SHOULD) and input.no-server-error.",
  ),
  'switch-to-human.routing-code-only': should(
    'refuses',
    ROUTING_IDS,
    "On a target declaring `fixtures.routing`, an answer with code SUCCESS and the installation's userIds is refused with a 4xx, and likewise its skillIds and its unitIds. Skipped without the declaration.",
    'The sentence makes SWITCH_TO_HUMAN necessary for the ids but does not say the server refuses rather than ignores them: a server that accepts them silently shows here without failing the gate. Only SUCCESS is sent: UNCLEAR_QUESTION hands the thread to an agent too («переводит его человеку»), and a server may route it. Made-up ids may be refused as naming no agent, which would not show that the code was checked, hence the declared ids.',
  ),
  'segmentation.personal-manager': must(
    'accepts',
    'segmentationInfo Map<String, String> ... Параметр сегментации personal_manager доступен "из коробки". Если в этом параметре передан логин агента, а маршрут для сегмента с этим параметром настроен в системе, треды клиентов распределяются по соответствующему маршруту персональным менеджерам (агентам).',
    "On a target declaring `fixtures.personalManager` (an agent's login), an answer whose segmentationInfo carries personal_manager with that login is accepted with a 2xx. Skipped without the declaration.",
    "The parameter takes «логин агента»; what a login of no agent gets is not said, so only the declared one is sent. Whether the thread then goes to that agent shows in the agents' workplace, not through this API.",
  ),
  'segmentation.string-values': should(
    'refuses',
    'segmentationInfo Map<String, String> Дополнительные параметры для сегментации (используется как в пользовательских, так и в преднастроенных сегментах).',
    'An answer whose segmentationInfo holds a JSON object, or a list, as a value is refused with a 4xx (never 2xx, never 5xx).',
    'The type is stated, not what the server does with another (as input.wrong-types); any 4xx is accepted. Numbers and booleans are not sent: a Java server coerces them to strings by default.',
  ),
  'answer-id.not-delivered-twice': {
    ...must(
      'does',
      'answerId является уникальным значением. В случае повторного получения значение сообщение не будет доставлено клиенту.',
      'A second answer with an answerId already received is not delivered to the client.',
      'Delivery to the client is outside this API: nothing the bot can call shows what the client received, and the document does not say how the repeat is answered. Reported as unobservable; input.no-server-error checks that the repeat is answered without a server error.',
    ),
    unobservable:
      "Whether the client got the message twice shows only on the client's side: this API has no method that reads deliveries, and the document does not say how the repeat is answered.",
  },
  'answer-id.strict-mode': should(
    'reading',
    ANSWER_ID_WARNING,
    'On a target declaring answerIdMode "strict", a second answer (new answerId) to a question already answered, by questionId or by sessionId + questionIndex, is refused with a 4xx.',
    `"Отклонено" reads as a refused request; the document does not say the refusal is reported in the HTTP answer rather than only by not delivering, and EVIDENCE.md: "${EVIDENCE_NO_ERRORS}" So SHOULD, any 4xx. threadsClientId and clientId answers are not tied to a question ("не имеет привязки к конкретному вопросу"), so the rule is checked on questionId and session answers only.`,
  ),
  'answer-id.soft-mode': must(
    'accepts',
    ANSWER_ID_WARNING,
    'On a target declaring answerIdMode "soft", a second answer (new answerId) to a question already answered is accepted with a 2xx.',
  ),
  'input.malformed-json': should(
    'refuses',
    'Пример HTTP запроса POST /api/v1/chatbot HTTP/1.1 Content-Type: application/json',
    'A body that is not valid JSON is refused with a 4xx (never 2xx, never 5xx).',
    `The document gives no error responses (EVIDENCE.md: "${EVIDENCE_NO_ERRORS}"); any 4xx is accepted.`,
  ),
  'input.wrong-types': should(
    'refuses',
    'threadsClientId long (необязательно) ... questionId number (необязательно) ... settings.blockInput boolean (необязательно) ... attachments array (необязательно)',
    'A documented number, boolean, array or object field sent with another JSON type is refused with a 4xx (never 2xx, never 5xx).',
    "Types are stated, but not what the server does with another type; any 4xx is accepted. A number where a string is expected is not checked: Java servers (the example answers carry Spring's headers) coerce it to a string by default.",
  ),
  'input.unknown-ids': should(
    'refuses',
    'questionId number (необязательно) Внутренний ID сообщения клиента',
    "An answer to a questionId, threadsClientId or sessionId that does not exist on the target (the fixtures' unknown ids) is refused with a 4xx (never 2xx, never 5xx).",
    `The document does not say how an unknown addressee is answered (EVIDENCE.md: "${EVIDENCE_NO_ERRORS}"); a 4xx is the HTTP reading.`,
  ),
  'input.no-server-error': should(
    'reading',
    `shown_text ... Используется только в комбинации с параметром text. ... userIds ... ${SWITCH_TO_HUMAN} ... answerId является уникальным значением. ... identifier (string) – сквозной для всего сообщения ID элемента ... answerId string ... code string ... segmentationInfo Map<String, String>`,
    'An answer that breaks a rule the document sets for the bot (shown_text without text, routing ids without SWITCH_TO_HUMAN, an image with neither extension nor type, a repeated answerId, list picker items sharing an identifier), or that leaves out answerId, code or segmentationInfo, is answered 2xx or 4xx as the server chooses, never 5xx.',
    "The document does not say whether such answers are refused or ignored, so both are accepted; a server error is neither (HTTP: 5xx is the server's fault). The table marks optional fields «(необязательно)», and text «Обязательный параметр, если не использован formattedText»; answerId, code and segmentationInfo it marks neither way, and every example carries them. So a server may demand them or not: valid answers always carry them, and an answer without each is checked only for never causing a server error.",
  ),
});
