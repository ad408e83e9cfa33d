// Seed answers to request-type form fields, each of the type its field declares.
import { asciiLocal } from '../addresses';
import { FIRST_NAMES, LAST_NAMES } from '../corpus';
import type { Rng } from '../prng';
import { DAY } from '../seed-timeline';
import type { ContactRecord, FieldSpec, FieldValue } from './state';

export function fieldValueFor(rng: Rng, spec: FieldSpec, contact: ContactRecord, at: number): FieldValue {
  switch (spec.kind) {
    case 'boolean':
      return rng.chance(0.5);
    case 'integer':
      return rng.int(spec.minimum ?? 0, Math.min(spec.maximum ?? 50, 50));
    case 'number':
      return rng.int(1, 40) / 4;
    case 'dateTime':
      // Midnight UTC of a working day ahead: what a date picker sends.
      return `${new Date(Math.floor((at + rng.int(3, 21) * DAY) / DAY) * DAY).toISOString().slice(0, 19)}Z`;
    case 'time':
      return `${String(rng.int(8, 17)).padStart(2, '0')}:${rng.pick(['00', '15', '30', '45'])}`;
    case 'enum':
      return rng.pick(spec.enum ?? ['']);
    case 'emailList': {
      const domain = contact.email.split('@')[1] ?? 'example.com';
      return rng.sample(['all-staff', 'finance-team', 'sales-team', 'it-notices', 'social'], rng.int(1, 2)).map((list) => `${list}@${domain}`);
    }
    case 'markdown':
      return '';
    default:
      return stringValue(rng, spec, contact);
  }
}

function stringValue(rng: Rng, spec: FieldSpec, contact: ContactRecord): string {
  switch (spec.name) {
    case 'username':
      return `${asciiLocal(contact.firstName)}.${asciiLocal(contact.lastName)}`;
    case 'employeeName':
      return `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
    case 'assetTag':
      return `MSP-${rng.code(5, '0123456789')}`;
    case 'approvalReference':
      return `APR-${rng.code(6, '0123456789ABCDEF')}`;
    default:
      return rng.code(8, 'abcdefghijklmnopqrstuvwxyz');
  }
}
