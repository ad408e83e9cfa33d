// The Authorization header for DeskDirector. Three kinds of secret, chosen by the
// instance's `authMethod` setting (default: an API key):
//   apiKey      `DdApi <key>`          vendor article "DeskDirector API"; the Power Automate
//                                      connector's setheader policy sends the same.
//   techToken   `Basic <token>`        the DeskDirector Tech connector (apiProperties.json)
//                                      sends the personal access token as is after "Basic ",
//                                      not base64 of user:password.
//   accessToken `DdAccessToken <tok>`  vendor article; lives 60 minutes, cannot be renewed.
// A pasted header value ("DdApi abc…") is accepted: its scheme word is dropped, and it
// names the method when the setting does not.
import { HelpdeskError } from '../../helpdesk/errors';
import { readAccessTokenClaims, type AccessTokenClaims } from './accessToken';

export type DeskdirectorAuthMethod = 'apiKey' | 'techToken' | 'accessToken';

const METHODS: readonly DeskdirectorAuthMethod[] = ['apiKey', 'techToken', 'accessToken'];

const PASTED_SCHEME = /^(ddapi|ddaccesstoken|basic)\s+(\S.*)$/i;

const SCHEME_WORD: Record<DeskdirectorAuthMethod, string> = {
  apiKey: 'DdApi',
  techToken: 'Basic',
  accessToken: 'DdAccessToken',
};

/** What each method is called in messages. */
export const METHOD_NAMES: Record<DeskdirectorAuthMethod, string> = {
  apiKey: 'API key',
  techToken: 'TECH personal access token',
  accessToken: 'access token',
};

/** Reads the optional `authMethod` instance setting; anything else is a settings mistake. */
export function readAuthMethod(value: unknown): DeskdirectorAuthMethod | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string' && (METHODS as readonly string[]).includes(value)) return value as DeskdirectorAuthMethod;
  throw new HelpdeskError('config', `"authMethod" must be "apiKey", "techToken" or "accessToken" (got ${JSON.stringify(value)}).`);
}

export interface DeskdirectorAuth {
  method: DeskdirectorAuthMethod;
  /** The secret as sent, without a pasted scheme word. */
  credential: string;
  header: string;
  /** Every form of the secret that could show up in a log line or an echoed error. */
  secrets: string[];
  /** For access tokens that are JWTs: expiry and who they belong to. */
  claims?: AccessTokenClaims;
}

export function deskdirectorAuth(secret: string, method?: DeskdirectorAuthMethod): DeskdirectorAuth {
  let credential = secret.trim();
  let pastedMethod: DeskdirectorAuthMethod | undefined;
  const pasted = PASTED_SCHEME.exec(credential);
  if (pasted) {
    credential = (pasted[2] ?? '').trim();
    pastedMethod = methodOfScheme(pasted[1] ?? '');
  }
  const chosen = method ?? pastedMethod ?? 'apiKey';
  const what = METHOD_NAMES[chosen];
  if (credential === '') throw new HelpdeskError('auth', `No DeskDirector ${what} is set.`);
  if (/\s/.test(credential)) throw new HelpdeskError('auth', `The DeskDirector ${what} contains spaces; paste it again.`);
  const auth: DeskdirectorAuth = {
    method: chosen,
    credential,
    header: `${SCHEME_WORD[chosen]} ${credential}`,
    secrets: [credential, secret.trim()],
  };
  if (chosen === 'accessToken') {
    const claims = readAccessTokenClaims(credential);
    if (claims) auth.claims = claims;
  }
  return auth;
}

function methodOfScheme(word: string): DeskdirectorAuthMethod {
  switch (word.toLowerCase()) {
    case 'ddaccesstoken':
      return 'accessToken';
    case 'basic':
      return 'techToken';
    default:
      return 'apiKey';
  }
}
