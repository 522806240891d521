// Switchable faults of the reference implementation. REFERENCE_FAULTS=name,name switches them on;
// each is a realistic bug a vendor could ship, naming the requirement it violates, so that the
// project's tests can show the suite catches it.
import type { ApiName } from '../lib/requirements.ts';

export interface Fault {
  name: string;
  /** The requirement key (without the api prefix) the fault violates. */
  violates: string;
  description: string;
}

export type FaultCatalog = Partial<Record<ApiName, Fault[]>>;

export function parseFaults(spec: string | undefined, catalog: FaultCatalog): Set<string> {
  const names = new Set((spec ?? '').split(',').map((s) => s.trim()).filter(Boolean));
  const known = new Set(Object.values(catalog).flatMap((faults) => faults.map((f) => f.name)));
  const unknown = [...names].filter((n) => !known.has(n));
  if (unknown.length) throw new Error(`unknown reference fault(s): ${unknown.join(', ')}`);
  return names;
}
