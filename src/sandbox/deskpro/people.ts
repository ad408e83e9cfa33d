// Seed agents, requesters and API credentials for the DeskPRO simulator.
import { asciiLocal, customerEmail } from '../addresses';
import { COMPANIES, FIRST_NAMES, LAST_NAMES } from '../corpus';
import type { Rng } from '../prng';
import { randomCode } from '../secrets';
import { formatDate, type CredentialRecord, type PersonRecord } from './state';

/**
 * Agents are fixed (not drawn from the seed) so docs and screenshots can name them.
 * Person ids 1-8; "me" is deliberately not id 1, so a client that mixes up the API key's
 * own id (`1:...`) with the agent's person id shows the wrong tickets and fails a test.
 */
const AGENTS: ReadonlyArray<readonly [string, string]> = [
  ['Alex', 'Carter'],
  ['Priya', 'Raman'],
  ['Morgan', 'Ellis'],
  ['Sam', 'Okafor'],
  ['Jordan', 'Blake'],
  ['Lena', 'Fischer'],
  ['Tomás', 'Reyes'],
  ['Hannah', 'Cho'],
];
export const ME_PERSON_ID = 3;
export const FIRST_REQUESTER_ID = 101;
export const AGENT_DOMAIN = 'helpdesk.example';

const SPAM_SENDERS: ReadonlyArray<readonly [string, string, string]> = [
  ['Prize', 'Department', 'winner@lucky-draw.example'],
  ['SEO', 'Experts', 'rank1@seo-boost.example'],
  ['Accounts', 'Payable', 'invoices@not-a-vendor.example'],
];

export interface SeedPeople {
  people: Map<number, PersonRecord>;
  agentIds: number[];
  requesterIds: number[];
  spamIds: number[];
}

export function seedPeople(rng: Rng, requesterCount: number, createdBefore: number): SeedPeople {
  const people = new Map<number, PersonRecord>();
  const agentIds: number[] = [];
  const joined = formatDate(createdBefore - 900 * 86_400_000);
  AGENTS.forEach(([first, last], index) => {
    const id = index + 1;
    agentIds.push(id);
    people.set(id, {
      id,
      first_name: first,
      last_name: last,
      name: `${first} ${last}`,
      primary_email: `${asciiLocal(first)}.${asciiLocal(last)}@${AGENT_DOMAIN}`,
      is_agent: true,
      organization: null,
      date_created: joined,
    });
  });

  const requesterIds: number[] = [];
  const emails = new Set<string>();
  for (let i = 0; i < requesterCount; i++) {
    const id = FIRST_REQUESTER_ID + i;
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const company = rng.chance(0.65) ? rng.pick(COMPANIES) : undefined;
    const email = customerEmail(rng, first, last, company, emails);
    requesterIds.push(id);
    people.set(id, {
      id,
      first_name: first,
      last_name: last,
      name: `${first} ${last}`,
      primary_email: email,
      is_agent: false,
      organization: company?.name ?? null,
      date_created: formatDate(createdBefore - rng.int(30, 800) * 86_400_000),
    });
  }

  const spamIds: number[] = [];
  SPAM_SENDERS.forEach(([first, last, email], index) => {
    const id = FIRST_REQUESTER_ID + requesterCount + index;
    spamIds.push(id);
    people.set(id, { id, first_name: first, last_name: last, name: `${first} ${last}`, primary_email: email, is_agent: false, organization: null, date_created: formatDate(createdBefore - 20 * 86_400_000) });
  });
  return { people, agentIds, requesterIds, spamIds };
}

const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';

const TOKEN_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * The main agent key `1:SANDBOX...` (key id 1, person ME_PERSON_ID), an API token for
 * the same agent, and the restricted key `2:...` of a requester (not an agent). Drawn
 * from the seed so the rest of the data stays the same per seed; the server replaces the
 * secrets with fresh ones on start (freshCredentials).
 */
export function seedCredentials(rng: Rng, restrictedPersonId: number): CredentialRecord[] {
  return [
    { kind: 'key', secret: `1:SANDBOX${rng.code(18, CODE_ALPHABET)}`, person: ME_PERSON_ID },
    { kind: 'token', secret: rng.code(40, TOKEN_ALPHABET), person: ME_PERSON_ID },
    { kind: 'key', secret: `2:${rng.code(25, CODE_ALPHABET)}`, person: restrictedPersonId },
  ];
}

/** Secrets a test wants fixed; anything left out is new on every start. */
export interface FixedCredentials {
  apiKey?: string;
  apiToken?: string;
  restrictedApiKey?: string;
}

/** The same three credentials with secrets no one can know in advance (or the fixed ones). */
export function freshCredentials(seeded: readonly CredentialRecord[], restrictedPersonId: number, fixed: FixedCredentials): CredentialRecord[] {
  return seeded.map((credential) => {
    if (credential.kind === 'token') return { ...credential, secret: fixed.apiToken ?? randomCode(40, TOKEN_ALPHABET) };
    if (credential.person === restrictedPersonId) return { ...credential, secret: fixed.restrictedApiKey ?? `2:${randomCode(25, CODE_ALPHABET)}` };
    return { ...credential, secret: fixed.apiKey ?? `1:SANDBOX${randomCode(24, CODE_ALPHABET)}` };
  });
}
