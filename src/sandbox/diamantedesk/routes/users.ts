// Users: the API's /users are Diamante users (customers) only, never agents; no
// permission check, no paging. `/users/{email}/` needs its trailing slash. There is no
// "current user" in the desk API on /api/rest: `/users/current` exists only on
// DiamanteDesk's own /api/diamante/rest guard, for the customer whose API user signed the
// request; agents are OroPlatform's users, whose own routes say who is who (platform.ts).
import { DeskError, notEnoughPermissions } from '../errors';
import type { RouteContext, ServiceResult } from '../router';
import { customerJson } from '../serialize';
import { serverNow, type CustomerRecord } from '../state';
import { bindCommand, email, notNull, REQUIRED, type CommandDef } from '../validate';
import { phpString } from '../php-text';

export function listUsers(ctx: RouteContext): ServiceResult {
  return { data: [...ctx.state.customers.values()].map(customerJson) };
}

export function getUserByEmail(ctx: RouteContext): ServiceResult {
  const wanted = (ctx.params.email ?? '').toLowerCase();
  const customer = [...ctx.state.customers.values()].find((c) => c.email.toLowerCase() === wanted);
  if (!customer) throw new DeskError(404, 'User not found.');
  return { data: customerJson(customer) };
}

export function getUserById(ctx: RouteContext): ServiceResult {
  const customer = ctx.state.customers.get(Number(ctx.params.id));
  if (!customer) throw new DeskError(404, 'User not found.');
  return { data: customerJson(customer) };
}

const CREATE_USER: CommandDef = {
  className: 'Diamante\\UserBundle\\Api\\Command\\CreateDiamanteUserCommand',
  properties: [
    { name: 'username' },
    { name: 'email', checks: [notNull(REQUIRED), email('This value should be a valid email')] },
    { name: 'firstName', checks: [notNull(REQUIRED)] },
    { name: 'lastName', checks: [notNull(REQUIRED)] },
  ],
};

export function createUser(ctx: RouteContext): ServiceResult {
  const command = bindCommand(CREATE_USER, ctx.data);
  const address = phpString(command.email);
  if ([...ctx.state.customers.values()].some((c) => c.email.toLowerCase() === address.toLowerCase())) throw new DeskError(404, 'An account with this email address already exists');
  const now = serverNow(ctx.state);
  const customer: CustomerRecord = {
    id: ctx.state.nextId.customer++,
    email: address,
    firstName: phpString(command.firstName),
    lastName: phpString(command.lastName),
    apiSecret: ctx.state.rng.code(16, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'),
    active: false,
    createdAt: now,
    updatedAt: now,
  };
  ctx.state.customers.set(customer.id, customer);
  return { data: customerJson(customer), createdId: customer.id };
}

export function updateUser(ctx: RouteContext): ServiceResult {
  const customer = ctx.state.customers.get(Number(ctx.params.id));
  if (!customer) throw new DeskError(404, 'User not found.');
  if (ctx.data.firstName !== undefined) customer.firstName = phpString(ctx.data.firstName);
  if (ctx.data.lastName !== undefined) customer.lastName = phpString(ctx.data.lastName);
  customer.updatedAt = serverNow(ctx.state);
  return { data: customerJson(customer) };
}

export function deleteUser(ctx: RouteContext): ServiceResult {
  if (!ctx.state.customers.delete(Number(ctx.params.id))) throw new DeskError(404, 'User not found.');
  return { data: null };
}

/** Only an API user has a current user; anyone else gets the product's 403. */
export function getCurrentUser(ctx: RouteContext): ServiceResult {
  if (ctx.caller.kind !== 'customer') throw new DeskError(403, 'Your session seems to be dirty. Please, log out of Diamante Admin and try again');
  return { data: customerJson(ctx.caller.customer) };
}

export function updateCurrentUser(ctx: RouteContext): ServiceResult {
  if (ctx.caller.kind !== 'customer') throw notEnoughPermissions();
  const customer = ctx.caller.customer;
  if (ctx.data.firstName !== undefined) customer.firstName = phpString(ctx.data.firstName);
  if (ctx.data.lastName !== undefined) customer.lastName = phpString(ctx.data.lastName);
  customer.updatedAt = serverNow(ctx.state);
  return { data: customerJson(customer) };
}
