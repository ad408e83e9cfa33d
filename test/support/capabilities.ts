// One full Capabilities for fakes in the UI tests; each test states only what it varies.
import type { Capabilities } from '../../src/helpdesk/provider';

export function testCapabilities(overrides: Partial<Capabilities> = {}): Capabilities {
  return {
    views: [{ kind: 'mine', label: 'My Tickets' }],
    internalNotes: true,
    changeStatus: true,
    statusOnReply: false,
    assign: true,
    priority: true,
    attachOnReply: true,
    attachOnCreate: true,
    search: true,
    totalCount: true,
    cannedReplies: false,
    ...overrides,
  };
}
