// The fields each entity maps in the database, for filters and `sort`: a name outside
// these sets is a DQL error (the list answers `null`). Names are the PHP property names
// (`createdAt`, `assignee`), not the JSON ones (`created_at`).
import type { Column, EntitySchema, FilterSpec } from './paging';
import type { BranchRecord, CommentRecord, TicketRecord } from './state';

const str = (value: string | null): Column => ({ kind: 'string', value });
const num = (value: number | null): Column => ({ kind: 'number', value });
const date = (value: number | null): Column => ({ kind: 'date', value });

export const TICKET_SCHEMA: EntitySchema<TicketRecord> = {
  fields: new Set(['id', 'uniqueId', 'sequenceNumber', 'subject', 'description', 'status', 'priority', 'source', 'branch', 'reporter', 'reporterEmail', 'assignee', 'createdAt', 'updatedAt', 'statusUpdatedSince', 'assignedSince']),
  column(ticket, field) {
    switch (field) {
      case 'id':
        return num(ticket.id);
      case 'uniqueId':
        return str(ticket.uniqueId);
      case 'sequenceNumber':
        return num(ticket.sequenceNumber);
      case 'subject':
        return str(ticket.subject);
      case 'description':
        return str(ticket.description);
      case 'status':
        return str(ticket.status);
      case 'priority':
        return str(ticket.priority);
      case 'source':
        return str(ticket.source);
      case 'branch':
        return num(ticket.branchId);
      case 'reporter':
        return str(ticket.reporter);
      case 'reporterEmail':
        return str(ticket.reporterEmail);
      case 'assignee':
        return num(ticket.assigneeId);
      case 'createdAt':
        return date(ticket.createdAt);
      case 'updatedAt':
        return date(ticket.updatedAt);
      case 'statusUpdatedSince':
        return date(ticket.statusUpdatedSince);
      default:
        return date(ticket.assignedSince);
    }
  },
};

/** FilterTicketsCommand: `key` is declared but not mapped, so filtering by it fails. */
export const TICKET_FILTERS: FilterSpec = {
  fields: ['branch', 'assignee', 'reporter', 'key', 'priority', 'status', 'source', 'subject', 'description'],
  like: ['subject', 'description'],
};

export const COMMENT_SCHEMA: EntitySchema<CommentRecord> = {
  fields: new Set(['id', 'content', 'ticket', 'author', 'createdAt', 'updatedAt', 'private']),
  column(comment, field) {
    switch (field) {
      case 'id':
        return num(comment.id);
      case 'content':
        return str(comment.content);
      case 'ticket':
        return num(comment.ticketId);
      case 'author':
        return str(comment.author);
      case 'createdAt':
        return date(comment.createdAt);
      case 'updatedAt':
        return date(comment.updatedAt);
      default:
        return num(comment.private ? 1 : 0);
    }
  },
};

export const COMMENT_FILTERS: FilterSpec = { fields: ['author', 'content', 'ticket'], like: ['content'] };

export const BRANCH_SCHEMA: EntitySchema<BranchRecord> = {
  fields: new Set(['id', 'name', 'description', 'key', 'defaultAssignee', 'sequenceNumber', 'createdAt', 'updatedAt']),
  column(branch, field) {
    switch (field) {
      case 'id':
        return num(branch.id);
      case 'name':
        return str(branch.name);
      case 'description':
        return str(branch.description);
      case 'key':
        return str(branch.key);
      case 'defaultAssignee':
        return num(branch.defaultAssigneeId);
      case 'sequenceNumber':
        return num(branch.lastSequence + 1);
      case 'createdAt':
        return date(branch.createdAt);
      default:
        return date(branch.updatedAt);
    }
  },
};

export const BRANCH_FILTERS: FilterSpec = { fields: ['name', 'defaultAssignee', 'description', 'key'], like: ['name', 'description', 'key'] };
