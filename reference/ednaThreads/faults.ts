import type { Fault } from '../faults.ts';

export const EDNA_THREADS_FAULTS: Fault[] = [];
