// What the Create Ticket form's host sends, for the harness: a DeskPRO-like helpdesk with the
// general pickers, a DeskDirector-like one with kinds of ticket and their own fields (every
// field type), and a DiamanteDesk-like one whose branch is required.
import type { FormInit, FormReference, FormVendorField, HostToForm } from '../../src/shared/protocol/createForm';

const snippet = [
  'The retry loop never gives up when the token endpoint answers 503:',
  '',
  'From `src/auth/refresh.ts`, lines 42-51:',
  '',
  '```ts',
  'while (!token) {',
  '  token = await fetchToken(config); // TODO: back off',
  '}',
  '```',
].join('\n');

export function formInit(overrides: Partial<FormInit> = {}): Extract<HostToForm, { type: 'init' }> {
  return {
    type: 'init',
    form: {
      instanceLabel: 'ACME Support (DeskPRO)',
      subject: 'Token refresh retries forever on 503',
      body: snippet,
      location: {
        caption: '`src/auth/refresh.ts`, lines 42-51',
        permalink: 'https://github.com/acme/portal/blob/4f2c9e1/src/auth/refresh.ts#L42-L51',
      },
      fields: { departmentLabel: 'Department', priority: true, agent: true },
      attachOnCreate: true,
      offers: [
        { source: 'snippet', label: 'Snippet', name: 'refresh-L42-L51.ts', size: 312 },
        { source: 'file', label: 'Whole file', name: 'refresh.ts', size: 4_812 },
        { source: 'diff', label: 'Current diff', unavailable: 'The file has no uncommitted changes.' },
      ],
      maxAttachmentBytes: 25 * 1024 * 1024,
      ...overrides,
    },
  };
}

export const formReference: Extract<HostToForm, { type: 'reference' }> = {
  type: 'reference',
  reference: {
    departments: [
      { id: 'd1', name: 'General' },
      { id: 'd3', name: 'Network & VPN' },
      { id: 'd5', name: 'Platform' },
    ],
    priorities: [
      { id: 'low', name: 'Low' },
      { id: 'normal', name: 'Normal' },
      { id: 'high', name: 'High' },
    ],
    agents: [
      { id: 'u7', name: 'Tom Becker' },
      { id: 'u9', name: 'Priya Raman' },
    ],
  } satisfies FormReference,
};

export const formAttached: Extract<HostToForm, { type: 'attachments' }> = {
  type: 'attachments',
  attachments: [
    { id: 'f1', name: 'refresh-L42-L51.ts', size: 312, source: 'snippet' },
    { id: 'f2', name: 'token-trace.log', size: 18_402, source: 'picked' },
  ],
};

/** DeskDirector: request types first, then that type's own fields. */
export const formKinds: Extract<HostToForm, { type: 'kinds' }> = {
  type: 'kinds',
  kinds: [
    { id: '11', name: 'Incident' },
    { id: '12', name: 'Onboarding' },
  ],
};

export const everyVendorField: FormVendorField[] = [
  { name: 'affected_users', label: 'Affected users', type: 'number', required: true, description: 'Roughly how many people cannot work.' },
  { name: 'started', label: 'Started on', type: 'date', required: false },
  { name: 'site', label: 'Site', type: 'choice', required: true, options: [{ id: 'ber', name: 'Berlin' }, { id: 'lis', name: 'Lisbon' }] },
  { name: 'contact_email', label: 'Contact email', type: 'text', required: false },
  { name: 'steps', label: 'Steps to reproduce', type: 'multiline', required: false },
  { name: 'vip', label: 'A VIP is affected', type: 'boolean', required: false },
];

export const formVendorFields: Extract<HostToForm, { type: 'vendorFields' }> = { type: 'vendorFields', kind: '11', fields: everyVendorField };

export const formFieldErrors: Extract<HostToForm, { type: 'error' }> = {
  type: 'error',
  message: 'The helpdesk refused the ticket: 2 fields need attention.',
  fields: { subject: 'Must be at most 80 characters.', priority: 'Not allowed for this department.' },
};

export const formVendorErrors: Extract<HostToForm, { type: 'error' }> = {
  type: 'error',
  message: 'The helpdesk refused the ticket.',
  vendorFields: { affected_users: 'Required.', site: 'Choose a site.' },
};
