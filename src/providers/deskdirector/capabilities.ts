// What a DeskDirector instance can do from here. Lists, the panel, status, priority and
// create come from the public connector routes every instance has; notes, files and
// downloads depend on what the instance's own OpenAPI document offers, so the capabilities
// follow the latest discovery (provider.capabilities is a getter over this).
import type { Capabilities } from '../../helpdesk/provider';
import type { Discovery } from './discovery';

export const NO_NOTES_ROUTE = "This DeskDirector instance's API offers no way to add notes; reply in DeskDirector.";
export const NOT_YET_CHECKED = 'Not yet known whether this DeskDirector instance takes notes from here; connect (Refresh) to check.';

const BASE: Capabilities = {
  views: [
    { kind: 'mine', label: 'My Tickets' },
    { kind: 'unassigned', label: 'Unassigned' },
    { kind: 'open', label: 'All Open' },
  ],
  internalNotes: false,
  changeStatus: true,
  // A note route takes no status: the panel changes it with a second request after the note.
  statusOnReply: false,
  // No public route assigns agents (the connector's UpdateTicketRequest is not documented to).
  assign: false,
  priority: true,
  departmentLabel: 'Board',
  attachOnReply: false,
  // The create route takes JSON only.
  attachOnCreate: false,
  search: true,
  // The search route reports `total`; the provider passes it on (also when it capped the answer).
  totalCount: true,
  cannedReplies: false,
  downloadAttachments: false,
};

/** `discovery` undefined: the OpenAPI document has not been read yet. */
export function capabilitiesFor(discovery: Discovery | undefined): Capabilities {
  if (!discovery) return { ...BASE, views: [...BASE.views], replyUnavailable: NOT_YET_CHECKED };
  const capabilities: Capabilities = {
    ...BASE,
    views: [...BASE.views],
    internalNotes: discovery.note?.internalField !== undefined,
    attachOnReply: discovery.note !== undefined && discovery.upload !== undefined,
    downloadAttachments: discovery.download !== undefined,
  };
  if (!discovery.note) capabilities.replyUnavailable = NO_NOTES_ROUTE;
  return capabilities;
}
