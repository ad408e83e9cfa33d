// DeskDirector's error envelope (`errorCode`, message, validation details) read into
// HelpdeskError messages and per-field errors, directly and through the real HttpClient.
import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HelpdeskError } from '../../src/helpdesk/errors';
import { silentLogger } from '../../src/helpdesk/log';
import { parseDeskdirectorErrorBody } from '../../src/providers/deskdirector';
import { DeskdirectorProvider } from '../../src/providers/deskdirector/provider';

describe('DeskDirector error bodies', () => {
  it('reads errorCode and message', () => {
    assert.deepEqual(parseDeskdirectorErrorBody(401, { errorCode: 'Unauthorized', message: 'Invalid API key.' }), { code: 'Unauthorized', message: 'Invalid API key.' });
  });

  it('makes a message of a bare errorCode', () => {
    assert.deepEqual(parseDeskdirectorErrorBody(401, { errorCode: 'Unauthorized' }), { code: 'Unauthorized', message: 'Unauthorized' });
    assert.deepEqual(parseDeskdirectorErrorBody(404, { errorCode: 'TicketNotFound' }), { code: 'TicketNotFound', message: 'Ticket not found' });
  });

  it('reads FluentValidation failures into fields, camelCasing the property names', () => {
    const parsed = parseDeskdirectorErrorBody(400, {
      errorCode: 'ValidationFailed',
      message: 'The request is invalid.',
      errors: [
        { propertyName: 'Summary', errorMessage: "'Summary' must not be empty.", errorCode: 'NotEmptyValidator' },
        { propertyName: 'Contact.Id', errorMessage: 'Contact does not exist.' },
        { errorMessage: 'Request type 3 is disabled.' },
      ],
    });
    assert.deepEqual(parsed, {
      code: 'ValidationFailed',
      message: 'The request is invalid. Request type 3 is disabled.',
      fields: { summary: ["'Summary' must not be empty."], 'contact.id': ['Contact does not exist.'] },
    });
  });

  it("reads ASP.NET's {field: [messages]} map and ProblemDetails' title", () => {
    const parsed = parseDeskdirectorErrorBody(400, {
      type: 'https://tools.ietf.org/html/rfc7231#section-6.5.1',
      title: 'One or more validation errors occurred.',
      status: 400,
      errors: { $: ['The JSON value could not be converted.'], 'req.StatusId': ['Unknown status.', 'Status belongs to another board.'] },
    });
    assert.deepEqual(parsed, {
      message: 'One or more validation errors occurred. The JSON value could not be converted.',
      fields: { statusId: ['Unknown status.', 'Status belongs to another board.'] },
    });
  });

  it('takes a plain-text sentence, and leaves HTML pages and empty bodies to the client', () => {
    assert.deepEqual(parseDeskdirectorErrorBody(500, 'Something   broke'), { message: 'Something broke' });
    assert.equal(parseDeskdirectorErrorBody(502, '<html><body>Bad gateway</body></html>'), undefined);
    assert.equal(parseDeskdirectorErrorBody(500, {}), undefined);
    assert.equal(parseDeskdirectorErrorBody(500, null), undefined);
  });

  it('stays bounded and safe on hostile bodies', () => {
    const many = Array.from({ length: 600 }, (_, i) => ({ propertyName: `F${i % 3}`, errorMessage: 'x'.repeat(2_000) }));
    const parsed = parseDeskdirectorErrorBody(400, JSON.parse(`{"errors":{"__proto__":["polluted"]},"details":${JSON.stringify(many)}}`));
    assert.ok(parsed?.fields);
    assert.deepEqual(Object.keys(parsed.fields).sort(), ['__proto__', 'f0', 'f1', 'f2']);
    assert.ok(Object.values(parsed.fields).every((list) => list.length <= 50 && list.every((message) => message.length <= 500)));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  describe('through the real HTTP client', () => {
    let server: Server;
    let port: number;

    beforeEach(async () => {
      server = createServer((req, res) => {
        if (req.url?.startsWith('/api/v2/automate/connector/schema/ticket/')) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ type: 'object', properties: { summary: { type: 'string' }, description: { type: 'string' } } }));
          return;
        }
        res.writeHead(400, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ errorCode: 'ValidationFailed', message: 'The ticket is invalid.', errors: [{ propertyName: 'Summary', errorMessage: 'Summary is too long.' }] }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });

    afterEach(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('turns a refused create into a validation error with the message and fields', async () => {
      const provider = new DeskdirectorProvider({
        config: { id: 'dd', label: 'DD', type: 'deskdirector', baseUrl: `http://127.0.0.1:${port}` },
        credentials: { secret: 'key' },
        log: silentLogger,
        http: { timeoutMs: 5000, retryBaseDelayMs: 1 },
      });
      try {
        await assert.rejects(provider.createTicket({ subject: 'S'.repeat(500), bodyHtml: '', bodyMarkdown: 'b', kind: '3', attachments: [] }), (error: unknown) => {
          assert.ok(error instanceof HelpdeskError);
          assert.equal(error.kind, 'validation');
          assert.equal(error.status, 400);
          assert.equal(error.message, 'The helpdesk refused the request (400): The ticket is invalid.');
          assert.deepEqual(error.fields, { summary: ['Summary is too long.'] });
          assert.match(error.describe(), /summary: Summary is too long\./);
          return true;
        });
      } finally {
        await provider.dispose();
      }
    });
  });
});
