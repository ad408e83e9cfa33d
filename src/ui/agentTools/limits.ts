// How much a tool result may hold. A model's context is small next to a helpdesk: a
// 10,000-message ticket or a 5 MB mail body must come back as a bounded result with a note
// of what was left out, never as everything.

/** Messages a ticket result shows by default: the latest ones. */
export const DEFAULT_MESSAGES = 20;
/** The most a caller may ask for. */
export const MAX_MESSAGES = 50;
/** Characters of a body read before it is converted (the rest is never parsed). */
export const MAX_BODY_INPUT_CHARS = 200_000;
/** Characters of text kept per message. */
export const MAX_MESSAGE_CHARS = 6_000;
/** Characters a whole ticket result may hold; older messages give way first. */
export const MAX_TICKET_RESULT_CHARS = 60_000;
/** Tickets per instance in a search result. */
export const DEFAULT_SEARCH_RESULTS = 20;
export const MAX_SEARCH_RESULTS = 50;
/** Characters of a drafted reply. */
export const MAX_DRAFT_CHARS = 20_000;
/** Messages read from the helpdesk at most (as the panel: a runaway cursor must not loop forever). */
export const MAX_MESSAGE_PAGES = 1000;
