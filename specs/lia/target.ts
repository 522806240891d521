// The Lia target-file section (schemas/lia.target.json).
import type { Section } from '../../lib/adapter.ts';

export interface LiaTarget extends Section {
  baseUrl: string;
  key: string;
  /** Intents defined in the project: the only names intent and raw events may count on. */
  intents?: string[];
}
