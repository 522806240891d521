// One request and its answer as the journal keeps them: the evidence of every verdict. Its own module
// so that what notes evidence (lib/caseEvidence.ts) does not import the client that sends.
export interface Exchange {
  at: string;
  method: string;
  url: string;
  /** The URL relative to the API's base URL (what a vendor reads, and what a repro appends to the real base URL). */
  path: string;
  requestHeaders: Record<string, string>;
  requestBody?: string;
  status?: number;
  responseHeaders?: Record<string, string>;
  responseBody?: string;
  elapsedMs: number;
  error?: string;
}
