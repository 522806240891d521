// The Lia reference as its adapter starts it: one in-memory server.
import type { ReferenceModule, Variant } from '../../lib/adapter.ts';
import { SHARED_VARIANTS } from '../variants.ts';
import { LIA_FAULTS } from './faults.ts';
import { startLiaReference } from './server.ts';

const LIA_VARIANTS: Variant[] = [
  {
    name: 'lia-undefined-names-refused',
    silence:
      'Intents and entities «должны быть определены заранее», but nothing says what an event naming another gets: an intent or raw event naming an intent or entity the project does not define is refused with 400 rather than answered with the fallback.',
  },
  {
    name: 'lia-json-no-charset',
    family: 'lia-content-type',
    silence:
      "«в формате JSON» names no media type parameters: answers are labelled application/json with no charset (JSON is UTF-8), where the document's example has `application/json; charset=utf-8`.",
  },
  {
    name: 'lia-json-vendor-type',
    family: 'lia-content-type',
    silence: '«в формате JSON» names no media type: answers are labelled with a JSON vendor type, application/vnd.lia.events+json.',
  },
  {
    name: 'lia-rich-answers-minimal',
    family: 'lia-rich-answers',
    silence:
      'Optional fields may be left out: media without caption, a location without name, buttons events without text, text and intent buttons without params.text, media and locations without quick_replies.',
  },
  {
    name: 'lia-rich-answers-extra-fields',
    family: 'lia-rich-answers',
    silence: 'Nothing forbids fields the document does not name: media carry mime_type, locations formatted_address, buttons events layout and buttons an id.',
  },
  {
    name: 'lia-long-list-as-buttons',
    silence: "«Объекты quick_replies и buttons идентичны»: the list of every topic comes as a buttons event, not as a text event's quick_replies.",
  },
  {
    name: 'lia-other-methods-404',
    silence: 'The document names POST only, not what another method gets: a router that knows only POST answers 404 (no route) rather than 405.',
  },
];

export const reference: ReferenceModule = {
  faults: LIA_FAULTS,
  variants: [...SHARED_VARIANTS, ...LIA_VARIANTS],
  async start({ faults, variants, secret }) {
    const lia = await startLiaReference({ key: secret('lia', 'key'), faults, variants });
    return { sections: { lia: lia.section }, close: lia.close };
  },
};
