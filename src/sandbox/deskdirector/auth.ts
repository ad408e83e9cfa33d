// DeskDirector's three ways in, as the vendor documents them:
// - `Authorization: DdApi <key>`: an API key from the admin console, admin-equivalent
//   (Public and Admin APIs). The seed's FAQ also mentions `?api_key=` in the query.
// - `Authorization: DdAccessToken <token>`: a token the portal or TECH generates, valid
//   for 60 minutes, with no permanent form (Portal and TECH APIs).
// - `Authorization: Basic <token>`: the TECH connector's personal access token, sent as it
//   is after "Basic" (apiProperties.json: "Basic @connectionParameters('api_key')"), not
//   base64 of user:password.
// Keys are random per start (node:crypto), not from the seed: a sandbox's key must not be
// guessable from the published seed.
import { createHmac, randomBytes } from 'node:crypto';
import { ApiError } from './errors';
import type { AgentRecord, DeskdirectorState } from './state';

export type AuthScheme = 'DdApi' | 'Basic' | 'DdAccessToken';

/** Which application a route belongs to, which decides the credentials it takes. */
export type ApiArea = 'copilot' | 'admin' | 'tech';

export const ACCESS_TOKEN_TTL_MS = 60 * 60_000;

export interface AccessTokenRecord {
  agentId: number;
  issuedAt: number;
  expiresAt: number;
}

export interface Credentials {
  /** DdApi keys → the agent whose personal API key it is. */
  apiKeys: Map<string, number>;
  /** TECH personal access tokens (sent after Basic) → agent. */
  personalTokens: Map<string, number>;
  /** Minted DdAccessTokens; a token not in this map was never issued. */
  accessTokens: Map<string, AccessTokenRecord>;
  /** Signs minted tokens so they look like the JWTs DeskDirector issues. */
  signingKey: Buffer;
}

export interface Caller {
  agent: AgentRecord;
  scheme: AuthScheme;
}

export type AuthResult = { ok: true; caller: Caller } | { ok: false; error: ApiError; scheme?: AuthScheme };

export function randomSecret(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

export function createCredentials(meId: number, apiKey?: string, techToken?: string): Credentials {
  return {
    // Inferred shapes: DeskDirector's key format is not public; these look like opaque keys.
    apiKeys: new Map([[apiKey ?? randomSecret(32), meId]]),
    personalTokens: new Map([[techToken ?? `ddpat_${randomSecret(30)}`, meId]]),
    accessTokens: new Map(),
    signingKey: randomBytes(32),
  };
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/**
 * A JWT-shaped DdAccessToken for an agent of the TECH app, valid for 60 minutes of the
 * simulator's clock. The vendor's tokens are RS256 JWTs; HS256 is enough to look alike.
 */
export function issueAccessToken(state: DeskdirectorState, agentId: number): string {
  const issuedAt = state.now();
  const expiresAt = issuedAt + ACCESS_TOKEN_TTL_MS;
  const header = base64url({ alg: 'HS256', typ: 'JWT' });
  const payload = base64url({ sub: String(agentId), app: 'tech', iat: Math.floor(issuedAt / 1000), exp: Math.floor(expiresAt / 1000), jti: randomSecret(12) });
  const signature = createHmac('sha256', state.credentials.signingKey).update(`${header}.${payload}`).digest('base64url');
  const token = `${header}.${payload}.${signature}`;
  state.credentials.accessTokens.set(token, { agentId, issuedAt, expiresAt });
  return token;
}

const HOW_TO =
  'Send "Authorization: DdApi {api_key}", "Authorization: DdAccessToken {access_token}" or, for TECH, "Authorization: Basic {personal_access_token}".';

function unauthorized(message: string, headers: Record<string, string> = {}): ApiError {
  return new ApiError(401, message, headers);
}

/** .NET's invariant date as the JwtBearer handler prints it in error_description. */
function invariantDate(ms: number): string {
  const d = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** Reads the Authorization header (or the FAQ's `api_key` query parameter). */
export function authenticate(state: DeskdirectorState, header: string | undefined, queryKey: string | null): AuthResult {
  const fail = (error: ApiError, scheme?: AuthScheme): AuthResult => ({ ok: false, error, ...(scheme && { scheme }) });
  const found = (agentId: number | undefined, scheme: AuthScheme): AuthResult | undefined => {
    const agent = agentId === undefined ? undefined : state.agents.get(agentId);
    return agent ? { ok: true, caller: { agent, scheme } } : undefined;
  };

  if (header === undefined || header.trim() === '') {
    if (queryKey !== null) return found(state.credentials.apiKeys.get(queryKey), 'DdApi') ?? fail(unauthorized('The API key is invalid or has been revoked.'), 'DdApi');
    return fail(unauthorized(`No credentials were provided. ${HOW_TO}`));
  }
  const match = /^(\S+)\s+(\S+)\s*$/.exec(header.trim());
  // Auth scheme names are case-insensitive (RFC 9110); the secret must match exactly.
  const scheme = match?.[1]?.toLowerCase();
  const secret = match?.[2] ?? '';
  if (scheme === 'ddapi') return found(state.credentials.apiKeys.get(secret), 'DdApi') ?? fail(unauthorized('The API key is invalid or has been revoked.'), 'DdApi');
  if (scheme === 'basic') {
    return found(state.credentials.personalTokens.get(secret), 'Basic') ?? fail(unauthorized('The personal access token is invalid or has been revoked.'), 'Basic');
  }
  if (scheme === 'ddaccesstoken') {
    const token = state.credentials.accessTokens.get(secret);
    if (!token) return fail(unauthorized('The access token is invalid.', { 'WWW-Authenticate': 'DdAccessToken error="invalid_token"' }), 'DdAccessToken');
    if (state.now() >= token.expiresAt) {
      // Inferred: the same 401 body with its own message, and the challenge ASP.NET's JWT
      // handler sends for an expired token, so a client can tell "mint a new one" apart.
      return fail(
        unauthorized('The access token has expired. Access tokens are valid for 60 minutes; generate a new one.', {
          'WWW-Authenticate': `DdAccessToken error="invalid_token", error_description="The token expired at '${invariantDate(token.expiresAt)}'"`,
        }),
        'DdAccessToken',
      );
    }
    return found(token.agentId, 'DdAccessToken') ?? fail(unauthorized('The access token is invalid.'), 'DdAccessToken');
  }
  return fail(unauthorized(`Unsupported Authorization scheme. ${HOW_TO}`));
}

/**
 * Which credentials each area takes (seed 002): the API key reaches the Public and Admin
 * APIs (the Automate connector signs in with it); access tokens and the personal access
 * token reach TECH. The Copilot routes belong to the TECH connector, and a personal API
 * key acts as its agent there too (inferred: the key is the agent's own, Admin 2.10).
 */
export function authorize(caller: Caller, area: ApiArea): void {
  if (area === 'copilot') return;
  if (area === 'admin' && caller.scheme !== 'DdApi') {
    throw new ApiError(403, 'This is an Admin API route: it takes an API key ("Authorization: DdApi {api_key}"), not a TECH access token.');
  }
  if (area === 'tech' && caller.scheme === 'DdApi') {
    throw new ApiError(403, 'This is a TECH API route: it acts on behalf of an agent and takes a DdAccessToken or a personal access token, not an API key.');
  }
  if (area === 'admin' && !caller.agent.isAdmin) throw new ApiError(403, 'Admin permissions are required.');
}
