// Model inputs (ids, drafts, patches) as the values Jitbit's form fields take. Ids are
// strings in the model and integers in Jitbit; a non-numeric id is caught here as a
// validation error rather than sent.
import { HelpdeskError } from '../../helpdesk/errors';
import { PRIORITIES } from './mapping';

/** A ticket, category, user or status id. */
export function jitbitId(value: string, what: string, field = what): number {
  const text = value.trim().replace(/^#/, '');
  if (!/^\d{1,15}$/.test(text)) {
    throw new HelpdeskError('validation', `"${value}" is not a Jitbit ${what} id.`, { fields: { [field]: [`Not a ${what} id.`] } });
  }
  return Number(text);
}

/** A priority: -1 low, 0 normal, 1 high, 2 critical. */
export function jitbitPriority(value: string): number {
  if (!PRIORITIES.some((priority) => priority.id === value.trim())) {
    throw new HelpdeskError('validation', `"${value}" is not a Jitbit priority (-1 to 2).`, {
      fields: { priority: ['Use -1 (low), 0 (normal), 1 (high) or 2 (critical).'] },
    });
  }
  return Number(value.trim());
}

export function isEmailAddress(value: string): boolean {
  return /^[^\s@]+@[^\s@]+$/.test(value);
}
