// Where an operation's token goes, from the document: its security requirement (a security scheme:
// an API key in a header, query or cookie, HTTP bearer or basic, OAuth2 or OpenID Connect, all a
// token in the Authorization header), or else a parameter that plainly is the token (an
// `Authorization` header, a `token`, `accessToken` or `api_key` in the query or the path), declared
// or only written into the path template. A scheme states that the token is needed; a parameter
// only shows where it goes.
import type { Json, NormalizedDocument } from './normalize.ts';

export type Location = 'path' | 'query' | 'header' | 'cookie';

export interface Placement {
  in: Location;
  name: string;
  /** Put before the token: `Bearer ` for HTTP bearer and OAuth2, `Basic ` for HTTP basic. */
  prefix: string;
}

export interface Credential {
  placement: Placement;
  /** What in the document says so, as the token requirement quotes it. */
  source: string;
  /** A security scheme states it; a parameter only shows where the token goes. */
  stated: boolean;
  /** False when the document makes the token optional (a `{}` alternative, an optional parameter). */
  required: boolean;
}

/** A parameter as the document declares it (or as the path template names it). */
export interface DeclaredParameter {
  name: string;
  in: Location;
  required: boolean;
  description?: string;
  /** False for a `{name}` of the path template that no parameter declares. */
  declared: boolean;
}

/**
 * Names that are the token wherever they appear (`key` only outside the path, where it is as often
 * an id). A pageToken or nextToken is a cursor, not a credential.
 */
const TOKEN = /^(?:authorization|(?:x-)?api[-_]?key|(?:x-)?(?:access|auth|api|bearer|channel|bot|secret|session)?[-_]?token)$/i;

export function isTokenParameter(p: Pick<DeclaredParameter, 'name' | 'in'>): boolean {
  return TOKEN.test(p.name) || (p.name.toLowerCase() === 'key' && p.in !== 'path');
}

function placementOf(scheme: Json): Placement | undefined {
  const type = String(scheme.type ?? '');
  if (type === 'apiKey' && ['header', 'query', 'cookie'].includes(String(scheme.in)) && typeof scheme.name === 'string')
    return { in: scheme.in as Location, name: scheme.name, prefix: '' };
  if (type === 'http' && /^bearer$/i.test(String(scheme.scheme))) return { in: 'header', name: 'Authorization', prefix: 'Bearer ' };
  // The token is then the base64 of user:password, as the header carries it.
  if (type === 'http' && /^basic$/i.test(String(scheme.scheme))) return { in: 'header', name: 'Authorization', prefix: 'Basic ' };
  if (type === 'oauth2' || type === 'openIdConnect') return { in: 'header', name: 'Authorization', prefix: 'Bearer ' };
  return undefined;
}

function describeScheme(name: string, scheme: Json): string {
  const how =
    scheme.type === 'apiKey'
      ? `apiKey in ${String(scheme.in)} "${String(scheme.name)}"`
      : scheme.type === 'http'
        ? `http ${String(scheme.scheme)}`
        : String(scheme.type);
  return `security: ${name} (${how})${typeof scheme.description === 'string' ? ` «${scheme.description}»` : ''}`;
}

export interface CredentialFinding {
  credential?: Credential;
  /** Why the document's security cannot be met with one token, when it cannot. */
  problem?: string;
  /** Said once per document: the token is a plain parameter, not a security scheme. */
  flaw?: string;
}

/** Where the token of one operation goes. `security` is the operation's, or the document's. */
export function credentialOf(doc: NormalizedDocument, security: unknown, parameters: DeclaredParameter[], place: string): CredentialFinding {
  if (Array.isArray(security) && security.length > 0) {
    const schemes = ((doc.raw.components as Json | undefined)?.securitySchemes ?? {}) as Json;
    const optional = security.some((alt) => alt && typeof alt === 'object' && Object.keys(alt).length === 0);
    const asked: string[] = [];
    for (const alternative of security) {
      const names = alternative && typeof alternative === 'object' ? Object.keys(alternative) : [];
      if (names.length === 0) continue;
      asked.push(names.join(' + '));
      if (names.length !== 1) continue;
      const scheme = doc.deref(schemes[names[0]], `${place}: security scheme ${names[0]}`);
      const placement = scheme && placementOf(scheme);
      if (placement) return { credential: { placement, source: describeScheme(names[0], scheme), stated: true, required: !optional } };
    }
    if (asked.length) return { problem: `its security (${asked.join(' or ')}) cannot be met with one token in a header, the query or a cookie` };
    return {};
  }
  if (Array.isArray(security)) return {};
  const token = parameters.find(isTokenParameter);
  if (!token) return {};
  const where = token.declared ? `${token.in} parameter "${token.name}"` : `path template's {${token.name}}, which no parameter declares`;
  return {
    credential: {
      placement: { in: token.in, name: token.name, prefix: '' },
      source: `${token.declared ? `parameter ${token.name} (${token.in}${token.required ? ', required' : ''})` : `{${token.name}} in the path`}${token.description ? ` «${token.description}»` : ''}`,
      stated: false,
      required: token.required,
    },
    flaw: `the token is the ${where}, not a security scheme: the section's token is sent there`,
  };
}
