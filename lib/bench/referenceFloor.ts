// The embedded reference's mandated waits: what each adapter says its profiles' suites must wait
// for, given the target section its reference describes itself with.
import { startEmbeddedReference } from '../embeddedReference.ts';
import { adapterOf } from '../registry.ts';
import type { WaitChain } from '../adapter.ts';

export async function referenceWaitChains(): Promise<WaitChain[]> {
  // The reference describes itself once started; the sink address only has to be present.
  const reference = await startEmbeddedReference({ webhookListen: '127.0.0.1:9', faults: '', variants: '' });
  try {
    return Object.entries(reference.target.apis).flatMap(([profile, section]) => adapterOf(profile).mandatedWaits?.(profile, section) ?? []);
  } finally {
    await reference.close();
  }
}
