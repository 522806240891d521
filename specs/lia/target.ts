// The Lia target-file section (schemas/lia.target.json).
import type { Section } from '../../lib/adapter.ts';

/** Texts the project's bot answers with rich content: the checks of such answers send them. */
export interface LiaBotQueries {
  /** Answered with a `buttons` event. */
  buttonsQuery?: string;
  /** Answered with an image, audio, video or file event. */
  mediaQuery?: string;
  /** Answered with a location event. */
  locationQuery?: string;
  /** Answered with the bot's longest quick_replies or buttons list. */
  longListQuery?: string;
}

export interface LiaTarget extends Section {
  baseUrl: string;
  key: string;
  /** Intents defined in the project: the only names intent and raw events may count on. */
  intents?: string[];
  /** Entities defined in the project: the only names raw events' entities may count on. */
  entities?: string[];
  bot?: LiaBotQueries;
}
