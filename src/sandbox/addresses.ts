// Email addresses for seed people, the same way in every simulator: ASCII local parts made
// from accented names, company addresses for company staff, and a personal address with
// a number for everyone else, unique within one seed.
import { PERSONAL_DOMAINS, type Company } from './corpus';
import type { Rng } from './prng';

/** `Tomás` → `tomas`: what a mail admin would make of a name. */
export function asciiLocal(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.');
}

/** A customer's address, not yet in `taken` (and added to it). */
export function customerEmail(rng: Rng, first: string, last: string, company: Company | undefined, taken: Set<string>): string {
  const domain = company ? company.domain : rng.pick(PERSONAL_DOMAINS);
  const base = company ? `${asciiLocal(first)}.${asciiLocal(last)}` : `${asciiLocal(first)}${asciiLocal(last).slice(0, 1)}${rng.int(1, 99)}`;
  let email = `${base}@${domain}`;
  for (let n = 2; taken.has(email); n++) email = `${base}${n}@${domain}`;
  taken.add(email);
  return email;
}
