// Switchable faults of the edna Threads reference: bugs a vendor could plausibly ship, one or more
// per requirement key. `edna-threads.answer-id.not-delivered-twice` has none: delivery is not
// observable through this API (the suite reports it unobservable).
import type { Fault } from '../../lib/adapter.ts';

const fault = (name: string, violates: string, description: string): Fault => ({ name, violates, description });

export const EDNA_THREADS_FAULTS: Fault[] = [
  fault('edna-bearer-prefix-rejected', 'auth.headers', 'compares the whole Authorization header with the token, so the documented "Bearer <token>" is refused'),
  fault('edna-missing-token-accepted', 'auth.refuses-bad-token', 'a request with no Authorization header skips the token check'),
  fault('edna-missing-tenant-default', 'auth.refuses-bad-tenant', 'a request with no X-Tenant-Name header is served for the default tenant'),
  fault('edna-unknown-tenant-500', 'auth.refuses-bad-tenant', 'a tenant the installation does not have fails with 500: its datasource lookup throws'),
  fault(
    'edna-threads-client-id-ignored',
    'address.threads-client-id',
    'only the deprecated clientId addresses a client: an answer by threadsClientId has no addressee',
  ),
  fault('edna-question-id-ignored', 'address.question-id', 'questionId is not read: an answer by questionId has no addressee'),
  fault(
    'edna-fresh-question-refused',
    'address.question-id',
    'the answered-question lookup joins the wrong way: a question with no bot answer yet is refused as already answered',
  ),
  fault('edna-question-index-zero-based', 'address.session-question-index', 'questionIndex is taken as 0-based, so the last question of a thread is not found'),
  fault('edna-client-id-retired', 'address.client-id', 'the deprecated clientId mode was removed: an answer by clientId alone has no addressee'),
  fault('edna-email-session-refused', 'address.email-session', 'answers to EMAIL threads by sessionId + questionIndex are refused'),
  fault(
    'edna-email-question-id-accepted',
    'address.email-question-id-refused',
    'a question of an EMAIL thread is answered by questionId like any other, though the document has EMAIL answered by sessionId and questionIndex',
  ),
  fault('edna-no-addressee-accepted', 'address.required', 'an answer with no addressee is accepted (and silently dropped)'),
  fault('edna-text-always-required', 'text.formatted-alone', 'text is required even when formattedText is given'),
  fault('edna-empty-answer-accepted', 'text.required', 'an answer with neither text nor formattedText is accepted'),
  fault(
    'edna-text-and-formatted-exclusive',
    'text.with-formatted',
    'text and formattedText are taken as alternatives: an answer carrying both, as the document recommends, is refused',
  ),
  fault(
    'edna-segmentation-keys-whitelisted',
    'segmentation.personal-manager',
    'segmentationInfo keys are checked against the segment parameters configured by hand, which never list the built-in personal_manager',
  ),
  fault(
    'edna-segmentation-values-unchecked',
    'segmentation.string-values',
    'segmentationInfo is stored as a JSON column: objects and lists are taken as values',
  ),
  fault('edna-attachment-limit-off-by-one', 'attachments.max-lengths', 'attachment lengths are checked with >= : a value exactly at the limit is refused'),
  fault('edna-attachment-name-unchecked', 'attachments.max-lengths-refused', "an attachment's name is stored in a TEXT column and its length is not checked"),
  fault('edna-image-needs-extension', 'attachments.image-type', 'an image is refused unless its name has an extension, even with an image/* type'),
  fault('edna-image-url-limit-255', 'quick-replies.max-lengths', "a quick reply's imageUrl is held to 255 characters, callback_data's limit"),
  fault('edna-callback-data-unchecked', 'quick-replies.max-lengths-refused', 'quick reply callback_data length is not checked'),
  fault('edna-quick-reply-text-2000', 'quick-replies.text-max-length', 'quick reply text is limited to 2000 characters (the shown_text limit)'),
  fault('edna-contact-quick-reply-refused', 'quick-replies.type', 'only TEXT quick replies are implemented: a quick reply of type CONTACT is refused'),
  fault('edna-quick-reply-type-unchecked', 'quick-replies.unknown-type', 'any quick reply type is accepted'),
  fault(
    'edna-shown-text-camel-case',
    'quick-replies.shown-text-with-text',
    'the server maps `shownText` and refuses the documented `shown_text` as an unknown field',
  ),
  fault(
    'edna-shown-text-alone-accepted',
    'quick-replies.shown-text-needs-text',
    "a quick reply's shown_text stands in for its missing text, and the answer is accepted",
  ),
  fault(
    'edna-max-quick-replies-exclusive',
    'quick-replies.max-count',
    'message.max-quick-replies is read as an exclusive bound: exactly that many quick replies are refused',
  ),
  fault(
    'edna-max-quick-replies-ignored',
    'quick-replies.max-count-refused',
    'message.max-quick-replies is never read: any number of quick replies is accepted',
  ),
  fault(
    'edna-quick-reply-length-in-bytes',
    'quick-replies.max-reply-length',
    "message.max-quick-reply-length is compared with the text's UTF-8 bytes: a Cyrillic quick reply as long as the setting is refused",
  ),
  fault(
    'edna-quick-reply-length-first-only',
    'quick-replies.max-reply-length-refused',
    "only the first quick reply's text is held to message.max-quick-reply-length: a longer one after it is accepted",
  ),
  fault('edna-header-footer-limit-60', 'whatsapp.header-footer-max-length', "WhatsApp header and footer text use the list picker's 60-character limit"),
  fault(
    'edna-footer-length-unchecked',
    'whatsapp.header-footer-max-length-refused',
    "only the header's text is held to 61 characters: a longer footer is accepted",
  ),
  fault(
    'edna-header-video-refused',
    'whatsapp.header-each-kind',
    'a header with a video is refused: videoUrl is unknown to the server, which takes text, an image or a document',
  ),
  fault('edna-header-kinds-unchecked', 'whatsapp.header-not-all-kinds', 'a header may carry text, image, document and video at once'),
  fault('edna-header-all-four-only', 'whatsapp.header-one-kind', 'only a header with all four kinds at once is refused (the sentence read literally)'),
  fault('edna-section-title-limit-20', 'list-picker.max-lengths', "a list picker section's title is held to the picker title's 20 characters, not 24"),
  fault('edna-subtitle-unchecked', 'list-picker.max-lengths-refused', 'list picker item subTitle length is not checked'),
  fault('edna-items-limit-exclusive', 'list-picker.max-items', 'the 10-item limit is checked with >= : a list picker of exactly 10 items is refused'),
  fault('edna-items-per-section', 'list-picker.max-items-refused', 'the 10-item limit is applied per section, not across all sections'),
  fault('edna-code-trimmed', 'code.exact-values', 'the code is trimmed before it is looked up, so " SUCCESS " is taken for SUCCESS'),
  fault(
    'edna-quick-reply-type-case-insensitive',
    'quick-replies.type-exact',
    'quick reply types are compared without regard to case, so "text" is taken for TEXT',
  ),
  fault('edna-unclear-question-unknown', 'code.values', "code UNCLEAR_QUESTION is missing from the server's enum and refused"),
  fault('edna-code-unchecked', 'code.unknown-value', 'the code is stored as free text: any value is accepted'),
  fault('edna-routing-ids-refused', 'switch-to-human.routing', 'skillIds and unitIds are unknown fields to the server and refused'),
  fault(
    'edna-routing-ids-any-code',
    'switch-to-human.routing-code-only',
    'routing ids are read only for a handover and silently dropped with any other code, which is accepted',
  ),
  fault('edna-strict-mode-not-enforced', 'answer-id.strict-mode', 'in strict mode a second answer to an answered question is accepted and delivered'),
  fault(
    'edna-soft-setting-ignored',
    'answer-id.soft-mode',
    'the installation is configured soft (and declared so) but the server still refuses a second answer',
  ),
  fault('edna-malformed-json-500', 'input.malformed-json', 'a body that is not JSON fails with 500'),
  fault('edna-loose-types', 'input.wrong-types', 'settings flags are read as truthy values instead of booleans'),
  fault('edna-unknown-question-accepted', 'input.unknown-ids', 'an answer to a questionId that does not exist is accepted and dropped'),
  fault('edna-duplicate-answer-id-500', 'input.no-server-error', 'a repeated answerId hits a unique constraint and fails with 500'),
  fault(
    'edna-duplicate-identifier-500',
    'input.no-server-error',
    'list picker items are stored under a unique (message, identifier) key: a repeated identifier fails with 500',
  ),
  fault('edna-missing-answer-id-500', 'input.no-server-error', 'the repeat check reads answerId with no null check: an answer without one fails with 500'),
];
