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

/** The attachment listing a test's requests (fixtures/conformance.ts): for people reading the HTML report, and for the bench. */
export const REQUESTS_ATTACHMENT = 'requests';

/** One line of that list: the request, what came of it, and how long the target took. */
export interface RequestSummary {
  at: string;
  method: string;
  path: string;
  status?: number;
  error?: string;
  elapsedMs: number;
}

export const requestSummary = ({ at, method, path, status, error, elapsedMs }: Exchange): RequestSummary => ({ at, method, path, status, error, elapsedMs });
