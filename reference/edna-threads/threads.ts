// The reference's in-memory Threads installation: clients, their threads (sessions) and the
// questions in them, plus what the bot has answered and what was delivered. Seeded with enough
// threads and questions that every test can answer questions of its own (answering consumes one).
import type { EdnaThreadsTarget } from '../../specs/edna-threads/target.ts';

export type Channel = 'WEB' | 'EMAIL';

export interface Question {
  questionId: number;
  sessionId: string;
  /** 1-based position of the client's message in the thread (the document's example answers index 3). */
  questionIndex: number;
  answered: boolean;
}

export interface Session {
  sessionId: string;
  channel: Channel;
  threadsClientId: number;
  questions: Question[];
}

export interface Client {
  threadsClientId: number;
  /** The external id of the deprecated clientId mode. */
  clientId: string;
  /** The channel the client writes from. */
  whatsApp: boolean;
}

export interface Delivery {
  threadsClientId: number;
  sessionId?: string;
  answerId?: string;
  body: Record<string, unknown>;
}

const CLIENTS = 20;
/** The last clients write from WhatsApp (quickRepliesHeaderFooter and messageListPicker are for them). */
const WHATSAPP_CLIENTS = 2;
/** Agents, skills and departments of the installation (SWITCH_TO_HUMAN routes to them). */
export const ROUTING = { userIds: [1, 2, 3], skillIds: [1, 2], unitIds: [1] };
/** The agents' logins (userIds 1, 2, 3), which segmentationInfo.personal_manager names. */
export const AGENT_LOGINS = ['a.ivanova', 'p.sidorov', 'm.petrova'];
const WEB_SESSIONS = 150;
const EMAIL_SESSIONS = 40;
/** Each thread's questions: its last is answered by session, the others by questionId. */
const QUESTIONS_PER_SESSION: Record<Channel, number> = { WEB: 3, EMAIL: 2 };
/** What one run spends, with room for retries: a run answers two questions by id, two by session, and an EMAIL thread's question by session and another by questionId. */
const MINTED_WEB_SESSIONS = 8;
const MINTED_EMAIL_SESSIONS = 4;
/** The document's example answers questionId 43. */
const FIRST_QUESTION_ID = 43;

export class Threads {
  readonly clients = new Map<number, Client>();
  readonly sessions = new Map<string, Session>();
  readonly questions = new Map<number, Question>();
  /** Every answerId received: a repeat is never delivered. */
  readonly answerIds = new Set<string>();
  readonly deliveries: Delivery[] = [];

  private nextQuestionId = FIRST_QUESTION_ID;

  constructor() {
    for (let n = 1; n <= CLIENTS; n++) this.clients.set(n, { threadsClientId: n, clientId: `client-${n}`, whatsApp: n > CLIENTS - WHATSAPP_CLIENTS });
    this.open('WEB', WEB_SESSIONS);
    this.open('EMAIL', EMAIL_SESSIONS);
  }

  /** New threads of a channel, each with its questions (a client's messages), none answered; returns them. */
  private open(channel: Channel, count: number): Session[] {
    return Array.from({ length: count }, () => {
      const sessionId = String(this.sessions.size + 1);
      const session: Session = { sessionId, channel, threadsClientId: (this.sessions.size % CLIENTS) + 1, questions: [] };
      for (let index = 1; index <= QUESTIONS_PER_SESSION[channel]; index++) {
        const question = { questionId: this.nextQuestionId++, sessionId, questionIndex: index, answered: false };
        session.questions.push(question);
        this.questions.set(question.questionId, question);
      }
      this.sessions.set(sessionId, session);
      return session;
    });
  }

  /** Fresh questions for one more run: clients write again, in new threads (what a vendor's staging would mint). */
  mint(): Pick<EdnaThreadsTarget['fixtures'], 'questionIds' | 'sessions' | 'emailSessions' | 'emailQuestions'> {
    return questionsOf(this.open('WEB', MINTED_WEB_SESSIONS), this.open('EMAIL', MINTED_EMAIL_SESSIONS));
  }

  clientByExternalId(clientId: string): Client | undefined {
    for (const client of this.clients.values()) if (client.clientId === clientId) return client;
    return undefined;
  }

  fixtures(): EdnaThreadsTarget['fixtures'] {
    const sessions = [...this.sessions.values()];
    return {
      threadsClientIds: [...this.clients.values()].filter((c) => !c.whatsApp).map((c) => c.threadsClientId),
      whatsAppClientIds: [...this.clients.values()].filter((c) => c.whatsApp).map((c) => c.threadsClientId),
      clientIds: [...this.clients.values()].map((c) => c.clientId),
      ...questionsOf(
        sessions.filter((s) => s.channel === 'WEB'),
        sessions.filter((s) => s.channel === 'EMAIL'),
      ),
      unknown: { questionId: 999_999_999, threadsClientId: 999_999_999, sessionId: 'no-such-session' },
      routing: ROUTING,
      personalManager: AGENT_LOGINS[0],
    };
  }
}

/**
 * The question ids a vendor would hand the harness: every thread's last question by sessionId +
 * questionIndex, its earlier ones by questionId (so no two lists name one question); an EMAIL
 * thread's earlier ones by both, since the document has them answered by session.
 */
function questionsOf(web: Session[], email: Session[]) {
  const last = (s: Session) => ({ sessionId: s.sessionId, questionIndex: s.questions[s.questions.length - 1].questionIndex });
  const earlier = (sessions: Session[]) => sessions.flatMap((s) => s.questions.slice(0, -1));
  return {
    questionIds: earlier(web).map((q) => q.questionId),
    sessions: web.map(last),
    emailSessions: email.map(last),
    emailQuestions: earlier(email).map(({ sessionId, questionIndex, questionId }) => ({ sessionId, questionIndex, questionId })),
  };
}
