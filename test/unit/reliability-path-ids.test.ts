// Defect 7 (issue 12): ids come from link files and command arguments, and go into request
// paths. An id of "." or ".." is a path segment of its own once in a URL: DeskPRO's
// `tickets/..` collapsed to `/api/v2/` (and `tickets/../messages` to `/api/v2/messages`).
// Every provider rejects them (common/pathSegment) before sending anything.
import * as assert from 'node:assert/strict';
import { HelpdeskError } from '../../src/helpdesk/errors';
import type { HttpRequest, HttpResponse } from '../../src/helpdesk/http/types';
import { silentLogger } from '../../src/helpdesk/log';
import type { HelpdeskProvider, ProviderContext } from '../../src/helpdesk/provider';
import { pathSegment } from '../../src/providers/common/pathSegment';
import { DeskproProvider } from '../../src/providers/deskpro/provider';
import { JitbitProvider } from '../../src/providers/jitbit/provider';
import { ticketWebUrl } from '../../src/providers/jitbit/url';
import { ticketWebUrl as diamanteWebUrl } from '../../src/providers/diamantedesk/url';
import { fillPath } from '../../src/providers/deskdirector/discovery';

const DOT_SEGMENTS = ['.', '..', '', '%2e', '.%2E', '%2e%2e'];
const LITERAL_DOTS = ['.', '..', ''];

/** Records every request and answers none: nothing may be sent for a bad id. */
class RecordingTransport {
  readonly requests: HttpRequest[] = [];
  async request<T>(req: HttpRequest): Promise<HttpResponse<T>> {
    this.requests.push(req);
    throw new HelpdeskError('network', `unexpected request ${req.method} ${req.path}`);
  }
  async close(): Promise<void> {}
}

function context(type: string, baseUrl: string): ProviderContext {
  return { config: { id: type, label: type, type, baseUrl }, credentials: { username: 'u', secret: '1:SECRETCODE' }, log: silentLogger, http: { timeoutMs: 1000 } };
}

async function refused(call: Promise<unknown>, id: string): Promise<void> {
  const error = await call.then(
    () => assert.fail(`"${id}" was accepted`),
    (thrown: unknown) => thrown,
  );
  assert.ok(error instanceof HelpdeskError, String(error));
  assert.equal(error.kind, 'validation', `${JSON.stringify(id)}: ${error.message}`);
}

const upload = { name: 'a.txt', contentType: 'text/plain', data: new Uint8Array([1]) };

function everyIdCall(provider: HelpdeskProvider, id: string): Array<Promise<unknown>> {
  return [
    provider.getTicket(id),
    provider.listMessages(id),
    provider.reply(id, { bodyHtml: '<p>x</p>', bodyMarkdown: 'x', internal: false, attachments: [upload] }),
    provider.updateTicket(id, { priority: '1' }),
  ];
}

describe('reliability: "." and ".." as ids (defect 7)', () => {
  it('common/pathSegment encodes an id and refuses the ones a URL would read as a dot segment', () => {
    assert.equal(pathSegment('123', 'ticket'), '123');
    assert.equal(pathSegment('BRANCH-12', 'ticket'), 'BRANCH-12');
    assert.equal(pathSegment('a/b?c#d', 'ticket'), 'a%2Fb%3Fc%23d');
    assert.equal(pathSegment('...', 'ticket'), '...');
    // Percent signs are encoded, so "%2e" reaches the server as the text "%2e", not a dot.
    assert.equal(pathSegment('%2e%2e', 'ticket'), '%252e%252e');
    for (const id of LITERAL_DOTS) assert.throws(() => pathSegment(id, 'ticket'), (error: unknown) => error instanceof HelpdeskError && error.kind === 'validation', JSON.stringify(id));
  });

  it('DeskPRO refuses them in every call that takes a ticket id, before any request', async () => {
    for (const id of DOT_SEGMENTS.filter((candidate) => LITERAL_DOTS.includes(candidate))) {
      const transport = new RecordingTransport();
      const provider = new DeskproProvider(context('deskpro', 'https://acme.deskpro.example'), () => transport);
      for (const call of everyIdCall(provider, id)) await refused(call, id);
      assert.deepEqual(transport.requests.map((req) => req.path), [], `nothing sent for ${JSON.stringify(id)}`);
    }
  });

  it('Jitbit refuses them too, before any request, and never builds a web link from one', async () => {
    for (const id of DOT_SEGMENTS) {
      const transport = new RecordingTransport();
      const provider = new JitbitProvider(context('jitbit', 'https://jb.example/helpdesk'), { sleep: async () => undefined, createTransport: () => transport });
      for (const call of everyIdCall(provider, id)) await refused(call, id);
      assert.deepEqual(transport.requests.map((req) => req.path), [], `nothing sent for ${JSON.stringify(id)}`);
    }
    for (const id of LITERAL_DOTS) assert.throws(() => ticketWebUrl('https://jb.example/helpdesk', id), HelpdeskError);
    assert.equal(ticketWebUrl('https://jb.example/helpdesk', '42'), 'https://jb.example/helpdesk/Ticket/42');
  });
});

describe('reliability: dot ids in the DiamanteDesk and DeskDirector paths', () => {
  it('DiamanteDesk web addresses and DeskDirector discovered routes refuse "." and ".."', () => {
    for (const id of LITERAL_DOTS) {
      assert.throws(() => diamanteWebUrl('https://desk.example.com', id), (error: unknown) => error instanceof HelpdeskError && error.kind === 'validation', JSON.stringify(id));
      assert.throws(() => fillPath('api/v2/tech/tickets/{ticketId}/comments', { ticketId: id }), (error: unknown) => error instanceof HelpdeskError && error.kind === 'validation', JSON.stringify(id));
    }
    assert.equal(fillPath('api/v2/tech/tickets/{ticketId}/comments', { ticketId: '12' }), 'api/v2/tech/tickets/12/comments');
  });
});
