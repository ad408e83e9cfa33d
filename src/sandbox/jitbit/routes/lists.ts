// The current user (/api/Authorization), reference lists (categories, techs, custom
// fields, canned replies), users, and the dashboard counters (/api/Stats).
import { jsonResponse, type SimResponse } from '../../http-util';
import { badRequest, notFound } from '../errors';
import { Binder } from '../params';
import type { RouteContext } from '../router';
import { categoryJson, techJson, userDetailJson, userInfoJson, userListJson } from '../serialize';
import { STATUS_CLOSED, STATUS_IN_PROGRESS, STATUS_NEW, type UserRecord } from '../state';
import { isClosed, required, requiredText } from '../validate';
import { isUnanswered } from './tickets';

/** The connection test: answers the caller, whose last-seen details this request updates. */
export function getAuthorization(ctx: RouteContext): SimResponse {
  const { caller } = ctx;
  caller.lastSeen = ctx.state.now();
  caller.ipAddress = ctx.clientIp;
  if (ctx.userAgent !== '') caller.userAgent = ctx.userAgent;
  return jsonResponse(200, userInfoJson(ctx.state, caller));
}

export function listCategories(ctx: RouteContext): SimResponse {
  const categories = [...ctx.state.categories.values()].filter((c) => ctx.caller.isTech || !c.forTechsOnly);
  return jsonResponse(200, categories.map(categoryJson));
}

function findCategory(ctx: RouteContext, name: string): number {
  const input = new Binder(ctx.params);
  const id = input.int(name);
  input.check();
  const categoryId = required(id, name);
  const category = ctx.state.categories.get(categoryId);
  if (!category || (category.forTechsOnly && !ctx.caller.isTech)) throw notFound(`Category ${categoryId} not found.`);
  return categoryId;
}

/** Active technicians of the category: the possible assignees. */
export function techsForCategory(ctx: RouteContext): SimResponse {
  const category = ctx.state.categories.get(findCategory(ctx, 'id'));
  const techs = (category?.techIds ?? []).map((id) => ctx.state.users.get(id)).filter((u): u is UserRecord => u !== undefined && !u.disabled);
  return jsonResponse(200, techs.map((user) => techJson(ctx.state, user)));
}

export function customFieldsForCategory(ctx: RouteContext): SimResponse {
  const categoryId = findCategory(ctx, 'categoryId');
  const fields = ctx.state.customFields.filter((f) => (f.categoryIds === null || f.categoryIds.includes(categoryId)) && (ctx.caller.isTech || !f.forTechsOnly));
  return jsonResponse(
    200,
    fields.map((f) => ({
      FieldName: f.name,
      FieldID: f.id,
      Type: f.type,
      UsageType: 1,
      ForTechsOnly: f.forTechsOnly,
      Mandatory: f.mandatory,
      OrderByNumber: f.order,
      ShowInGrid: f.showInGrid,
      // Inferred shape of a drop-down's options.
      SelectionComboOptions: f.options ? f.options.map((o) => ({ OptionID: o.id, Name: o.name })) : null,
    })),
  );
}

export function listCommentTemplates(ctx: RouteContext): SimResponse {
  return jsonResponse(200, ctx.state.commentTemplates.map((t) => ({ TemplateId: t.id, Body: t.body, Name: t.name })));
}

const LIST_MODES = ['all', 'techs', 'admins', 'regular', 'disabled'] as const;

export const USERS_PARAMS = ['count', 'page', 'listMode', 'departmentId', 'companyId'] as const;

/** Inferred: every mode but `disabled` lists active users only. */
export function listUsers(ctx: RouteContext): SimResponse {
  const input = new Binder(ctx.params);
  const count = input.int('count') ?? 500;
  const page = input.int('page') ?? 1;
  input.int('departmentId');
  const companyId = input.int('companyId');
  input.check();
  const mode = input.text('listMode')?.trim().toLowerCase() || 'all';
  if (!(LIST_MODES as readonly string[]).includes(mode)) throw badRequest(`'listMode' must be one of: ${LIST_MODES.join(', ')}.`);
  if (count < 1) throw badRequest("'count' must be at least 1.");
  if (page < 1) throw badRequest("'page' must be at least 1.");
  const keep = (user: UserRecord): boolean => {
    if (mode === 'disabled') return user.disabled;
    if (user.disabled) return false;
    if (mode === 'techs') return user.isTech || user.isAdmin;
    if (mode === 'admins') return user.isAdmin;
    if (mode === 'regular') return !user.isTech && !user.isAdmin;
    return true;
  };
  const users = [...ctx.state.users.values()]
    .filter(keep)
    // Inferred: users have no department in the seed, so a department filter matches nobody.
    .filter(() => !ctx.params.has('departmentId'))
    .filter((user) => (companyId === undefined ? true : user.companyId === companyId))
    .sort((a, b) => a.id - b.id);
  return jsonResponse(200, users.slice((page - 1) * count, page * count).map((user) => userListJson(ctx.state, user)));
}

export function userByEmail(ctx: RouteContext): SimResponse {
  const email = requiredText(new Binder(ctx.params).text('email'), 'email').trim().toLowerCase();
  const user = [...ctx.state.users.values()].find((u) => u.email.toLowerCase() === email);
  if (!user) throw notFound(`No user with the email address "${email}".`);
  return jsonResponse(200, userDetailJson(ctx.state, user));
}

/** The two shapes of the seed: overall counters, or the caller's own with SubmittedByMe. */
export function getStats(ctx: RouteContext): SimResponse {
  const { state, caller } = ctx;
  const input = new Binder(ctx.params);
  const forCurrentUser = input.bool('forCurrentUser') ?? false;
  input.check();
  const tickets = [...state.tickets.values()].filter((t) => caller.isTech || t.userId === caller.id);
  const count = (keep: (t: (typeof tickets)[number]) => boolean): number => tickets.filter(keep).length;
  const common = {
    NewTickets: count((t) => t.statusId === STATUS_NEW),
    Unanswered: count(isUnanswered),
    Unassigned: count((t) => !isClosed(t) && t.assignedToUserId === null),
    Unclosed: count((t) => !isClosed(t)),
    HandledByMe: count((t) => !isClosed(t) && t.assignedToUserId === caller.id),
  };
  const inProcess = count((t) => t.statusId === STATUS_IN_PROGRESS);
  if (forCurrentUser) return jsonResponse(200, { ...common, SubmittedByMe: count((t) => t.userId === caller.id), InProcess: inProcess });
  return jsonResponse(200, { TotalTickets: tickets.length, Closed: count((t) => t.statusId === STATUS_CLOSED), InProcess: inProcess, ...common });
}
