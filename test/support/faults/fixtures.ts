// What the fault matrix needs to know about each helpdesk type, keyed by the provider
// registry's type: a vendor that lands later has no row until it has a fixture here, and
// the suite fails until it does (see "every registered type has a fixture").
// Everything else (which operations apply, which requests they send) comes from the
// provider's capabilities and from watching the operation once without a fault.
import type { TicketDraft, TicketPatch } from '../../../src/helpdesk/model';
import type { ReferenceData } from '../../../src/helpdesk/provider';

export interface VendorFixture {
  /** A seeded ticket to open, answer and change. */
  ticket: string;
  /** A seeded ticket whose conversation has a downloadable file. */
  attachmentTicket: string;
  /** A new ticket the helpdesk accepts. */
  draft(reference: ReferenceData, subject: string): TicketDraft;
  /** A change to `ticket` the helpdesk accepts. */
  patch(reference: ReferenceData): TicketPatch;
}

/** Priorities exist on every vendor we have; a priority is a change no workflow refuses. */
const secondPriority = (reference: ReferenceData): TicketPatch => ({ priority: reference.priorities[1]?.id ?? reference.priorities[0]!.id });

const body = { bodyHtml: '<p>Made by the fault matrix.</p>', bodyMarkdown: 'Made by the fault matrix.', attachments: [] };

export const VENDOR_FIXTURES: Readonly<Record<string, VendorFixture>> = {
  deskpro: {
    ticket: '1164',
    attachmentTicket: '1164',
    draft: (_reference, subject) => ({ subject, ...body }),
    patch: secondPriority,
  },
  jitbit: {
    ticket: '5003',
    attachmentTicket: '5003',
    draft: (reference, subject) => ({ subject, ...body, department: reference.departments[0]!.id }),
    patch: secondPriority,
  },
  deskdirector: {
    ticket: '10386',
    attachmentTicket: '10379',
    // "Something Else" needs no request-type fields; the contact is one of the seeded ones.
    draft: (_reference, subject) => ({ subject, ...body, kind: '0', fields: { contactId: 4001 } }),
    patch: secondPriority,
  },
  diamantedesk: {
    ticket: '641',
    attachmentTicket: '621',
    draft: (reference, subject) => ({ subject, ...body, department: reference.departments[0]!.id }),
    patch: secondPriority,
  },
};
