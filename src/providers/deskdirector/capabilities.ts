// What a DeskDirector instance can do from here, with this credential. Lists and the panel
// come from the Copilot routes, which every credential reaches; status, priority and create
// come from the automate connector, which takes an API key (the connector signs in with
// `DdApi`, and the vendor article gives the API key the Public and Admin APIs, TECH tokens
// the TECH API); notes, files and downloads depend on what the instance's own OpenAPI
// document offers to this credential, so the capabilities follow the latest discovery
// (provider.capabilities is a getter over this).
import type { Capabilities } from '../../helpdesk/provider';
import type { DeskdirectorAuthMethod } from './auth';
import type { Discovery } from './discovery';

export const NO_NOTES_ROUTE = "This DeskDirector instance's API offers no way to add notes; reply in DeskDirector.";
export const NOTES_NEED_TECH_TOKEN = "Adding notes needs a TECH personal access token: this instance's API offers notes only through the TECH API.";
export const NOT_YET_CHECKED = 'Not yet known whether this DeskDirector instance takes notes from here; connect (Refresh) to check.';
/** Why create, status and priority are off with a TECH credential. */
export const CHANGES_NEED_API_KEY =
  "Creating tickets and changing their status or priority needs a DeskDirector API key: these go through the automate connector, which does not take TECH tokens.";

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
export function capabilitiesFor(discovery: Discovery | undefined, method: DeskdirectorAuthMethod = 'apiKey'): Capabilities {
  const capabilities: Capabilities = { ...BASE, views: [...BASE.views] };
  if (method !== 'apiKey') {
    capabilities.changeStatus = false;
    capabilities.priority = false;
    capabilities.createUnavailable = CHANGES_NEED_API_KEY;
  }
  if (!discovery) return { ...capabilities, replyUnavailable: NOT_YET_CHECKED };
  capabilities.internalNotes = discovery.note?.internalField !== undefined;
  capabilities.attachOnReply = discovery.note !== undefined && discovery.upload !== undefined;
  capabilities.downloadAttachments = discovery.download !== undefined;
  if (!discovery.note) capabilities.replyUnavailable = discovery.noteNeeds === 'techToken' ? NOTES_NEED_TECH_TOKEN : NO_NOTES_ROUTE;
  return capabilities;
}
