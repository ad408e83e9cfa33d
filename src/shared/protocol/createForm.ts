// Messages between the Create Ticket form's host side (src/ui/code/createTicketForm.ts) and its page
// (src/webview/createForm/main.ts). Both import this file; the bytes of attachments never cross it, only
// names and sizes.
import { isString, oneOf, optional, parseMessage, recordOf, shape, type MessageParsers } from './check';
import { type PreviewAnswer, type PreviewRequest, previewRequestFields } from './preview';

/** Where an attachment came from; the first three are made from the editor's code. */
export type AttachmentSource = 'snippet' | 'file' | 'diff' | 'picked';

export const CODE_SOURCES = ['snippet', 'file', 'diff'] as const;
export type CodeSource = (typeof CODE_SOURCES)[number];

export interface FormOption {
  id: string;
  name: string;
}

/** One "attach this" button: what it would add, or why it cannot. */
export interface SourceOffer {
  source: CodeSource;
  label: string;
  /** The file it adds, e.g. "auth-L10-L24.ts". */
  name?: string;
  size?: number;
  /** Why it cannot be added; the button is disabled and says so. */
  unavailable?: string;
}

export interface FormFields {
  /** What the helpdesk calls its grouping (Department, Category...), when it has one. */
  departmentLabel?: string;
  /** The grouping must be chosen (DiamanteDesk's branch). */
  departmentRequired?: boolean;
  priority: boolean;
  agent: boolean;
}

export interface FormInit {
  instanceLabel: string;
  subject: string;
  body: string;
  /** "`src/auth.ts`, lines 10-24" and the permalink, or why there is none. */
  location: { caption: string; permalink?: string; note?: string };
  fields: FormFields;
  attachOnCreate: boolean;
  offers: SourceOffer[];
  maxAttachmentBytes: number;
}

export interface FormReference {
  departments: FormOption[];
  priorities: FormOption[];
  agents: FormOption[];
}

export interface FormAttachmentView {
  id: string;
  name: string;
  size: number;
  source: AttachmentSource;
}

/** One of the helpdesk's own create fields (DraftField), as the page shows it. */
export interface FormVendorField {
  name: string;
  label: string;
  type: 'text' | 'multiline' | 'number' | 'boolean' | 'date' | 'choice';
  required: boolean;
  options?: FormOption[];
  description?: string;
  defaultValue?: string | number | boolean;
}

export interface FormValues {
  subject: string;
  body: string;
  /** The helpdesk's kind of ticket (request type), where it has kinds. */
  kind?: string;
  /** The helpdesk's own fields, as typed: text, or true/false for a checkbox. */
  vendorFields?: Record<string, string | boolean>;
  department?: string;
  priority?: string;
  agent?: string;
  /** An email address or person id; empty means "me". */
  requester?: string;
}

export type FormField = 'subject' | 'body' | 'department' | 'priority' | 'agent' | 'requester';

export type HostToForm =
  | { type: 'init'; form: FormInit }
  | { type: 'reference'; reference: FormReference }
  | { type: 'referenceFailed'; message: string }
  | { type: 'attachments'; attachments: FormAttachmentView[] }
  | { type: 'busy'; busy: boolean; label?: string }
  /** The helpdesk's kinds of ticket, to pick one before its fields (absent: it has none). */
  | { type: 'kinds'; kinds: FormOption[] }
  /** The helpdesk's own fields for the chosen kind (or for every ticket, without kinds). */
  | { type: 'vendorFields'; kind?: string; fields: FormVendorField[] }
  | { type: 'vendorFieldsFailed'; message: string }
  | { type: 'error'; message: string; fields?: Partial<Record<FormField, string>>; vendorFields?: Record<string, string> }
  /** The host changed the form's text (secrets redacted); the page shows what will be sent. */
  | { type: 'values'; subject: string; body: string }
  /** The description's preview, rendered by the host (protocol/preview.ts). */
  | PreviewAnswer;

export type FormToHost =
  | { type: 'ready' }
  | { type: 'addAttachment'; source: AttachmentSource }
  | { type: 'removeAttachment'; id: string }
  | { type: 'submit'; values: FormValues }
  /** The user picked another kind of ticket: its fields, please. */
  | { type: 'kindChanged'; kind: string }
  | { type: 'cancel' }
  /** A link in the preview or the permalink: the host opens web addresses only. */
  | { type: 'openLink'; href: string }
  /** The description's Markdown, for the preview (protocol/preview.ts). */
  | PreviewRequest;

const isSource = oneOf<AttachmentSource>('snippet', 'file', 'diff', 'picked');

export const isFormValues = shape<FormValues>({
  subject: isString,
  body: isString,
  department: optional(isString),
  priority: optional(isString),
  agent: optional(isString),
  requester: optional(isString),
  kind: optional(isString),
  vendorFields: optional(recordOf((value): value is string | boolean => typeof value === 'string' || typeof value === 'boolean')),
});

const formToHostParsers: MessageParsers<FormToHost> = {
  ready: shape({}),
  addAttachment: shape({ source: isSource }),
  removeAttachment: shape({ id: isString }),
  submit: shape({ values: isFormValues }),
  kindChanged: shape({ kind: isString }),
  cancel: shape({}),
  openLink: shape({ href: isString }),
  renderPreview: shape(previewRequestFields),
};

/** The host reads what the page posts through this, whole, before acting on it. */
export function parseFormToHost(raw: unknown): FormToHost | undefined {
  return parseMessage(formToHostParsers, raw);
}

export function isFormToHost(value: unknown): value is FormToHost {
  return parseFormToHost(value) !== undefined;
}
