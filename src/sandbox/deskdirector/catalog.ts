// The instance's fixed service catalogue: boards (the Copilot routes call them "queue"),
// statuses per board, priorities, sources and request types with their form fields. Fixed
// rather than seeded, so docs and tests can name them. Ids are deliberately not 1..n in
// list order: a client that uses a list position as an id fails.
import type { FieldSpec, NamedRecord, RequestTypeRecord, StatusRecord } from './state';

export const BOARDS: readonly NamedRecord[] = [
  { id: 3, name: 'Help Desk' },
  { id: 7, name: 'Escalations' },
  { id: 9, name: 'Onboarding' },
  { id: 12, name: 'Procurement' },
];

const status = (id: number, boardId: number, name: string, isClosed = false, isDefault = false): StatusRecord => ({ id, boardId, name, isClosed, isDefault });

export const STATUSES: readonly StatusRecord[] = [
  status(31, 3, 'New', false, true),
  status(32, 3, 'In Progress'),
  status(33, 3, 'Waiting on Client'),
  status(34, 3, 'Scheduled'),
  status(35, 3, 'Resolved', true),
  status(36, 3, 'Closed', true),
  status(71, 7, 'New', false, true),
  status(72, 7, 'Investigating'),
  status(73, 7, 'Waiting on Vendor'),
  status(74, 7, 'Completed', true),
  status(91, 9, 'Requested', false, true),
  status(92, 9, 'Provisioning'),
  status(93, 9, 'Waiting on Client'),
  status(94, 9, 'Done', true),
  status(121, 12, 'Quote Requested', false, true),
  status(122, 12, 'Ordered'),
  status(123, 12, 'Delivered', true),
  status(124, 12, 'Cancelled', true),
];

/** ConnectWise-style response priorities, as MSP instances name them. */
export const PRIORITIES: readonly NamedRecord[] = [
  { id: 6, name: 'Priority 1 - Emergency Response' },
  { id: 15, name: 'Priority 2 - Quick Response' },
  { id: 8, name: 'Priority 3 - Normal Response' },
  { id: 4, name: 'Priority 4 - Schedule Maintenance' },
  { id: 16, name: 'Do Not Respond' },
];
export const NORMAL_PRIORITY_ID = 8;

export const SOURCES: readonly NamedRecord[] = [
  { id: 2, name: 'Portal' },
  { id: 5, name: 'Email Connector' },
  { id: 6, name: 'Phone' },
  { id: 8, name: 'Chat' },
  { id: 11, name: 'Power Automate' },
];
/** The source of tickets created through the Automate connector. */
export const AUTOMATE_SOURCE_ID = 11;

/**
 * "Something Else": the generic request a contact picks when no request type fits (an
 * instance setting). Listed only with `withSomethingElse=true`; it has no fields of its own.
 */
export const SOMETHING_ELSE_ID = 0;

/** The fields every create request has, before the request type's own. */
export const BASE_FIELDS: readonly FieldSpec[] = [
  // Inferred: 100 characters is the ConnectWise summary limit that PSA-backed instances inherit.
  { name: 'summary', title: 'Summary', description: 'A short title for the ticket.', kind: 'string', required: true, maxLength: 100 },
  { name: 'description', title: 'Description', description: 'What the ticket is about (Markdown).', kind: 'markdown', required: false, maxLength: 20_000 },
  { name: 'contactId', title: 'Contact', description: 'The ID of the contact the ticket is raised for.', kind: 'integer', required: true, minimum: 1 },
  { name: 'priorityId', title: 'Priority', description: 'The ticket priority; the request type decides when it is left out.', kind: 'integer', required: false, dynamicValues: 'ListPriorities' },
  { name: 'dueDate', title: 'Due date', description: 'When the ticket should be done by (UTC).', kind: 'dateTime', required: false },
];

const field = (name: string, title: string, kind: FieldSpec['kind'], required: boolean, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  name,
  title,
  description: extra.description ?? title,
  kind,
  required,
  ...extra,
});

export const REQUEST_TYPES: readonly RequestTypeRecord[] = [
  {
    id: 21,
    name: 'Password reset',
    boardId: 3,
    defaultPriorityId: 15,
    fields: [
      field('username', 'Username', 'string', true, { maxLength: 64, description: 'The sign-in name of the account to reset.' }),
      field('resetMfa', 'Reset MFA as well', 'boolean', false),
      field('callbackTime', 'Best time to call back', 'time', false, { description: 'Local time of day, HH:mm.' }),
    ],
  },
  {
    id: 24,
    name: 'New user onboarding',
    boardId: 9,
    defaultPriorityId: 8,
    fields: [
      field('employeeName', 'Employee name', 'string', true, { maxLength: 80 }),
      field('startDate', 'Start date', 'dateTime', true),
      field('department', 'Department', 'enum', true, { enum: ['Finance', 'Sales', 'Operations', 'IT', 'HR'] }),
      field('needsLaptop', 'Needs a laptop', 'boolean', true),
      field('monitorCount', 'Monitors', 'integer', false, { minimum: 0, maximum: 4 }),
      field('distributionLists', 'Distribution lists', 'emailList', false, { description: 'Mailing lists to add the new user to.' }),
    ],
  },
  {
    id: 27,
    name: 'Hardware fault',
    boardId: 3,
    defaultPriorityId: 15,
    fields: [
      field('assetTag', 'Asset tag', 'string', true, { maxLength: 20 }),
      field('deviceType', 'Device type', 'enum', true, { enum: ['Laptop', 'Desktop', 'Monitor', 'Dock', 'Phone', 'Printer'] }),
      field('hoursDown', 'Hours out of action', 'number', false, { minimum: 0, description: 'How long the device has not been usable, in hours (decimals allowed).' }),
    ],
  },
  {
    id: 30,
    name: 'Software install',
    boardId: 12,
    defaultPriorityId: 4,
    fields: [
      field('application', 'Application', 'enum', true, { enum: ['Microsoft 365 Apps', 'Adobe Acrobat Pro', 'Visual Studio Code', 'Zoom', 'AutoCAD LT'] }),
      field('licenseCount', 'Licences needed', 'integer', true, { minimum: 1, maximum: 500 }),
      field('approvalReference', 'Manager approval reference', 'string', false, { maxLength: 40 }),
    ],
  },
  { id: 33, name: 'Printer problem', boardId: 3, defaultPriorityId: 8, fields: [] },
];

export const SOMETHING_ELSE: RequestTypeRecord = { id: SOMETHING_ELSE_ID, name: 'Something Else', boardId: 3, defaultPriorityId: NORMAL_PRIORITY_ID, fields: [] };

/** Ticket categories; the Copilot schema types their ids as strings (RavenDB document ids). */
export const CATEGORIES: ReadonlyArray<{ id: string; name: string }> = [
  { id: 'categories/1-A', name: 'Hardware' },
  { id: 'categories/2-A', name: 'Microsoft 365' },
  { id: 'categories/3-A', name: 'Network' },
  { id: 'categories/4-A', name: 'Security' },
];

/** Tags MSP technicians put on tickets. */
export const TAGS = ['vip', 'onsite', 'm365', 'network', 'security', 'backup', 'printer', 'laptop', 'sso', 'billing'] as const;
