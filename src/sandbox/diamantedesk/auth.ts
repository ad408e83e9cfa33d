// The two WSSE guards in front of DiamanteDesk's API, each exactly as the real server
// checks, in its order (the order decides which failures burn a nonce):
// - /api/rest/{version}/desk: OroPlatform's `wsse_secured` firewall with the Escape WSSE
//   bundle (1.0.2) and Oro's WsseAuthProvider. Agents (Oro users) by username or email,
//   secret = API key, token lifetime 3600 s, any Created later than the server's current
//   second refused. Every failure is the bundle's entry point: 401, empty body,
//   `WWW-Authenticate: WSSE realm="Secured API", profile="UsernameToken"`.
// - /api/diamante/rest/{version}/desk: DiamanteDesk's own WsseListener + WsseProvider.
//   Customers (API users) by email, secret = API password, 300 s either way. A failure
//   is 401 with `{"message": "..."}`; no readable header at all is Symfony's 401 (see
//   errors.ts) because this firewall has no entry point.
// The `Authorization: WSSE profile="UsernameToken"` header clients send is read by
// neither: it is neither required nor checked.
import { ESCAPE_CREATED_FORMAT, strtotimeSeconds } from './php-time';
import { serverNow, type AgentRecord, type CustomerRecord, type DiamantedeskState } from './state';
import { expectedDigest, parseDiamanteHeader, parseEscapeHeader, type WsseFields } from './wsse';

export const ORO_TOKEN_LIFETIME_S = 3600;
export const DIAMANTE_TOKEN_LIFETIME_S = 300;
export const WWW_AUTHENTICATE = 'WSSE realm="Secured API", profile="UsernameToken"';

export type AgentAuth =
  | { kind: 'ok'; agent: AgentRecord; fields: WsseFields }
  /** `reason` is what the server logs; the client only ever sees the bare 401. */
  | { kind: 'refused'; reason: string; fields?: WsseFields };

export type CustomerAuth =
  | { kind: 'ok'; customer: CustomerRecord; fields: WsseFields }
  /** 401 with `{"message": reason}`. */
  | { kind: 'failed'; reason: string; fields: WsseFields }
  /** No header, or one the ordered regex does not match: no token at all. */
  | { kind: 'noToken'; reason: string };

/** Oro's findUserByUsernameOrEmail: an address is looked up as an email, anything else as a username. */
function findAgent(state: DiamantedeskState, login: string): AgentRecord | undefined {
  const wanted = login.toLowerCase();
  const byEmail = /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(login);
  for (const agent of state.agents.values()) {
    if ((byEmail ? agent.email : agent.username).toLowerCase() === wanted) return agent;
  }
  return undefined;
}

function findCustomer(state: DiamantedeskState, email: string): CustomerRecord | undefined {
  const wanted = email.toLowerCase();
  for (const customer of state.customers.values()) if (customer.email.toLowerCase() === wanted) return customer;
  return undefined;
}

export function authenticateAgent(state: DiamantedeskState, header: string | undefined): AgentAuth {
  // Oro's WsseAuthListener refuses a request without X-WSSE (nor X-CSRF-Header) outright.
  if (header === undefined) return { kind: 'refused', reason: 'Possible CSRF attack detected' };
  const fields = parseEscapeHeader(header);
  // An unreadable header leaves the request without a token: the access check refuses it.
  if (!fields) return { kind: 'refused', reason: 'A Token was not found in the TokenStorage.' };
  const agent = findAgent(state, fields.username);
  if (!agent) return { kind: 'refused', reason: `Username "${fields.username}" does not exist.`, fields };

  if (!ESCAPE_CREATED_FORMAT.test(fields.created)) return { kind: 'refused', reason: 'Incorrectly formatted "created" in token.', fields };
  const now = serverNow(state);
  const nowS = Math.floor(now / 1000);
  // strtotime() false counts as 0: never "future", always expired.
  const createdS = strtotimeSeconds(fields.created) ?? 0;
  if (createdS > nowS) return { kind: 'refused', reason: 'Future token detected.', fields };
  if (nowS - createdS > ORO_TOKEN_LIFETIME_S) return { kind: 'refused', reason: 'Token has expired.', fields };
  if (state.nonces.contains(fields.nonce, now)) return { kind: 'refused', reason: 'Previously used nonce detected.', fields };
  // Stored before the digest is compared: a wrong digest still uses the nonce up.
  state.nonces.save(fields.nonce, now, ORO_TOKEN_LIFETIME_S);
  if (fields.digest !== expectedDigest(fields.nonce, fields.created, agent.apiKey)) return { kind: 'refused', reason: 'WSSE authentication failed.', fields };
  return { kind: 'ok', agent, fields };
}

export function authenticateCustomer(state: DiamantedeskState, header: string | undefined): CustomerAuth {
  if (header === undefined) return { kind: 'noToken', reason: 'no X-WSSE header' };
  const fields = parseDiamanteHeader(header);
  if (!fields) return { kind: 'noToken', reason: 'X-WSSE does not match UsernameToken Username="…", PasswordDigest="…", Nonce="…", Created="…"' };
  const customer = findCustomer(state, fields.username);
  if (!customer) return { kind: 'failed', reason: `User "${fields.username}" does not exist.`, fields };

  const now = serverNow(state);
  const nowS = Math.floor(now / 1000);
  const createdS = strtotimeSeconds(fields.created) ?? 0;
  if (createdS - DIAMANTE_TOKEN_LIFETIME_S > nowS) return { kind: 'failed', reason: 'Future token detected.', fields };
  if (nowS - createdS > DIAMANTE_TOKEN_LIFETIME_S) return { kind: 'failed', reason: 'Token has expired.', fields };
  if (state.nonces.contains(fields.nonce, now)) return { kind: 'failed', reason: 'Previously used nonce detected.', fields };
  state.nonces.save(fields.nonce, now, DIAMANTE_TOKEN_LIFETIME_S);
  // The product's message, leading space included.
  if (fields.digest !== expectedDigest(fields.nonce, fields.created, customer.apiSecret)) return { kind: 'failed', reason: ' Incorrect email or password.', fields };
  if (!customer.active) {
    return {
      kind: 'failed',
      reason:
        "Your account is not activated yet, please check your email and confirm registration.\n" +
        `If you didn't receive your verification email, please <a href="#reconfirm/${fields.username}">click here.</a>`,
      fields,
    };
  }
  return { kind: 'ok', customer, fields };
}
