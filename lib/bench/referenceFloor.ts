// The embedded reference's mandated waits: its declared timings (what its target description
// tells the harness), its configured poll block, and each Chat API profile's requirements.
import { catalogOf } from '../catalogs.ts';
import type { ApiName } from '../requirements.ts';
import { REFERENCE_CHAT_TIMINGS, startReference } from '../../reference/index.ts';
import { chatApiWaitChains, type WaitChain } from './floor.ts';

export async function referenceWaitChains(): Promise<WaitChain[]> {
  // The reference describes itself once started; the sink address only has to be present.
  const reference = await startReference({ webhookListen: '127.0.0.1:9' });
  try {
    return (['jaicp-chat', 'aimylogic-chat'] as ApiName[]).flatMap((api) => {
      const section = reference.target.apis[api as 'jaicp-chat'];
      if (!section) return [];
      const catalog = catalogOf(api);
      return chatApiWaitChains({ api, section, states: (key) => catalog.has(key), targetPollBlockMs: REFERENCE_CHAT_TIMINGS.longPollBlockMs });
    });
  } finally {
    await reference.close();
  }
}
