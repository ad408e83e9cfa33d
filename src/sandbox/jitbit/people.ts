// Seed users of the Jitbit simulator: a fixed staff (so docs and tests can name them),
// seed-drawn customers, companies, and every user's password and API token.
import { asciiLocal, customerEmail } from '../addresses';
import { COMPANIES, FIRST_NAMES, LAST_NAMES } from '../corpus';
import type { Rng } from '../prng';
import { randomCode } from '../secrets';
import { freshToken, newToken, type CompanyRecord, type UserRecord } from './state';

/**
 * Technicians. User ids are large and scattered as in a hosted helpdesk, and "me" is not
 * the first, so a client that mixes up ids shows the wrong tickets and fails a test.
 */
interface Staff {
  id: number;
  username: string;
  first: string;
  last: string;
  admin?: boolean;
  disabled?: boolean;
}

export const ME_USER_ID = 43499;
export const DOMAIN_USER_ID = 43530;
/** A technician who left: disabled, still the assignee of old closed tickets. */
export const FORMER_TECH_ID = 43470;
export const AGENT_DOMAIN = 'helpdesk.example';
/** The Windows domain of the AD-authenticated technician. */
export const WINDOWS_DOMAIN = 'SANDBOX';

const STAFF: readonly Staff[] = [
  { id: FORMER_TECH_ID, username: 'wes.underhill', first: 'Wes', last: 'Underhill', disabled: true },
  { id: 43488, username: 'alex.carter', first: 'Alex', last: 'Carter', admin: true },
  { id: 43491, username: 'priya.raman', first: 'Priya', last: 'Raman' },
  { id: ME_USER_ID, username: 'morgan.ellis', first: 'Morgan', last: 'Ellis', admin: true },
  { id: 43502, username: 'sam.okafor', first: 'Sam', last: 'Okafor' },
  { id: 43517, username: 'jordan.blake', first: 'Jordan', last: 'Blake' },
  { id: DOMAIN_USER_ID, username: `${WINDOWS_DOMAIN}\\lfischer`, first: 'Lena', last: 'Fischer' },
  { id: 43544, username: 'tomas.reyes', first: 'Tomás', last: 'Reyes' },
  { id: 43561, username: 'hannah.cho', first: 'Hannah', last: 'Cho' },
];

export const FIRST_CUSTOMER_ID = 50001;

const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const USER_AGENT = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

export interface SeedPeople {
  users: Map<number, UserRecord>;
  companies: Map<number, CompanyRecord>;
  /** Active technicians, "me" included. */
  techIds: number[];
  customerIds: number[];
}

/** Secrets a test wants fixed (of "me"); anything left out is new on every start. */
export interface FixedSecrets {
  password?: string;
  token?: string;
}

export function freshPassword(): string {
  return `${randomCode(6, PASSWORD_ALPHABET)}-${randomCode(6, PASSWORD_ALPHABET)}-${randomCode(4, PASSWORD_ALPHABET)}`;
}

/**
 * Every user's password and API token replaced with ones no one can know in advance (the
 * seeded ones repeat per seed). The hostile seed user gets them too: a fixed password
 * would let anyone who read the code sign in as that customer.
 */
export function freshSecrets(users: Map<number, UserRecord>, meId: number, fixed: FixedSecrets): void {
  for (const user of users.values()) {
    const mine = user.id === meId;
    user.password = (mine ? fixed.password : undefined) ?? freshPassword();
    user.token = (mine ? fixed.token : undefined) ?? freshToken();
  }
}

function baseUser(rng: Rng): Pick<UserRecord, 'password' | 'token' | 'notes' | 'lang' | 'ipAddress' | 'userAgent' | 'phone' | 'location' | 'department' | 'isManager'> {
  return {
    password: `${rng.code(6, PASSWORD_ALPHABET)}-${rng.code(6, PASSWORD_ALPHABET)}-${rng.code(4, PASSWORD_ALPHABET)}`,
    token: newToken(rng),
    notes: '',
    lang: 'en-US',
    ipAddress: `198.51.100.${rng.int(2, 250)}`,
    userAgent: USER_AGENT,
    phone: '',
    location: '',
    department: null,
    isManager: false,
  };
}

export function seedPeople(rng: Rng, customerCount: number, lastSeenBefore: number): SeedPeople {
  const users = new Map<number, UserRecord>();
  const companies = new Map<number, CompanyRecord>();
  COMPANIES.forEach((company, index) => companies.set(index + 1, { id: index + 1, name: company.name }));

  const techIds: number[] = [];
  for (const staff of STAFF) {
    const local = staff.username.includes('\\') ? `${asciiLocal(staff.first)}.${asciiLocal(staff.last)}` : staff.username;
    users.set(staff.id, {
      id: staff.id,
      username: staff.username,
      email: `${local}@${AGENT_DOMAIN}`,
      firstName: staff.first,
      lastName: staff.last,
      isAdmin: staff.admin === true,
      isTech: true,
      disabled: staff.disabled === true,
      companyId: null,
      signature: `${staff.first} ${staff.last}\r\nSupport team`,
      greeting: 'Hi #FirstName#,',
      lastSeen: staff.disabled ? lastSeenBefore - 400 * 86_400_000 : lastSeenBefore - rng.int(1, 600) * 60_000,
      ...baseUser(rng),
      department: 'Support',
    });
    if (!staff.disabled) techIds.push(staff.id);
  }

  const customerIds: number[] = [];
  const emails = new Set<string>();
  const usernames = new Set([...users.values()].map((user) => user.username.toLowerCase()));
  const companyList = [...companies.values()];
  for (let i = 0; i < customerCount; i++) {
    const id = FIRST_CUSTOMER_ID + i;
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const companyIndex = rng.chance(0.65) ? rng.int(0, companyList.length - 1) : -1;
    const company = companyIndex >= 0 ? COMPANIES[companyIndex] : undefined;
    const email = customerEmail(rng, first, last, company, emails);
    // Users created from an incoming email get the address as their login, as the seed's /api/Users shows.
    const short = email.split('@')[0] ?? email;
    const username = rng.chance(0.7) || usernames.has(short.toLowerCase()) ? email : short;
    usernames.add(username.toLowerCase());
    customerIds.push(id);
    users.set(id, {
      id,
      username,
      email,
      firstName: first,
      lastName: last,
      isAdmin: false,
      isTech: false,
      disabled: false,
      companyId: companyIndex >= 0 ? companyList[companyIndex]?.id ?? null : null,
      signature: '',
      greeting: '',
      lastSeen: rng.chance(0.8) ? lastSeenBefore - rng.int(1, 300) * 86_400_000 : null,
      ...baseUser(rng),
    });
  }
  return { users, companies, techIds, customerIds };
}
