// The edna Threads target-file section (schemas/edna-threads.target.json).
import type { Section } from '../../lib/adapter.ts';

export interface EdnaSession {
  sessionId: string;
  questionIndex: number;
}

/** A question of an EMAIL thread by both of its addresses. */
export interface EdnaEmailQuestion extends EdnaSession {
  questionId: number;
}

export interface EdnaThreadsTarget extends Section {
  baseUrl: string;
  token: string;
  tenant?: string;
  answerIdMode?: 'strict' | 'soft';
  fixtures: {
    threadsClientIds?: number[];
    clientIds?: string[];
    /** threadsClientIds of WhatsApp clients: the only ones WhatsApp-only content goes to. */
    whatsAppClientIds?: number[];
    /** Agents, skills and departments of the installation, for SWITCH_TO_HUMAN. */
    routing?: { userIds?: number[]; skillIds?: number[]; unitIds?: number[] };
    /** An agent's login, for segmentationInfo.personal_manager. */
    personalManager?: string;
    /** The installation's message.max-quick-replies. */
    maxQuickReplies?: number;
    /** The installation's message.max-quick-reply-length: the length of a quick reply's text. */
    maxQuickReplyLength?: number;
    /** Every question listed is unanswered at the start of each run (a reference started for the run, minted ones): a refusal of one is the target's. */
    fresh?: boolean;
    questionIds?: number[];
    sessions?: EdnaSession[];
    emailSessions?: EdnaSession[];
    /** Questions of EMAIL threads, none of them in emailSessions: answered by questionId, which the document has them not answered by. */
    emailQuestions?: EdnaEmailQuestion[];
    unknown?: { questionId?: number; threadsClientId?: number; sessionId?: string };
  };
}
