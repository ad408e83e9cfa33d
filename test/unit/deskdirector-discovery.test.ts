// Reading the instance's OpenAPI document: which note, upload and download routes it offers,
// what the capabilities then say, what reply() sends, and that an oversized, malformed,
// looping or prototype-polluting document means "no notes route" quickly, with a log line.
import * as assert from 'node:assert/strict';
import { HelpdeskError } from '../../src/helpdesk/errors';
import type { ReplyInput } from '../../src/helpdesk/model';
import { capabilitiesFor, discoverRoutes, NO_NOTES_ROUTE, NOTES_NEED_TECH_TOKEN } from '../../src/providers/deskdirector';
import { fillPath, jsonName } from '../../src/providers/deskdirector/discovery';
import { DEFAULT_OPENAPI_LIMITS } from '../../src/providers/deskdirector/openapi';
import { detail, makeProvider, openApi3WithNotes, openApi3WithStagedFiles, openApiWithoutNotes, ROUTE, swagger2WithComments, withNeutralNotes } from './deskdirector-fake.test';

const bytes = (value: unknown): Uint8Array => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

const REPLY: ReplyInput = { bodyHtml: '<p>Fixed <strong>it</strong></p>', bodyMarkdown: 'Fixed **it**', internal: false, attachments: [] };

const NOTE_PATH = 'POST api/v2/tech/tickets/12/notes';

/** The TECH note routes take a TECH credential (an API key reaches the Public and Admin APIs only). */
const TECH = { authMethod: 'techToken' } as const;

/** Finishes well within this, or the reading is not bounded. */
const FAST_MS = 2_000;

async function timed<T>(work: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

describe('DeskDirector route discovery', () => {
  describe('reading a document', () => {
    it('finds the TECH notes route of an OpenAPI 3 document (over the Portal one), with upload and download', () => {
      const found = discoverRoutes(bytes(openApi3WithNotes()));
      assert.deepEqual(found.note, { path: '/api/v2/tech/tickets/{ticketId}/notes', ticketParam: 'ticketId', textField: 'note', internalField: 'isInternal' });
      assert.deepEqual(found.upload, { kind: 'afterNote', path: '/api/v2/tech/tickets/{ticketId}/attachments', ticketParam: 'ticketId', fileField: 'file' });
      assert.deepEqual(found.download, { path: '/api/v2/tech/tickets/{ticketId}/attachments/{attachmentId}', attachmentParam: 'attachmentId', ticketParam: 'ticketId' });
      assert.equal(found.problem, undefined);
    });

    it('reads Swagger 2.0 bodies, matches field names without regard to case, and sends them camelCased', () => {
      // Swagger shows PascalCase; v2 JSON is camelCase (vendor article "DeskDirector API").
      const found = discoverRoutes(bytes(swagger2WithComments()));
      assert.deepEqual(found.note, { path: '/api/v2/tech/tickets/{id}/comments', ticketParam: 'id', textField: 'text', internalField: 'isPrivate' });
      assert.equal(found.upload, undefined);
      assert.equal(found.download, undefined);
    });

    it('passes over a notes route with a required field it cannot fill', () => {
      const doc = openApi3WithNotes();
      const schemas = (doc.components as { schemas: Record<string, Record<string, unknown>> }).schemas;
      schemas.CreateNote = { type: 'object', required: ['note', 'memberId'], properties: { note: { type: 'string' }, memberId: { type: 'integer' } } };
      schemas.PortalNote = { type: 'object', required: ['text', 'contactId'], properties: { text: { type: 'string' }, contactId: { type: 'integer' } } };
      const found = discoverRoutes(bytes(doc));
      assert.equal(found.note, undefined);
      assert.match(found.problem ?? '', /requires memberId/);
    });

    it('never writes through a Portal route: a note there would appear as the customer\'s', () => {
      const doc = openApi3WithNotes();
      const paths = doc.paths as Record<string, unknown>;
      delete paths['/api/v2/tech/tickets/{ticketId}/notes'];
      delete paths['/api/v2/tech/tickets/{ticketId}/attachments'];
      paths['/api/v2/portal/tickets/{ticketId}/attachments'] = {
        post: { requestBody: { content: { 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } } } } },
      };
      const found = discoverRoutes(bytes(doc));
      assert.equal(found.note, undefined);
      assert.equal(found.upload, undefined);
      assert.ok(found.download, 'reading files is fine from any route');
    });

    it('finds nothing in a document with only read routes, and says so', () => {
      const found = discoverRoutes(bytes(openApiWithoutNotes()));
      assert.equal(found.note, undefined);
      assert.match(found.problem ?? '', /no route to add a note/);
    });

    it('fills path templates with each value as one encoded segment', () => {
      assert.equal(fillPath('/api/v2/tech/tickets/{ticketId}/notes', { ticketId: '12' }), '/api/v2/tech/tickets/12/notes');
      assert.equal(fillPath('/files/{id}', { id: '../x?y' }), '/files/..%2Fx%3Fy');
    });
  });

  describe('upload first, then attach by id', () => {
    it('recognises a file route answering an id and a notes body with an id list', () => {
      const found = discoverRoutes(bytes(openApi3WithStagedFiles()));
      assert.deepEqual(found.note, {
        path: '/api/v2/tech/tickets/{ticketId}/comments',
        ticketParam: 'ticketId',
        textField: 'note',
        internalField: 'isInternal',
        attachmentsField: 'attachmentIds',
        attachmentIdType: 'string',
      });
      assert.deepEqual(found.upload, { kind: 'beforeNote', path: '/api/v2/tech/files', fileField: 'file' });
      assert.deepEqual(found.download, { path: '/api/v2/tech/files/{fileId}', attachmentParam: 'fileId' });
    });

    it('prefers it over an upload to the ticket after the note', () => {
      const doc = openApi3WithStagedFiles();
      (doc.paths as Record<string, unknown>)['/api/v2/tech/tickets/{ticketId}/attachments'] = {
        post: { requestBody: { content: { 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } } } } },
      };
      assert.equal(discoverRoutes(bytes(doc)).upload?.kind, 'beforeNote');
    });

    it('takes integer ids, and a required id list as fillable', () => {
      const doc = openApi3WithStagedFiles();
      const schemas = (doc.components as { schemas: Record<string, Record<string, unknown>> }).schemas;
      schemas.CreateComment = { type: 'object', required: ['Note', 'FileIds'], properties: { Note: { type: 'string' }, FileIds: { type: 'array', items: { type: 'integer' } } } };
      const found = discoverRoutes(bytes(doc));
      assert.equal(found.note?.attachmentsField, 'fileIds');
      assert.equal(found.note?.attachmentIdType, 'integer');
      assert.equal(found.note?.attachmentsRequired, true);
    });

    it('does not take a file route whose documented answer has no id, nor a list of file objects for ids', () => {
      const noId = openApi3WithStagedFiles();
      (noId.components as { schemas: Record<string, unknown> }).schemas.FileDetails = { type: 'object', properties: { name: { type: 'string' } } };
      const found = discoverRoutes(bytes(noId));
      assert.ok(found.note);
      assert.equal(found.upload, undefined);

      const objects = openApi3WithStagedFiles();
      const schemas = (objects.components as { schemas: Record<string, Record<string, unknown>> }).schemas;
      schemas.CreateComment = { type: 'object', properties: { note: { type: 'string' }, attachments: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' } } } } } };
      const withObjects = discoverRoutes(bytes(objects));
      assert.equal(withObjects.note?.attachmentsField, undefined);
      assert.equal(withObjects.upload, undefined, 'a file uploaded first could not be attached');
    });

    it('camelCases names as System.Text.Json does, except in API v1', () => {
      assert.equal(jsonName('IsInternal', '/api/v2/tech/x'), 'isInternal');
      assert.equal(jsonName('URLs', '/api/v2/x'), 'urLs');
      assert.equal(jsonName('ID', '/api/v2/x'), 'id');
      assert.equal(jsonName('note', '/api/v2/x'), 'note');
      assert.equal(jsonName('IsInternal', '/api/v1/tickets/{id}/notes'), 'IsInternal');
    });

    it('reply() uploads each file, then posts the note with their ids; downloads by file id', async () => {
      const uploads: string[] = [];
      let posted: unknown;
      const { provider, transport } = makeProvider(
        {
          [ROUTE.swaggerV2]: () => ({ body: openApi3WithStagedFiles() }),
          'POST api/v2/tech/files': (req) => {
            const file = req.multipart?.get('file');
            uploads.push(file instanceof File ? file.name : 'not a file');
            return { body: { id: `guid-${uploads.length}`, name: 'x' } };
          },
          'POST api/v2/tech/tickets/12/comments': (req) => ((posted = req.json), { body: { id: 77 } }),
          'GET api/v2/tech/files/f-77': () => ({ body: new Uint8Array([9]), headers: { 'content-type': 'image/png' } }),
          [ROUTE.ticket(12)]: () => ({ body: detail(12) }),
        },
        TECH,
      );
      await provider.whoAmI();
      assert.equal(provider.capabilities.attachOnReply, true);
      const files = [
        { name: 'a.txt', contentType: 'text/plain', data: new Uint8Array([65]) },
        { name: 'b.txt', contentType: 'text/plain', data: new Uint8Array([66]) },
      ];
      const sent = await provider.reply('12', { ...REPLY, internal: true, attachments: files });
      assert.deepEqual(uploads, ['a.txt', 'b.txt']);
      assert.deepEqual(posted, { note: 'Fixed **it**', isInternal: true, attachmentIds: ['guid-1', 'guid-2'] });
      assert.equal(sent.id, '77');
      assert.deepEqual(transport.paths().slice(3), ['POST api/v2/tech/files', 'POST api/v2/tech/files', 'POST api/v2/tech/tickets/12/comments']);
      const file = (await provider.listMessages('12')).items.flatMap((message) => message.attachments)[0];
      assert.ok(file);
      assert.deepEqual([...(await provider.download(file)).data], [9]);
    });

    it('posts no note when an upload names no id', async () => {
      const { provider, transport } = makeProvider(
        {
          [ROUTE.swaggerV2]: () => ({ body: openApi3WithStagedFiles() }),
          'POST api/v2/tech/files': () => ({ body: { ok: true } }),
          'POST api/v2/tech/tickets/12/comments': () => ({ body: { id: 1 } }),
        },
        TECH,
      );
      await provider.whoAmI();
      await assert.rejects(
        provider.reply('12', { ...REPLY, attachments: [{ name: 'a.txt', contentType: 'text/plain', data: new Uint8Array([65]) }] }),
        (error: unknown) => error instanceof HelpdeskError && error.kind === 'protocol' && /The note was not sent.*did not say its id/.test(error.message),
      );
      assert.equal(transport.count('POST api/v2/tech/tickets/12/comments'), 0);
    });
  });

  describe('which credential reaches which route', () => {
    it('an API key reaches no TECH route: no notes, no downloads, and the reason names the TECH token', () => {
      const found = discoverRoutes(bytes(openApi3WithStagedFiles()), DEFAULT_OPENAPI_LIMITS, 'apiKey');
      assert.equal(found.note, undefined);
      assert.equal(found.upload, undefined);
      assert.equal(found.download, undefined);
      assert.equal(found.noteNeeds, 'techToken');
      assert.match(found.problem ?? '', /TECH API route/);
      const capabilities = capabilitiesFor(found, 'apiKey');
      assert.equal(capabilities.replyUnavailable, NOTES_NEED_TECH_TOKEN);
      assert.equal(capabilities.changeStatus, true);
    });

    it('a route outside the TECH and Portal APIs is offered to either credential, TECH ones first', () => {
      const neutral = withNeutralNotes(openApi3WithNotes());
      assert.equal(discoverRoutes(bytes(neutral), DEFAULT_OPENAPI_LIMITS, 'apiKey').note?.path, '/api/v4/tickets/{ticketId}/notes');
      assert.equal(discoverRoutes(bytes(neutral), DEFAULT_OPENAPI_LIMITS, 'tech').note?.path, '/api/v4/tickets/{ticketId}/notes');
      const both = openApi3WithNotes();
      (both.paths as Record<string, unknown>)['/api/v4/tickets/{ticketId}/notes'] = (both.paths as Record<string, unknown>)['/api/v2/tech/tickets/{ticketId}/notes'];
      assert.equal(discoverRoutes(bytes(both), DEFAULT_OPENAPI_LIMITS, 'tech').note?.path, '/api/v2/tech/tickets/{ticketId}/notes');
      assert.equal(discoverRoutes(bytes(both), DEFAULT_OPENAPI_LIMITS, 'apiKey').note?.path, '/api/v4/tickets/{ticketId}/notes');
    });

    it('a TECH credential does not write through the automate connector (it signs in with an API key)', () => {
      const automate = withNeutralNotes(openApi3WithNotes(), '/api/v2/automate/connector/tickets/{ticketId}/notes');
      assert.equal(discoverRoutes(bytes(automate), DEFAULT_OPENAPI_LIMITS, 'tech').note, undefined);
      assert.equal(discoverRoutes(bytes(automate), DEFAULT_OPENAPI_LIMITS, 'apiKey').note?.path, '/api/v2/automate/connector/tickets/{ticketId}/notes');
    });

    it('a document without any notes route says that, not "needs a TECH token", for an API key', () => {
      const found = discoverRoutes(bytes(openApiWithoutNotes()), DEFAULT_OPENAPI_LIMITS, 'apiKey');
      assert.equal(found.noteNeeds, undefined);
      assert.equal(capabilitiesFor(found, 'apiKey').replyUnavailable, NO_NOTES_ROUTE);
    });

    it('a TECH credential turns off status, priority (and create), whatever the document', () => {
      for (const method of ['techToken', 'accessToken'] as const) {
        for (const discovery of [undefined, discoverRoutes(bytes(openApi3WithStagedFiles()))]) {
          const capabilities = capabilitiesFor(discovery, method);
          assert.equal(capabilities.changeStatus, false);
          assert.equal(capabilities.priority, false);
        }
      }
    });

    it('in the provider: an API key reads the document and says notes need a TECH token; reply() sends nothing', async () => {
      const { provider, transport } = makeProvider({ [ROUTE.swaggerV2]: () => ({ body: openApi3WithStagedFiles() }) });
      await provider.whoAmI();
      assert.deepEqual(transport.paths(), [ROUTE.automateTest, ROUTE.tickets, ROUTE.swaggerV2]);
      assert.equal(provider.capabilities.replyUnavailable, NOTES_NEED_TECH_TOKEN);
      await assert.rejects(provider.reply('12', REPLY), (error: unknown) => error instanceof HelpdeskError && error.kind === 'unsupported' && error.message === NOTES_NEED_TECH_TOKEN);
      assert.equal(transport.requests.length, 3);
    });
  });

  describe('hostile or broken documents are "no notes route", quickly', () => {
    it('stops at the byte limit: a 20 MB document is not parsed', async () => {
      const huge = new Uint8Array(20 * 1024 * 1024).fill(0x20);
      const { value, ms } = await timed(() => discoverRoutes(huge));
      assert.equal(value.note, undefined);
      assert.match(value.problem ?? '', /20 MB, over the 8\.0 MB read limit/);
      assert.ok(ms < FAST_MS, `took ${ms} ms`);
    });

    it('treats malformed JSON and a non-OpenAPI object as unusable', () => {
      assert.match(discoverRoutes(bytes('{"openapi": "3.0.1", "paths": {')).problem ?? '', /not valid JSON/);
      assert.match(discoverRoutes(bytes('<html>Swagger UI</html>')).problem ?? '', /not valid JSON/);
      assert.match(discoverRoutes(bytes({ hello: 'world' })).problem ?? '', /neither Swagger 2\.0 nor OpenAPI 3/);
    });

    it('does not loop on $ref cycles', async () => {
      const doc = openApi3WithNotes();
      const schemas = (doc.components as { schemas: Record<string, unknown> }).schemas;
      schemas.CreateNote = { $ref: '#/components/schemas/Loop' };
      schemas.Loop = { allOf: [{ $ref: '#/components/schemas/CreateNote' }, { $ref: '#/components/schemas/Loop' }] };
      schemas.PortalNote = { $ref: '#/components/schemas/PortalNote' };
      const { value, ms } = await timed(() => discoverRoutes(bytes(doc)));
      assert.equal(value.note, undefined);
      assert.ok(ms < FAST_MS, `took ${ms} ms`);
    });

    it('stops a document that would take too many steps (a wide $ref fan-out)', async () => {
      const schemas: Record<string, unknown> = {};
      // Each schema allOf-s the next sixteen: without a budget the walk is exponential.
      for (let i = 0; i < 40; i++) schemas[`S${i}`] = { allOf: Array.from({ length: 16 }, (_, j) => ({ $ref: `#/components/schemas/S${Math.min(39, i + 1 + (j % 3))}` })), properties: { note: { type: 'string' } } };
      const paths: Record<string, unknown> = {};
      for (let i = 0; i < 200; i++) {
        paths[`/api/v2/tech${i}/tickets/{t}/notes`] = { post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/S0' } } } } } };
      }
      const { value, ms } = await timed(() => discoverRoutes(bytes({ openapi: '3.0.1', paths, components: { schemas } }), { ...DEFAULT_OPENAPI_LIMITS, maxSteps: 5_000 }));
      assert.equal(value.note, undefined);
      assert.match(value.problem ?? '', /reading stopped after 5000 steps/);
      assert.ok(ms < FAST_MS, `took ${ms} ms`);
      // With the shipped limits too, on a document ten times as wide.
      for (let i = 200; i < 2000; i++) paths[`/api/v2/tech${i}/tickets/{t}/notes`] = paths['/api/v2/tech0/tickets/{t}/notes'];
      const wide = await timed(() => discoverRoutes(bytes({ openapi: '3.0.1', paths, components: { schemas } })));
      assert.match(wide.value.problem ?? '', /reading stopped after 200000 steps/);
      assert.ok(wide.ms < FAST_MS, `took ${wide.ms} ms`);
    });

    it('refuses a document with a __proto__ key and pollutes nothing', () => {
      const text = JSON.stringify(openApi3WithNotes()).replace('"paths":{', '"paths":{"__proto__":{"polluted":true},');
      const found = discoverRoutes(bytes(text));
      assert.equal(found.note, undefined);
      assert.match(found.problem ?? '', /"__proto__" key/);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      // The escaped spelling is the same key once parsed.
      const escaped = JSON.stringify(openApi3WithNotes()).replace('"paths":{', '"paths":{"\\u005f_proto__":{"polluted":true},');
      assert.match(discoverRoutes(bytes(escaped)).problem ?? '', /"__proto__" key/);
    });

    it('does not mistake inherited names for document content', () => {
      const doc = {
        openapi: '3.0.1',
        paths: {
          '/api/v2/tech/tickets/{id}/notes': { post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/constructor' } } } } } },
        },
        components: { schemas: {} },
      };
      assert.equal(discoverRoutes(bytes(doc)).note, undefined);
    });
  });

  describe('in the provider', () => {
    it('before any connection test, says replies are not yet known', () => {
      const { provider } = makeProvider({});
      assert.match(provider.capabilities.replyUnavailable ?? '', /Not yet known/);
      assert.equal(provider.capabilities.internalNotes, false);
    });

    it('with a notes route: replies on, internal notes, files; reply() posts the Markdown with the flag', async () => {
      let posted: unknown;
      const { provider, transport, logs } = makeProvider(
        {
          [ROUTE.swaggerV2]: () => ({ body: openApi3WithNotes() }),
          [NOTE_PATH]: (req) => ((posted = req.json), { body: { id: 903 } }),
          [ROUTE.ticket(12)]: () => ({ body: detail(12) }),
        },
        TECH,
      );
      await provider.whoAmI();
      const capabilities = provider.capabilities;
      assert.equal(capabilities.replyUnavailable, undefined);
      assert.equal(capabilities.internalNotes, true);
      assert.equal(capabilities.attachOnReply, true);
      assert.equal(capabilities.downloadAttachments, true);
      assert.ok(logs.info.some((line) => /offers notes at POST \/api\/v2\/tech\/tickets\/\{ticketId\}\/notes/.test(line)));

      const sent = await provider.reply('12', { ...REPLY, internal: true });
      assert.deepEqual(posted, { note: 'Fixed **it**', isInternal: true });
      assert.equal(sent.id, '903');
      assert.equal(sent.internal, true);
      assert.equal(sent.format, 'markdown');
      assert.deepEqual(transport.paths(), [ROUTE.copilotTest, ROUTE.tickets, ROUTE.swaggerV2, NOTE_PATH]);
    });

    it('uploads files to the discovered route after the note, and downloads through the discovered route', async () => {
      const uploads: string[] = [];
      const { provider, transport } = makeProvider(
        {
          [ROUTE.swaggerV2]: () => ({ body: openApi3WithNotes() }),
          [NOTE_PATH]: () => ({ body: { id: 1 } }),
          'POST api/v2/tech/tickets/12/attachments': (req) => {
            const file = req.multipart?.get('file');
            uploads.push(file instanceof File ? file.name : 'not a file');
            return { body: {} };
          },
          'GET api/v2/tech/tickets/12/attachments/f-77': () => ({ body: new Uint8Array([1, 2, 3]), headers: { 'content-type': 'image/png' } }),
          [ROUTE.ticket(12)]: () => ({ body: detail(12) }),
        },
        TECH,
      );
      await provider.whoAmI();
      await provider.reply('12', { ...REPLY, attachments: [{ name: 'log.txt', contentType: 'text/plain', data: new Uint8Array([65]) }] });
      assert.deepEqual(uploads, ['log.txt']);
      const file = (await provider.listMessages('12')).items.flatMap((message) => message.attachments)[0];
      assert.ok(file);
      const download = await provider.download(file);
      assert.deepEqual([...download.data], [1, 2, 3]);
      assert.equal(download.name, 'smoke.png');
      assert.ok(transport.paths().includes('GET api/v2/tech/tickets/12/attachments/f-77'));
    });

    it('refuses an internal note when the route has no internal flag, rather than publishing it', async () => {
      const { provider, transport } = makeProvider({ [ROUTE.swaggerV2]: () => ({ body: swagger2WithComments() }) }, TECH);
      await provider.whoAmI();
      assert.equal(provider.capabilities.internalNotes, true, 'IsPrivate is the flag here');
      const noFlag = swagger2WithComments();
      ((noFlag.definitions as Record<string, { properties: Record<string, unknown> }>).Comment as { properties: Record<string, unknown> }).properties = { Text: { type: 'string' } };
      transport.routes[ROUTE.swaggerV2] = () => ({ body: noFlag });
      await provider.whoAmI();
      assert.equal(provider.capabilities.internalNotes, false);
      const before = transport.requests.length;
      await assert.rejects(provider.reply('12', { ...REPLY, internal: true }), (error: unknown) => error instanceof HelpdeskError && error.kind === 'unsupported' && /cannot mark a note internal/.test(error.message));
      assert.equal(transport.requests.length, before, 'nothing was posted');
    });

    it('without a notes route: replyUnavailable says so, reply() throws unsupported, and a log line says why', async () => {
      const { provider, transport, logs } = makeProvider({ [ROUTE.swaggerV2]: () => ({ body: openApiWithoutNotes() }) });
      await provider.whoAmI();
      assert.equal(provider.capabilities.replyUnavailable, NO_NOTES_ROUTE);
      assert.equal(provider.capabilities.attachOnReply, false);
      assert.equal(provider.capabilities.downloadAttachments, false);
      assert.ok(logs.warn.some((line) => /no notes route, so replies are off.*swagger\/v2\/swagger\.json: the document offers no route to add a note/.test(line)));
      await assert.rejects(provider.reply('12', REPLY), (error: unknown) => error instanceof HelpdeskError && error.kind === 'unsupported' && error.message === NO_NOTES_ROUTE);
      assert.ok(!transport.paths().some((path) => path.startsWith('POST')));
    });

    it('an instance without any document: tries v2, v4, v1 once each, then no notes route', async () => {
      const { provider, transport, logs } = makeProvider({});
      await provider.whoAmI();
      assert.deepEqual(transport.paths(), [ROUTE.automateTest, ROUTE.tickets, ROUTE.swaggerV2, ROUTE.swaggerV4, ROUTE.swaggerV1]);
      assert.equal(provider.capabilities.replyUnavailable, NO_NOTES_ROUTE);
      assert.ok(logs.warn.some((line) => /serves no OpenAPI document/.test(line)));
    });

    it('a failing document read is "no notes route", not a failed connection', async () => {
      const { provider } = makeProvider({ [ROUTE.swaggerV2]: () => new HelpdeskError('server', 'The helpdesk failed (500)', { status: 500 }) });
      assert.equal((await provider.whoAmI()).name, 'DeskDirector API key');
      assert.equal(provider.capabilities.replyUnavailable, NO_NOTES_ROUTE);
    });

    it('a huge document through the provider ends as "no notes route" with a log line', async () => {
      const { provider, logs } = makeProvider({ [ROUTE.swaggerV2]: () => ({ body: new Uint8Array(20 * 1024 * 1024) }) });
      const { ms } = await timed(() => provider.whoAmI());
      assert.equal(provider.capabilities.replyUnavailable, NO_NOTES_ROUTE);
      assert.ok(logs.warn.some((line) => /over the 8\.0 MB read limit/.test(line)));
      assert.ok(ms < FAST_MS, `took ${ms} ms`);
    });

    it('caches the document per provider and reads it again on a new connection test', async () => {
      let served = openApiWithoutNotes();
      const { provider, transport } = makeProvider(
        {
          [ROUTE.swaggerV2]: () => ({ body: served }),
          [NOTE_PATH]: () => ({ body: {} }),
        },
        TECH,
      );
      await provider.whoAmI();
      await assert.rejects(provider.reply('12', REPLY));
      await assert.rejects(provider.reply('12', REPLY));
      assert.equal(transport.count(ROUTE.swaggerV2), 1, 'replies reuse the cached reading');
      served = openApi3WithNotes();
      await provider.whoAmI();
      assert.equal(transport.count(ROUTE.swaggerV2), 2);
      assert.equal(provider.capabilities.replyUnavailable, undefined);
      await provider.reply('12', REPLY);
    });

    it('reads the document on first reply when no connection test ran', async () => {
      const { provider, transport } = makeProvider({ [ROUTE.swaggerV2]: () => ({ body: openApi3WithNotes() }), [NOTE_PATH]: () => ({ body: { id: 5 } }) }, TECH);
      await provider.reply('12', REPLY);
      assert.deepEqual(transport.paths(), [ROUTE.swaggerV2, NOTE_PATH]);
    });

    it('hands out the same capabilities object until a new discovery changes it', async () => {
      const { provider } = makeProvider({ [ROUTE.swaggerV2]: () => ({ body: openApi3WithNotes() }) });
      const before = provider.capabilities;
      assert.equal(provider.capabilities, before);
      await provider.whoAmI();
      assert.notEqual(provider.capabilities, before);
      assert.equal(provider.capabilities, provider.capabilities);
    });

    it('capabilitiesFor keeps the static parts whatever the discovery', () => {
      for (const discovery of [undefined, {}, discoverRoutes(bytes(openApi3WithNotes()))]) {
        const capabilities = capabilitiesFor(discovery);
        assert.deepEqual(capabilities.views.map((view) => view.kind), ['mine', 'unassigned', 'open']);
        assert.equal(capabilities.totalCount, true);
        assert.equal(capabilities.assign, false);
        assert.equal(capabilities.attachOnCreate, false);
        assert.equal(capabilities.departmentLabel, 'Board');
      }
    });
  });
});
