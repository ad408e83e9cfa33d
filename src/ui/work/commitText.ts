// How a ticket reference goes into a commit message. Pure.

/**
 * The message with the reference in: as the subject's prefix when the message is empty,
 * else as a "Refs:" trailer after a blank line. Undefined when the message mentions it already.
 */
export function withTicketReference(message: string, reference: string): string | undefined {
  if (reference.trim() === '') return undefined;
  const escaped = reference.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (new RegExp(`(^|[^A-Za-z0-9])${escaped}($|[^A-Za-z0-9])`).test(message)) return undefined;
  if (message.trim() === '') return `${reference}: `;
  return `${message.trimEnd()}\n\nRefs: ${reference}`;
}
