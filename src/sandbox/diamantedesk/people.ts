// Seed people of the DiamanteDesk simulator: a fixed staff of agents (Oro users, so docs
// and tests can name them; "me" is not the first, so a client that mixes up ids shows
// the wrong tickets) and seed-drawn customers (Diamante users, each with an API user).
// Secrets are random per start, never derived from the seed.
import { randomBytes } from 'node:crypto';
import { customerEmail } from '../addresses';
import { COMPANIES, FIRST_NAMES, LAST_NAMES } from '../corpus';
import type { Rng } from '../prng';
import type { AgentRecord, CustomerRecord } from './state';

export const ME_AGENT_ID = 3;
export const ADMIN_AGENT_ID = 1;
/** May view everything but create, edit and delete nothing. */
export const RESTRICTED_AGENT_ID = 8;
/** The customer whose API user the simulator hands out. */
export const CREDENTIAL_CUSTOMER_ID = 2;
/** A customer whose API user never confirmed its registration. */
export const INACTIVE_CUSTOMER_ID = 9;
export const AGENT_DOMAIN = 'helpdesk.example';

interface Staff {
  id: number;
  username: string;
  first: string;
  last: string;
  canEdit?: boolean;
}

const STAFF: readonly Staff[] = [
  { id: ADMIN_AGENT_ID, username: 'admin', first: 'Alex', last: 'Carter' },
  { id: 2, username: 'priya.raman', first: 'Priya', last: 'Raman' },
  { id: ME_AGENT_ID, username: 'morgan.ellis', first: 'Morgan', last: 'Ellis' },
  { id: 5, username: 'sam.okafor', first: 'Sam', last: 'Okafor' },
  { id: 6, username: 'jordan.blake', first: 'Jordan', last: 'Blake' },
  { id: 7, username: 'tomas.reyes', first: 'Tomás', last: 'Reyes' },
  { id: RESTRICTED_AGENT_ID, username: 'lena.fischer', first: 'Lena', last: 'Fischer', canEdit: false },
];

/** An Oro API key: 40 hex digits. */
export function newApiKey(): string {
  return randomBytes(20).toString('hex');
}

/** A Diamante API user's password: 16 characters. */
function newApiSecret(): string {
  return randomBytes(12).toString('base64').replace(/[+/]/g, 'x');
}

export interface SeedPeople {
  agents: Map<number, AgentRecord>;
  customers: Map<number, CustomerRecord>;
  /** Agents who work tickets (all staff but the admin and the restricted one). */
  workerIds: number[];
  customerIds: number[];
}

export function seedPeople(rng: Rng, customerCount: number, joinedBefore: number, meApiKey: string | undefined): SeedPeople {
  const agents = new Map<number, AgentRecord>();
  for (const staff of STAFF) {
    agents.set(staff.id, {
      id: staff.id,
      username: staff.username,
      email: `${staff.username}@${AGENT_DOMAIN}`,
      firstName: staff.first,
      lastName: staff.last,
      apiKey: staff.id === ME_AGENT_ID && meApiKey !== undefined ? meApiKey : newApiKey(),
      canEdit: staff.canEdit !== false,
    });
  }
  const customers = new Map<number, CustomerRecord>();
  const emails = new Set<string>();
  const customerIds: number[] = [];
  for (let id = 1; id <= customerCount; id++) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const company = rng.chance(0.6) ? rng.pick(COMPANIES) : undefined;
    const createdAt = joinedBefore - rng.int(30, 700) * 86_400_000;
    customers.set(id, {
      id,
      email: customerEmail(rng, first, last, company, emails),
      firstName: first,
      lastName: last,
      apiSecret: newApiSecret(),
      active: id !== INACTIVE_CUSTOMER_ID,
      createdAt,
      updatedAt: createdAt,
    });
    customerIds.push(id);
  }
  const workerIds = STAFF.filter((s) => s.id !== ADMIN_AGENT_ID && s.canEdit !== false).map((s) => s.id);
  return { agents, customers, workerIds, customerIds };
}

/** A customer's company, when the email says so (for signatures). */
export function companyOf(email: string): string | null {
  const domain = email.split('@')[1];
  return COMPANIES.find((c) => c.domain === domain)?.name ?? null;
}
