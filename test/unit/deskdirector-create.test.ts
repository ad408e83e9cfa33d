// Creating tickets through the automate connector: request types as kinds, the create form
// read from a request type's `$create-request` schema (types, required, enums, nested
// references, choices from connector lists, an unknown type as text), and the body a draft
// becomes (summary and description in the schema's own fields, requestTypeId in the query).
import * as assert from 'node:assert/strict';
import { HelpdeskError } from '../../src/helpdesk/errors';
import type { TicketDraft } from '../../src/helpdesk/model';
import { buildCreateBody, readCreateForm } from '../../src/providers/deskdirector/createSchema';
import { detail, makeProvider, ROUTE } from './deskdirector-fake.test';

/** A create form as a Power Automate dynamic schema, with most kinds of field. */
function createSchema(): Record<string, unknown> {
  return {
    type: 'object',
    required: ['summary', 'description', 'contact', 'impact'],
    properties: {
      summary: { type: 'string', 'x-ms-summary': 'Summary', description: 'One line' },
      description: { type: 'string', 'x-ms-summary': 'Description', format: 'textarea' },
      contact: {
        type: 'object',
        'x-ms-summary': 'Contact',
        required: ['id'],
        properties: { id: { type: 'integer' }, name: { type: 'string' } },
      },
      priority: { type: 'integer', 'x-ms-summary': 'Priority', 'x-ms-dynamic-values': { operationId: 'ListPriorities', 'value-path': 'id', 'value-title': 'name', 'value-collection': 'results' } },
      impact: { type: 'string', enum: ['low', 'medium', 'high'], default: 'medium', 'x-ms-summary': 'Impact' },
      dueOn: { type: 'string', format: 'date-time', 'x-ms-summary': 'Due' },
      billable: { type: 'boolean' },
      hours: { type: 'number' },
      tags: { type: 'array', items: { type: 'string' }, 'x-ms-summary': 'Tags' },
      machine: { type: 'weird-vendor-type', 'x-ms-summary': 'Machine' },
      internalCode: { type: 'string', 'x-ms-visibility': 'internal' },
      createdOn: { type: 'string', readOnly: true },
    },
  };
}

/** As the server would send it: JSON text, where `__proto__` and `constructor` are ordinary own keys once parsed. */
const SCHEMA_TEXT = JSON.stringify(createSchema()).replace('"properties":{', '"properties":{"__proto__":{"type":"string"},"constructor":{"type":"string"},');

function draft(overrides: Partial<TicketDraft> = {}): TicketDraft {
  return {
    subject: 'Printer on fire',
    bodyHtml: '<p>It <strong>smokes</strong></p>',
    bodyMarkdown: 'It **smokes**',
    kind: '3',
    fields: { 'contact.id': '712', impact: 'high', tags: 'printer, urgent', billable: true, hours: '1.5' },
    attachments: [],
    ...overrides,
  };
}

describe('DeskDirector ticket creation', () => {
  it('offers the request types as kinds, as the connector lists them (with "Something Else")', async () => {
    const { provider, transport } = makeProvider({
      [ROUTE.requestTypes]: () => ({ body: { results: [{ id: 3, name: 'Hardware' }, { id: -1, name: 'Something Else' }], totalResults: 2 } }),
    });
    assert.deepEqual(await provider.createTicketKinds(), [
      { id: '3', name: 'Hardware' },
      { id: '-1', name: 'Something Else' },
    ]);
    assert.deepEqual(transport.requests[0]?.query, { withSomethingElse: true });
    await provider.createTicketKinds();
    assert.equal(transport.count(ROUTE.requestTypes), 1, 'cached per provider');
  });

  it('reads the form: labels, types, required, enums, nested references; subject and body left to the UI', () => {
    const form = readCreateForm(JSON.parse(SCHEMA_TEXT));
    assert.equal(form.subjectField, 'summary');
    assert.equal(form.bodyField, 'description');
    assert.equal(form.priorityField, 'priority');
    const byName = new Map(form.fields.map((field) => [field.name, field]));
    assert.deepEqual([...byName.keys()], ['contact.id', 'priority', 'impact', 'dueOn', 'billable', 'hours', 'tags', 'machine']);
    assert.deepEqual(byName.get('contact.id'), { name: 'contact.id', label: 'Contact', type: 'number', required: true });
    assert.deepEqual(byName.get('impact'), {
      name: 'impact',
      label: 'Impact',
      type: 'choice',
      required: true,
      options: [
        { id: 'low', name: 'low' },
        { id: 'medium', name: 'medium' },
        { id: 'high', name: 'high' },
      ],
      defaultValue: 'medium',
    });
    assert.equal(byName.get('dueOn')?.type, 'date');
    assert.equal(byName.get('billable')?.type, 'boolean');
    assert.equal(byName.get('hours')?.type, 'number');
    assert.equal(byName.get('tags')?.type, 'text');
    assert.deepEqual(byName.get('machine'), { name: 'machine', label: 'Machine', type: 'text', required: false }, 'an unknown type is a text field');
    assert.equal(byName.get('priority')?.type, 'choice');
    assert.ok(Object.hasOwn(JSON.parse(SCHEMA_TEXT).properties, '__proto__'), 'the fixture really carries the key');
    assert.ok(!byName.has('internalCode') && !byName.has('createdOn'), 'hidden and read-only fields are left out');
    assert.ok(!byName.has('__proto__') && !byName.has('constructor'), 'hostile names are left out');
  });

  it('fills choices from the connector list a field names, and falls back to text when it cannot', async () => {
    const { provider, transport } = makeProvider({
      [ROUTE.createSchema]: () => ({ body: JSON.parse(SCHEMA_TEXT) }),
      [ROUTE.priorities]: () => ({ body: { results: [{ id: 1, name: 'Low' }, { id: 4, name: 'High' }] } }),
    });
    const fields = await provider.createTicketFields('3');
    assert.deepEqual(transport.requests[0]?.query, { requestTypeId: 3 });
    assert.deepEqual(fields.find((field) => field.name === 'priority')?.options, [
      { id: '1', name: 'Low' },
      { id: '4', name: 'High' },
    ]);
    const failing = makeProvider({ [ROUTE.createSchema]: () => ({ body: JSON.parse(SCHEMA_TEXT) }) });
    const fallback = await failing.provider.createTicketFields('3');
    assert.equal(fallback.find((field) => field.name === 'priority')?.type, 'text');
    assert.ok(failing.logs.warn.some((line) => /choices of "Priority" \(ListPriorities\) could not be read/.test(line)));
  });

  it('builds the create body from the schema: summary, description, nested ids, typed values', () => {
    const body = buildCreateBody(readCreateForm(JSON.parse(SCHEMA_TEXT)), draft({ priority: '4' }));
    assert.deepEqual(body, {
      summary: 'Printer on fire',
      description: 'It **smokes**',
      contact: { id: 712 },
      priority: 4,
      impact: 'high',
      billable: true,
      hours: 1.5,
      tags: ['printer', 'urgent'],
    });
  });

  it('names the required fields a draft leaves empty and the values that do not fit', () => {
    const form = readCreateForm(JSON.parse(SCHEMA_TEXT));
    assert.throws(
      () => buildCreateBody(form, draft({ fields: { hours: 'lots' } })),
      (error: unknown) => {
        assert.ok(error instanceof HelpdeskError);
        assert.equal(error.kind, 'validation');
        assert.deepEqual(error.fields, { 'contact.id': ['Required.'], impact: ['Required.'], hours: ['Enter a number.'] });
        assert.match(error.message, /Check these fields: Contact, Impact, Hours/);
        return true;
      },
    );
  });

  it('puts the subject into the description when the form has no summary field', () => {
    const form = readCreateForm({ type: 'object', properties: { initialDescription: { type: 'string' } } });
    assert.deepEqual(buildCreateBody(form, draft({ fields: {} })), { initialDescription: '**Printer on fire**\n\nIt **smokes**' });
    const none = readCreateForm({ type: 'object', properties: { asset: { type: 'string' } } });
    assert.throws(() => buildCreateBody(none, draft({ fields: {} })), /has no description field/);
  });

  it('shows choices as the admin wrote them, and humanises only keys without a title', () => {
    const form = readCreateForm({
      type: 'object',
      properties: {
        customerTier: { type: 'string', enum: ['VIP Customer', 'Standard', 'on_hold'], 'x-ms-summary': 'Customer tier' },
        department: { type: 'string', enum: ['IT', 'HR', 'Finance'] },
        ITContactName: { type: 'string' },
        due_date: { type: 'string', format: 'date' },
      },
    });
    const byName = new Map(form.fields.map((field) => [field.name, field]));
    assert.deepEqual(byName.get('customerTier')?.options?.map((option) => option.name), ['VIP Customer', 'Standard', 'on_hold']);
    assert.deepEqual(byName.get('department')?.options, [
      { id: 'IT', name: 'IT' },
      { id: 'HR', name: 'HR' },
      { id: 'Finance', name: 'Finance' },
    ]);
    assert.equal(byName.get('department')?.label, 'Department');
    assert.equal(byName.get('ITContactName')?.label, 'IT contact name', 'an acronym keeps its capitals');
    assert.equal(byName.get('due_date')?.label, 'Due date');
  });

  it('drops a hint that only repeats the label, and keeps one that says more', () => {
    const form = readCreateForm({
      type: 'object',
      properties: {
        department: { type: 'string', 'x-ms-summary': 'Department', description: 'Department' },
        startDate: { type: 'string', format: 'date', 'x-ms-summary': 'Start date', description: 'start date.' },
        manager: { type: 'string', 'x-ms-summary': 'Line manager', description: 'Manager' },
        laptop: { type: 'boolean', 'x-ms-summary': 'Needs a laptop', description: 'Tick if IT should order one before the start date.' },
      },
    });
    const hints = Object.fromEntries(form.fields.map((field) => [field.name, field.description]));
    assert.deepEqual(hints, { department: undefined, startDate: undefined, manager: undefined, laptop: 'Tick if IT should order one before the start date.' });
  });

  it('posts the body with requestTypeId and returns the ticket read back', async () => {
    let posted: unknown;
    const { provider, transport } = makeProvider({
      [ROUTE.createSchema]: () => ({ body: JSON.parse(SCHEMA_TEXT) }),
      [ROUTE.create]: (req) => ((posted = req.json), { body: { id: 12, summary: 'Printer on fire' } }),
      [ROUTE.ticket(12)]: () => ({ body: detail(12) }),
    });
    const ticket = await provider.createTicket(draft());
    assert.equal(ticket.id, '12');
    assert.deepEqual(posted, { summary: 'Printer on fire', description: 'It **smokes**', contact: { id: 712 }, impact: 'high', billable: true, hours: 1.5, tags: ['printer', 'urgent'] });
    const create = transport.requests.find((req) => req.method === 'POST');
    assert.deepEqual(create?.query, { requestTypeId: 3 });
    assert.deepEqual(transport.paths(), [ROUTE.createSchema, ROUTE.create, ROUTE.ticket(12), ROUTE.statuses]);
  });

  it('takes the "Something Else" request type whatever its id', async () => {
    const { provider, transport } = makeProvider({
      [ROUTE.requestTypes]: () => ({ body: { results: [{ id: 0, name: 'Something Else' }] } }),
      [ROUTE.createSchema]: () => ({ body: { type: 'object', properties: { summary: { type: 'string' }, description: { type: 'string' } } } }),
      [ROUTE.create]: () => ({ body: { id: 12 } }),
      [ROUTE.ticket(12)]: () => ({ body: detail(12) }),
    });
    assert.deepEqual(await provider.createTicketKinds(), [{ id: '0', name: 'Something Else' }]);
    await provider.createTicket(draft({ kind: '-1', fields: {} }));
    assert.deepEqual(transport.requests.find((req) => req.method === 'POST')?.query, { requestTypeId: -1 });
  });

  it('says the ticket was created when the answer names no id, so nobody creates it twice', async () => {
    const { provider } = makeProvider({ [ROUTE.createSchema]: () => ({ body: JSON.parse(SCHEMA_TEXT) }), [ROUTE.create]: () => ({ body: {} }) });
    await assert.rejects(provider.createTicket(draft()), /created the ticket but did not say its number/);
  });

  it('needs a request type, and takes no files, before sending anything', async () => {
    const { provider, transport } = makeProvider({});
    await assert.rejects(provider.createTicket(draft({ kind: undefined })), (error: unknown) => error instanceof HelpdeskError && error.kind === 'validation' && error.fields?.kind !== undefined);
    await assert.rejects(provider.createTicketFields(), (error: unknown) => error instanceof HelpdeskError && error.kind === 'validation');
    await assert.rejects(
      provider.createTicket(draft({ attachments: [{ name: 'a.txt', contentType: 'text/plain', data: new Uint8Array(1) }] })),
      (error: unknown) => error instanceof HelpdeskError && error.kind === 'unsupported',
    );
    assert.equal(transport.requests.length, 0);
  });

  it('refuses a schema that is not one', () => {
    assert.throws(() => readCreateForm('nope'), (error: unknown) => error instanceof HelpdeskError && error.kind === 'protocol');
  });
});
