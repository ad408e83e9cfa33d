// Maps the domain model to the panel protocol's view types. Pure.
import type { Message, Ticket } from '../../helpdesk/model';
import type { Capabilities, ReferenceData } from '../../helpdesk/provider';
import type { RenderBody } from '../../helpdesk/render/types';
import type { LinkedCodeItem, MessageView, Option, PanelCapabilities, StatusOption, TicketView } from '../../shared/protocol/panel';
import type { LinkedCodeView } from '../codeLinks/contracts';
import { displayFileName } from './fileNames';

export function ticketView(ticket: Ticket, instanceId: string, instanceLabel: string): TicketView {
  const view: TicketView = {
    instanceId,
    instanceLabel,
    id: ticket.id,
    ref: ticket.ref,
    subject: ticket.subject,
    status: { id: ticket.status.id, name: ticket.status.name, kind: ticket.status.kind },
    labels: ticket.labels ?? [],
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
  };
  if (ticket.priority) view.priority = { id: ticket.priority.id, name: ticket.priority.name };
  if (ticket.requester) view.requester = ticket.requester.email ? `${ticket.requester.name} <${ticket.requester.email}>` : ticket.requester.name;
  if (ticket.agent) view.agent = { id: ticket.agent.id, name: ticket.agent.name };
  if (ticket.department) view.department = { id: ticket.department.id, name: ticket.department.name };
  if (ticket.webUrl) view.webUrl = ticket.webUrl;
  return view;
}

export function panelCapabilities(capabilities: Capabilities): PanelCapabilities {
  const view: PanelCapabilities = {
    internalNotes: capabilities.internalNotes,
    changeStatus: capabilities.changeStatus,
    statusOnReply: capabilities.statusOnReply,
    assign: capabilities.assign,
    priority: capabilities.priority,
    attachOnReply: capabilities.attachOnReply,
    cannedReplies: capabilities.cannedReplies,
  };
  if (capabilities.departmentLabel) view.departmentLabel = capabilities.departmentLabel;
  if (capabilities.replyUnavailable) view.replyUnavailable = capabilities.replyUnavailable;
  if (capabilities.downloadAttachments === false) view.downloadAttachments = false;
  if (capabilities.changeDepartment === false) view.changeDepartment = false;
  return view;
}

export interface ReferenceOptions {
  statuses: StatusOption[];
  priorities: Option[];
  agents: Option[];
  departments: Option[];
}

/** `ticket`: where the helpdesk limits a ticket's statuses (its board's), only those are offered. */
export function referenceOptions(data: ReferenceData, ticket?: Ticket): ReferenceOptions {
  return {
    statuses: (ticket?.statusChoices ?? data.statuses).map((status) => ({ id: status.id, name: status.name, kind: status.kind })),
    priorities: data.priorities.map(option),
    agents: data.agents.map(option),
    departments: data.departments.map(option),
  };
}

export const EMPTY_REFERENCE_DATA: ReferenceData = { statuses: [], priorities: [], departments: [], agents: [] };

export interface RenderedMessage {
  view: MessageView;
  remoteImagesBlocked: number;
}

export function messageView(message: Message, renderBody: RenderBody, allowRemoteImages: boolean): RenderedMessage {
  const rendered = renderBody(message.body, message.format, { allowRemoteImages });
  return {
    view: {
      id: message.id,
      author: message.author.name,
      authorIsAgent: message.author.isAgent === true,
      createdAt: message.createdAt,
      html: rendered.html,
      internal: message.internal,
      system: message.system === true,
      attachments: message.attachments.map((attachment) => {
        // Shown as the characters really are: no bidi override may disguise an .exe.
        const view: MessageView['attachments'][number] = { id: attachment.id, name: displayFileName(attachment.name) };
        if (attachment.size !== undefined) view.size = attachment.size;
        if (attachment.isImage !== undefined) view.isImage = attachment.isImage;
        return view;
      }),
      truncated: rendered.truncated,
    },
    remoteImagesBlocked: rendered.remoteImagesBlocked,
  };
}

function option(item: { id: string; name: string }): Option {
  return { id: item.id, name: item.name };
}

export function linkedCodeItem(link: LinkedCodeView): LinkedCodeItem {
  return { id: link.id, file: link.file, startLine: link.startLine, endLine: link.endLine, stale: link.stale };
}
