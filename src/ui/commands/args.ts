// Commands are run from tree nodes, the panel, keybindings and tests, each passing a
// different shape. These read what a command needs from any of them. Pure.

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** `{instanceId}` from a tree node, a fix node's arguments, or a keybinding. */
export function instanceIdFrom(arg: unknown): string | undefined {
  return nonEmptyString(field(arg, 'instanceId'));
}

/** `{instanceId, ticketId}`, or a ticket node (`{instanceId, ticket: {id}}`). */
export function ticketRefFrom(arg: unknown): { instanceId: string; ticketId: string } | undefined {
  const instanceId = instanceIdFrom(arg);
  const ticketId = nonEmptyString(field(arg, 'ticketId')) ?? nonEmptyString(field(field(arg, 'ticket'), 'id'));
  return instanceId && ticketId ? { instanceId, ticketId } : undefined;
}

/** The web address of a ticket node, if the helpdesk gave one. */
export function ticketWebUrlFrom(arg: unknown): string | undefined {
  return nonEmptyString(field(field(arg, 'ticket'), 'webUrl'));
}

export function ticketDisplayRefFrom(arg: unknown): string | undefined {
  return nonEmptyString(field(field(arg, 'ticket'), 'ref'));
}

export function listRefFrom(arg: unknown): { instanceId: string; listKey: string } | undefined {
  const instanceId = instanceIdFrom(arg);
  const listKey = nonEmptyString(field(arg, 'listKey'));
  return instanceId && listKey ? { instanceId, listKey } : undefined;
}

export interface CredentialArgs {
  instanceId?: string;
  secret?: string;
  username?: string;
}

/** `{instanceId, secret, username?}` lets keybindings and tests set credentials without prompts. */
export function credentialArgsFrom(arg: unknown): CredentialArgs {
  const result: CredentialArgs = {};
  const instanceId = instanceIdFrom(arg);
  const secret = nonEmptyString(field(arg, 'secret'));
  const username = nonEmptyString(field(arg, 'username'));
  if (instanceId) result.instanceId = instanceId;
  if (secret) result.secret = secret;
  if (username) result.username = username;
  return result;
}
