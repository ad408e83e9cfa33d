// Seed agents (TECH members), accounts (customer companies) and their contacts.
import { asciiLocal, customerEmail } from '../addresses';
import { COMPANIES, FIRST_NAMES, LAST_NAMES } from '../corpus';
import type { Rng } from '../prng';
import type { AccountRecord, AgentRecord, ContactRecord } from './state';

/**
 * Fixed so docs and screenshots can name them. "me" is not the first agent, so a client
 * that takes the first member for itself shows the wrong tickets.
 */
const AGENTS: ReadonlyArray<readonly [number, string, string, boolean]> = [
  [2, 'Riley', 'Thompson', true],
  [5, 'Ana', 'Kovac', false],
  [8, 'Devon', 'Mensah', true],
  [11, 'Mei', 'Tanaka', false],
  [14, 'Owen', 'Gallagher', false],
  [17, 'Sara', 'Lindgren', false],
];
export const ME_AGENT_ID = 8;
export const AGENT_DOMAIN = 'msp.example';

export function seedAgents(): Map<number, AgentRecord> {
  const agents = new Map<number, AgentRecord>();
  for (const [id, firstName, lastName, isAdmin] of AGENTS) {
    agents.set(id, { id, firstName, lastName, name: `${firstName} ${lastName}`, email: `${asciiLocal(firstName)}.${asciiLocal(lastName)}@${AGENT_DOMAIN}`, isAdmin });
  }
  return agents;
}

/** Account ids start high, as a PSA's company ids do. */
const FIRST_ACCOUNT_ID = 250;

export function seedAccounts(): Map<number, AccountRecord> {
  const accounts = new Map<number, AccountRecord>();
  COMPANIES.forEach((company, index) => {
    const id = FIRST_ACCOUNT_ID + index * 3;
    accounts.set(id, { id, name: company.name, domain: company.domain });
  });
  return accounts;
}

export const FIRST_CONTACT_ID = 4001;

export function seedContacts(rng: Rng, accounts: Map<number, AccountRecord>, count: number): Map<number, ContactRecord> {
  const contacts = new Map<number, ContactRecord>();
  const taken = new Set<string>();
  const accountList = [...accounts.values()];
  for (let i = 0; i < count; i++) {
    const id = FIRST_CONTACT_ID + i;
    const firstName = rng.pick(FIRST_NAMES);
    const lastName = rng.pick(LAST_NAMES);
    // Every DeskDirector contact belongs to an account (the MSP's customer).
    const account = rng.pick(accountList);
    const email = customerEmail(rng, firstName, lastName, { name: account.name, domain: account.domain }, taken);
    contacts.set(id, { id, firstName, lastName, name: `${firstName} ${lastName}`, email, accountId: account.id });
  }
  return contacts;
}
