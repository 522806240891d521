import type { Fault } from '../faults.ts';

export const LIA_FAULTS: Fault[] = [];
