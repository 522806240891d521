// The edna Threads reference as its adapter starts it: one in-memory server with its fixtures.
import type { ReferenceModule, Variant } from '../../lib/adapter.ts';
import { SHARED_VARIANTS } from '../variants.ts';
import { EDNA_THREADS_FAULTS } from './faults.ts';
import { startEdnaThreadsReference } from './server.ts';

const EDNA_VARIANTS: Variant[] = [
  {
    name: 'edna-whatsapp-only',
    silence:
      '«только для Whatsapp» says where the content shows, not how another channel takes it: quickRepliesHeaderFooter and messageListPicker to a client of another channel are refused.',
  },
  { name: 'edna-success-accepted', silence: 'Seed 001 gives no success body for POST /api/v1/chatbot: 202 with a JSON receipt.' },
  {
    name: 'edna-soft-mode',
    family: 'edna-second-answer',
    silence: 'Strict or soft handling of a second answer is a system setting: the reference runs (and declares) soft.',
  },
  {
    name: 'edna-strict-refusal-400',
    family: 'edna-second-answer',
    silence: '"отклонено" in strict mode gives no code: a second answer is refused with 400, not 409.',
  },
  {
    name: 'edna-unclear-question-routed',
    silence:
      'Routing ids are "в сочетании с кодом SWITCH_TO_HUMAN", but UNCLEAR_QUESTION also hands the thread to an agent («переводит его человеку»): userIds, skillIds and unitIds are taken with it too.',
  },
  {
    name: 'edna-personal-manager-known-only',
    silence:
      'personal_manager routes "если в этом параметре передан логин агента"; nothing says what another value gets: a login of no agent is refused with 400.',
  },
  {
    name: 'edna-max-quick-replies-3',
    silence:
      '"количество быстрых ответов настраивается в БД": the installation sets message.max-quick-replies to 3 (and declares it), not the reference\'s 10.',
  },
  {
    name: 'edna-max-quick-reply-length-20',
    silence:
      '"Длина ... быстрых ответов настраивается в БД": the installation sets message.max-quick-reply-length to 20, a WhatsApp reply button\'s title (and declares it), not the document\'s 4000.',
  },
];

export const reference: ReferenceModule = {
  faults: EDNA_THREADS_FAULTS,
  variants: [...SHARED_VARIANTS, ...EDNA_VARIANTS],
  async start({ faults, variants, secret, manyRuns }) {
    const edna = await startEdnaThreadsReference({
      token: secret('edna-threads', 'token'),
      faults,
      variants,
      answerIdMode: variants.has('edna-soft-mode') ? 'soft' : 'strict',
      maxQuickReplies: variants.has('edna-max-quick-replies-3') ? 3 : undefined,
      maxQuickReplyLength: variants.has('edna-max-quick-reply-length-20') ? 20 : undefined,
      manyRuns,
    });
    return { sections: { 'edna-threads': edna.section }, close: edna.close };
  },
};
