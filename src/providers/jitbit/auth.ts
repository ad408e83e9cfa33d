// The Authorization header for the Jitbit API. With a user name the secret is a password
// and goes as Basic (`DOMAIN\user` for Windows/AD accounts works unchanged); without one it
// is an API token from the helpdesk's /User/Token page and goes as Bearer.
import { HelpdeskError } from '../../helpdesk/errors';
import type { Credentials } from '../../helpdesk/model';

export type JitbitAuthScheme = 'basic' | 'bearer';

export interface JitbitAuth {
  scheme: JitbitAuthScheme;
  header: string;
  /** Every form of the secret that could show up in a log line or echoed error. */
  secrets: string[];
}

/** Users paste the whole header value ("Bearer abc…") as often as the token itself. */
const PASTED_BEARER = /^bearer\s+(\S.*)$/i;

export function jitbitAuth(credentials: Credentials): JitbitAuth {
  const username = credentials.username?.trim() ?? '';
  if (username !== '') return basicAuth(username, credentials.secret);
  let token = credentials.secret.trim();
  const pasted = PASTED_BEARER.exec(token);
  if (pasted) token = (pasted[1] ?? '').trim();
  if (token === '') throw new HelpdeskError('auth', 'No Jitbit API token is set (or enter a user name and password).');
  if (/\s/.test(token)) throw new HelpdeskError('auth', 'The Jitbit API token contains spaces; paste it again.');
  return { scheme: 'bearer', header: `Bearer ${token}`, secrets: [token, credentials.secret] };
}

function basicAuth(username: string, password: string): JitbitAuth {
  // Basic auth cannot carry a colon in the user name: the server would split there.
  if (username.includes(':')) throw new HelpdeskError('auth', 'A Jitbit user name cannot contain ":".');
  if (password === '') throw new HelpdeskError('auth', 'No Jitbit password is set.');
  const encoded = Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
  return { scheme: 'basic', header: `Basic ${encoded}`, secrets: [password, encoded] };
}
