// The Create Ticket form's host side: what the page shows, the files it will send, and the
// one path to the helpdesk (secret check, then createTicket, never retried). No vscode
// here: the webview, dialogs and what happens after success come in through FormHost.
import * as l10n from '@vscode/l10n';
import { type HelpdeskError, toHelpdeskError } from '../../helpdesk/errors';
import type { Logger } from '../../helpdesk/log';
import type { Ticket, TicketDraft } from '../../helpdesk/model';
import type { Capabilities, HelpdeskProvider, ReferenceData } from '../../helpdesk/provider';
import { checkFileCandidate, SNIFF_BYTES } from '../../code/files';
import { PreviewResponder, type PreviewRenderBody } from '../markdownPreview';
import { isSafeExternalUrl } from '../safeUrl';
import { assertNever } from '../../shared/protocol/check';
import type { PickedFile } from '../filePicker';
import { type CodeSnapshot, defaultBody, defaultSubject, diffSource, locationCaption, snippetSource, type TextSource, wholeFileSource } from './codeSnapshot';
import { FormAttachments } from './formAttachments';
import { VendorFields } from './vendorFields';
import {
  type AttachmentSource,
  CODE_SOURCES,
  type CodeSource,
  type FormField,
  type FormInit,
  type FormValues,
  type HostToForm,
  parseFormToHost,
  type SourceOffer,
} from '../../shared/protocol/createForm';
import { countFindings, decodeText, encodeText, findSecrets, redactText, type ScanTarget, secretWarningDetail } from './secretReview';

export interface FormConnection {
  readonly label: string;
  run<T>(request: (provider: HelpdeskProvider) => Promise<T>): Promise<T>;
  referenceData(): Promise<ReferenceData>;
}

export type SecretDecision = 'redact' | 'send' | 'cancel';

export interface FormHost {
  post(message: HostToForm): void;
  pickFiles(): Promise<PickedFile[]>;
  /** Asks what to do about credential-like text; `detail` lists where, never the values. */
  confirmSecrets(count: number, detail: string): Promise<SecretDecision>;
  /** The ticket exists: record the link, open it, tell the user, close the form. */
  created(ticket: Ticket): Promise<void>;
  close(): void;
  openExternal(url: string): void;
}

export interface CreateTicketFormOptions {
  connection: FormConnection;
  capabilities: Capabilities;
  snapshot: CodeSnapshot;
  host: FormHost;
  maxAttachmentBytes: () => number;
  markdownToHtml: (markdown: string) => string;
  /** For the description's preview (ui/markdownPreview.ts); may answer once its module has loaded. */
  renderBody: PreviewRenderBody;
  log: Logger;
}

function sourceLabel(source: CodeSource): string {
  switch (source) {
    case 'snippet':
      return l10n.t('Snippet as File');
    case 'file':
      return l10n.t('Whole File');
    case 'diff':
      return l10n.t('Current Diff');
  }
}

export class CreateTicketFormController {
  private readonly attachments = new FormAttachments();
  private readonly vendorFields: VendorFields;
  private phase: 'editing' | 'sending' | 'done' = 'editing';
  private loaded = false;
  private readonly previews: PreviewResponder;

  constructor(private readonly options: CreateTicketFormOptions) {
    this.vendorFields = new VendorFields(options.connection, (message) => options.host.post(message));
    this.previews = new PreviewResponder(options.renderBody, (answer) => options.host.post(answer), options.log);
  }

  get instanceLabel(): string {
    return this.options.connection.label;
  }

  /** The page has said `ready` and been filled. */
  get pageLoaded(): boolean {
    return this.loaded;
  }

  /** Set once the helpdesk has the ticket; the form then only closes. */
  get finished(): boolean {
    return this.phase === 'done';
  }

  /** Every message the page posts comes through here (as the webview delivers it). */
  async handle(raw: unknown): Promise<void> {
    const message = parseFormToHost(raw);
    if (!message) {
      this.options.log.warn(`create form: ignored a malformed message: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    switch (message.type) {
      case 'ready':
        return this.start();
      case 'addAttachment':
        return this.addAttachment(message.source);
      case 'removeAttachment':
        if (this.phase === 'editing' && this.attachments.remove(message.id)) this.postAttachments();
        return;
      case 'submit':
        return this.submit(message.values);
      case 'kindChanged':
        return this.phase === 'editing' ? this.vendorFields.load(message.kind) : undefined;
      case 'cancel':
        if (this.phase !== 'sending') this.options.host.close();
        return;
      case 'openLink':
        if (isSafeExternalUrl(message.href)) this.options.host.openExternal(message.href);
        return;
      case 'renderPreview':
        return this.previews.answer(message.seq, message.markdown);
      default:
        return assertNever(message);
    }
  }

  /** What the page is first filled with. */
  initialForm(): FormInit {
    const { snapshot, capabilities, connection } = this.options;
    return {
      instanceLabel: connection.label,
      subject: defaultSubject(snapshot),
      body: defaultBody(snapshot),
      location: {
        caption: locationCaption(snapshot),
        ...(snapshot.snippet.permalink ? { permalink: snapshot.snippet.permalink } : {}),
        ...(snapshot.permalinkNote ? { note: snapshot.permalinkNote } : {}),
      },
      fields: {
        ...(capabilities.departmentLabel ? { departmentLabel: capabilities.departmentLabel } : {}),
        ...(capabilities.departmentRequiredOnCreate ? { departmentRequired: true } : {}),
        priority: capabilities.priority,
        agent: capabilities.assign,
      },
      attachOnCreate: capabilities.attachOnCreate,
      offers: CODE_SOURCES.map((source) => this.offer(source)),
      maxAttachmentBytes: this.options.maxAttachmentBytes(),
    };
  }

  private start(): void {
    const { host, connection } = this.options;
    host.post({ type: 'init', form: this.initialForm() });
    this.postAttachments();
    this.loaded = true;
    connection.referenceData().then(
      (data) =>
        host.post({
          type: 'reference',
          reference: {
            departments: data.departments.map(({ id, name }) => ({ id, name })),
            priorities: data.priorities.map(({ id, name }) => ({ id, name })),
            agents: data.agents.map(({ id, name }) => ({ id, name })),
          },
        }),
      (error: unknown) => host.post({ type: 'referenceFailed', message: toHelpdeskError(error).message }),
    );
    void this.vendorFields.start();
  }

  private textSource(source: CodeSource): TextSource {
    const { snapshot } = this.options;
    return source === 'snippet' ? snippetSource(snapshot) : source === 'file' ? wholeFileSource(snapshot) : diffSource(snapshot);
  }

  private offer(source: CodeSource): SourceOffer {
    const offer: SourceOffer = { source, label: sourceLabel(source) };
    const text = this.textSource(source);
    if ('unavailable' in text) return { ...offer, unavailable: text.unavailable };
    const data = new TextEncoder().encode(text.text);
    const check = this.check(text.name, data);
    return { ...offer, name: text.name, size: data.byteLength, ...(check ? { unavailable: check } : {}) };
  }

  /** Why a file may not go with the ticket, or undefined when it may. */
  private check(name: string, data: Uint8Array): string | undefined {
    const result = checkFileCandidate({ name, sizeBytes: data.byteLength, head: data.subarray(0, SNIFF_BYTES) }, { maxBytes: this.options.maxAttachmentBytes() });
    return result.ok ? undefined : result.reason;
  }

  private async addAttachment(source: AttachmentSource): Promise<void> {
    if (this.phase !== 'editing') return;
    if (!this.options.capabilities.attachOnCreate) {
      this.postError(l10n.t('{0} does not accept attachments on new tickets.', this.options.connection.label));
      return;
    }
    if (source === 'picked') return this.addPicked();
    if (this.attachments.has(source)) return;
    const text = this.textSource(source);
    if ('unavailable' in text) {
      this.postError(text.unavailable);
      return;
    }
    const data = new TextEncoder().encode(text.text);
    const refused = this.check(text.name, data);
    if (refused) {
      this.postError(refused);
      return;
    }
    this.attachments.add(source, text.name, data);
    this.postAttachments();
  }

  private async addPicked(): Promise<void> {
    let picked: PickedFile[];
    try {
      picked = await this.options.host.pickFiles();
    } catch (error) {
      this.postError(toHelpdeskError(error).message);
      return;
    }
    const limit = this.options.maxAttachmentBytes();
    const refused: string[] = [];
    for (const file of picked) {
      // The size the file system reports is checked before anything is read.
      const early = checkFileCandidate({ name: file.name, sizeBytes: file.size, head: new Uint8Array() }, { maxBytes: limit });
      if (!early.ok) {
        refused.push(early.reason);
        continue;
      }
      let data: Uint8Array;
      try {
        data = await file.read();
      } catch (error) {
        refused.push(l10n.t('"{0}" could not be read: {1}', file.name, toHelpdeskError(error).message));
        continue;
      }
      const reason = this.check(file.name, data);
      if (reason) refused.push(reason);
      else this.attachments.add('picked', file.name, data);
    }
    this.postAttachments();
    if (refused.length > 0) this.postError(refused.join('\n'));
  }

  private async submit(values: FormValues): Promise<void> {
    if (this.phase !== 'editing') return;
    const { host, connection, capabilities } = this.options;
    let subject = values.subject.trim();
    let body = values.body;
    if (subject === '') return this.postError(l10n.t('Enter a subject for the ticket.'), { subject: l10n.t('Required.') });
    if (body.trim() === '') return this.postError(l10n.t('Describe the problem before creating the ticket.'), { body: l10n.t('Required.') });
    if (capabilities.departmentRequiredOnCreate && !values.department?.trim()) {
      const department = capabilities.departmentLabel ? capabilities.departmentLabel.toLowerCase() : l10n.t('department');
      return this.postError(l10n.t('Choose a {0} for the ticket.', department), { department: l10n.t('Required.') });
    }
    const problems = this.vendorFields.problems(values);
    if (Object.keys(problems).length > 0) {
      this.options.host.post({ type: 'error', message: l10n.t('Some of the helpdesk’s fields need a value.'), vendorFields: problems });
      return;
    }
    if (this.attachments.count > 0 && !capabilities.attachOnCreate) {
      return this.postError(l10n.t('{0} does not accept attachments on new tickets; remove them to go on.', connection.label));
    }
    const tooBig = this.attachments.entries().map((file) => this.check(file.name, file.data)).filter((reason): reason is string => reason !== undefined);
    if (tooBig.length > 0) return this.postError(tooBig.join('\n'));

    this.phase = 'sending';
    try {
      const decision = await this.reviewSecrets(subject, body);
      if (decision === 'cancel') {
        this.phase = 'editing';
        // The page waits for an answer to its submit: this one says "back to editing".
        host.post({ type: 'busy', busy: false });
        return;
      }
      if (decision === 'redact') {
        subject = redactText(subject);
        body = redactText(body);
        this.redactAttachments();
        host.post({ type: 'values', subject, body });
        this.postAttachments();
      }
    } catch (error) {
      this.phase = 'editing';
      this.postError(toHelpdeskError(error).message);
      return;
    }

    const draft: TicketDraft = {
      subject,
      bodyHtml: this.options.markdownToHtml(body),
      bodyMarkdown: body,
      attachments: this.attachments.uploads(),
      ...optional('department', values.department),
      ...optional('priority', values.priority),
      ...optional('agent', values.agent),
      ...optional('requester', values.requester),
      ...this.vendorFields.draftParts(values),
    };
    host.post({ type: 'busy', busy: true, label: l10n.t('Creating ticket…') });
    let ticket: Ticket;
    try {
      ticket = await connection.run((provider) => provider.createTicket(draft));
    } catch (error) {
      this.phase = 'editing';
      host.post({ type: 'busy', busy: false });
      this.postFailure(toHelpdeskError(error));
      return;
    }
    this.phase = 'done';
    host.post({ type: 'busy', busy: false });
    this.options.log.info(`created ticket ${ticket.ref || ticket.id} on ${connection.label} with ${draft.attachments.length} attachment(s)`);
    try {
      await host.created(ticket);
    } catch (error) {
      // The ticket exists; a failure afterwards (opening it, recording the link) is not a failed create.
      this.options.log.warn(`after creating ticket ${ticket.id}: ${toHelpdeskError(error).message}`);
    }
  }

  /** Looks for credentials in everything that would be sent; asks only when something is found. */
  private async reviewSecrets(subject: string, body: string): Promise<SecretDecision> {
    const targets: ScanTarget[] = [
      { label: l10n.t('Subject'), text: subject },
      { label: l10n.t('Description'), text: body },
    ];
    for (const file of this.attachments.entries()) {
      const decoded = decodeText(file.data);
      if (decoded) targets.push({ label: file.name, text: decoded.text });
    }
    const results = findSecrets(targets);
    if (results.length === 0) return 'send';
    return this.options.host.confirmSecrets(countFindings(results), secretWarningDetail(results));
  }

  private redactAttachments(): void {
    for (const file of this.attachments.entries()) {
      const decoded = decodeText(file.data);
      if (!decoded) continue;
      const text = redactText(decoded.text);
      if (text !== decoded.text) this.attachments.replaceData(file.id, encodeText({ ...decoded, text }));
    }
  }

  private postAttachments(): void {
    this.options.host.post({ type: 'attachments', attachments: this.attachments.list() });
  }

  private postError(message: string, fields?: Partial<Record<FormField, string>>): void {
    this.options.host.post({ type: 'error', message, ...(fields ? { fields } : {}) });
  }

  private postFailure(error: HelpdeskError): void {
    const { fields, rest } = formFieldErrors(error.fields);
    let message = error.message;
    if (rest.length > 0) message += `\n${rest.join('\n')}`;
    if (error.kind === 'network' || error.kind === 'timeout') {
      // The request may have reached the helpdesk: creating again could make a duplicate.
      message += `\n${l10n.t('The ticket may have been created anyway: check the helpdesk before you try again.')}`;
    }
    this.postError(message, Object.keys(fields).length > 0 ? fields : undefined);
  }
}

function optional<K extends 'department' | 'priority' | 'agent' | 'requester'>(key: K, value: string | undefined): Partial<Record<K, string>> {
  const trimmed = value?.trim();
  return trimmed ? ({ [key]: trimmed } as Partial<Record<K, string>>) : {};
}

// Vendors name fields their own way (categoryId, person, assignedToUserId...).
const FIELD_PATTERNS: ReadonlyArray<[RegExp, FormField]> = [
  [/subject|title/i, 'subject'],
  [/depart|categor|branch|group/i, 'department'],
  [/priorit/i, 'priority'],
  [/agent|assign|tech/i, 'agent'],
  [/person|requester|reporter|user|email/i, 'requester'],
  [/message|body|text|descr|content/i, 'body'],
];

/** Validation messages put next to the form's own fields; the others stay as lines of text. */
export function formFieldErrors(vendorFields: Record<string, string[]> | undefined): { fields: Partial<Record<FormField, string>>; rest: string[] } {
  const fields: Partial<Record<FormField, string>> = {};
  const rest: string[] = [];
  for (const [key, messages] of Object.entries(vendorFields ?? {})) {
    const text = messages.join(' ');
    const field = FIELD_PATTERNS.find(([pattern]) => pattern.test(key))?.[1];
    if (field) fields[field] = fields[field] ? `${fields[field]} ${text}` : text;
    else rest.push(`${key}: ${text}`);
  }
  return { fields, rest };
}

