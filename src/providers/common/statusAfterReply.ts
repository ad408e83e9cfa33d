// Vendors whose reply cannot carry a status change it with a second request after it.
import { HelpdeskError, toHelpdeskError } from '../../helpdesk/errors';

/**
 * Runs `change` once the reply is posted. Its failure says that the reply was sent (or
 * the user sends it twice), keeping the cause's kind, status, field errors and retry hint.
 */
export async function changeStatusAfterReply(change: () => Promise<unknown>): Promise<void> {
  try {
    await change();
  } catch (error) {
    const cause = toHelpdeskError(error);
    throw new HelpdeskError(cause.kind, `The reply was sent, but the status was not changed: ${cause.message}`, {
      ...(cause.status !== undefined && { status: cause.status }),
      ...(cause.fields && { fields: cause.fields }),
      ...(cause.retryAfterMs !== undefined && { retryAfterMs: cause.retryAfterMs }),
      cause,
    });
  }
}
