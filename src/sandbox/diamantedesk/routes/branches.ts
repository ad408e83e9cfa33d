// Branches (departments): list (filtered, paged, open to every caller), one, create,
// update (PUT = PATCH, property by property), delete. A missing branch is 404 with an
// empty message; a branch with tickets cannot be deleted (409).
import { DeskError } from '../errors';
import { checkGranted } from '../permissions';
import type { RouteContext, ServiceResult } from '../router';
import { BRANCH_FILTERS, BRANCH_SCHEMA } from '../schemas';
import { branchJson } from '../serialize';
import { serverNow, type BranchRecord } from '../state';
import { bindCommand, minLength, notNull, regex, REQUIRED, type, type CommandDef } from '../validate';
import { phpString } from '../php-text';
import { runList } from './common';

export function listBranches(ctx: RouteContext): ServiceResult {
  const outcome = runList(ctx, { rows: [...ctx.state.branches.values()], spec: BRANCH_FILTERS, schema: BRANCH_SCHEMA });
  return { data: outcome.page ? outcome.page.map((b) => branchJson(b, false)) : null, headers: outcome.headers };
}

function branchById(ctx: RouteContext, id: unknown): BranchRecord {
  const branch = ctx.state.branches.get(Number(id));
  if (!branch) throw new DeskError(404, '');
  return branch;
}

export function getBranch(ctx: RouteContext): ServiceResult {
  checkGranted(ctx.caller, 'VIEW', { kind: 'class', name: 'Branch' });
  return { data: branchJson(branchById(ctx, ctx.params.id), true) };
}

const BRANCH_COMMAND: CommandDef = {
  className: 'Diamante\\DeskBundle\\Api\\Command\\BranchCommand',
  properties: [
    { name: 'id', checks: [type('integer')], integer: true },
    { name: 'key', checks: [regex(/^[\p{L}\p{M}]+$/u, 'Key must contain letters only. Numbers, special characters and spaces are not allowed.'), type('string'), minLength(2)] },
    { name: 'name', checks: [notNull(REQUIRED), regex(/[\p{L}\p{M}]/u, 'Name must contain letters. Only numbers, special characters and spaces are not allowed.'), type('string'), minLength(2)] },
    { name: 'description', checks: [type('string')] },
    { name: 'tags', checks: [type('array')] },
    { name: 'defaultAssignee', integer: true },
  ],
};

/** The branch key generator: the name's letters, upper-cased, made unique with a suffix. */
function generatedKey(ctx: RouteContext, name: string): string {
  const base = name.replace(/[^\p{L}]/gu, '').toUpperCase() || 'BRANCH';
  const taken = new Set([...ctx.state.branches.values()].map((b) => b.key));
  let key = base;
  for (let n = 0; taken.has(key); n++) key = `${base}${String.fromCharCode(65 + (n % 26))}`;
  return key;
}

export function createBranch(ctx: RouteContext): ServiceResult {
  const command = bindCommand(BRANCH_COMMAND, ctx.data);
  checkGranted(ctx.caller, 'CREATE', { kind: 'class', name: 'Branch' });
  const name = phpString(command.name);
  const key = (command.key === undefined || command.key === null || command.key === '' ? generatedKey(ctx, name) : phpString(command.key)).toUpperCase();
  if ([...ctx.state.branches.values()].some((b) => b.key === key)) throw new DeskError(404, 'Branch key already exists. Please, provide another one.');
  const assignee = command.defaultAssignee === undefined ? undefined : ctx.state.agents.get(Number(command.defaultAssignee));
  const now = serverNow(ctx.state);
  const branch: BranchRecord = { id: ctx.state.nextId.branch++, key, name, description: phpString(command.description), defaultAssigneeId: assignee?.id ?? null, createdAt: now, updatedAt: now, lastSequence: 0 };
  ctx.state.branches.set(branch.id, branch);
  return { data: branchJson(branch, true), createdId: branch.id };
}

const BRANCH_PROPERTIES = new Set(['id', 'name', 'description', 'key', 'defaultAssignee', 'logo', 'sequenceNumber', 'tags', 'createdAt', 'updatedAt']);

export function updateBranch(ctx: RouteContext): ServiceResult {
  checkGranted(ctx.caller, 'EDIT', { kind: 'class', name: 'Branch' });
  const branch = branchById(ctx, ctx.params.id);
  const properties = ctx.properties ?? {};
  for (const [name, value] of Object.entries(properties)) {
    if (!BRANCH_PROPERTIES.has(name)) throw new DeskError(500, `Branch does not have "${name}" property.`);
    if (name !== 'name' && name !== 'description' && name !== 'key') throw new DeskError(500, `Expected value of type "object" for field "Diamante\\DeskBundle\\Entity\\Branch#$${name}", got "${typeof value}" instead.`);
  }
  for (const [name, value] of Object.entries(properties)) {
    const text = phpString(value);
    if (name === 'name') branch.name = text;
    else if (name === 'description') branch.description = text;
    else branch.key = text;
  }
  if (Object.keys(properties).length > 0) branch.updatedAt = serverNow(ctx.state);
  return { data: branchJson(branch, false) };
}

export function deleteBranch(ctx: RouteContext): ServiceResult {
  const id = Number(ctx.params.id);
  if ([...ctx.state.tickets.values()].some((t) => t.branchId === id)) throw new DeskError(409, "Branch has tickets and can't be deleted");
  checkGranted(ctx.caller, 'DELETE', { kind: 'class', name: 'Branch' });
  branchById(ctx, id);
  ctx.state.branches.delete(id);
  return { data: null };
}
