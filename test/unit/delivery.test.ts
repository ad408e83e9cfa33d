// findDelivery / outcomeUnknown (src/helpdesk/delivery.ts): after a reply's answer was lost,
// the conversation is read again and says whether the reply is there.
import * as assert from 'node:assert/strict';
import { findDelivery, outcomeUnknown, words, type SentReply } from '../../src/helpdesk/delivery';
import { HelpdeskError } from '../../src/helpdesk/errors';
import type { Message, Page, Person } from '../../src/helpdesk/model';

const me: Person = { id: '7', name: 'Morgan Ellis', email: 'Morgan@Example.com' };
const STARTED = Date.parse('2025-06-01T10:00:00Z');

function message(overrides: Partial<Message>): Message {
  return { id: 'm', author: me, createdAt: '2025-06-01T10:00:03Z', body: '', format: 'html', internal: false, attachments: [], ...overrides };
}

const sent: SentReply = {
  bodyHtml: '<p>Restart the <strong>sync</strong> service &amp; try again</p>\n',
  bodyMarkdown: 'Restart the **sync** service & try again',
  internal: false,
  attachmentNames: [],
  startedAt: STARTED,
};

/** A conversation served two messages a page, as a vendor pages it. */
function conversation(messages: Message[], whoAmI: () => Promise<Person> = async () => me) {
  return {
    whoAmI,
    async listMessages(_ticketId: string, cursor?: string): Promise<Page<Message>> {
      const start = cursor ? Number(cursor) : 0;
      const page: Page<Message> = { items: messages.slice(start, start + 2) };
      if (start + 2 < messages.length) page.next = String(start + 2);
      return page;
    },
  };
}

describe('delivery: did a reply whose answer was lost arrive?', () => {
  it('finds it on a later page, rewritten by the vendor into other HTML', async () => {
    const older = [message({ id: '1', body: 'first' }), message({ id: '2', body: 'second' }), message({ id: '3', body: 'third' })];
    const stored = message({ id: '4', body: '<div>Restart the <b>sync</b> service &#38; try again<br><br>--<br>Sent from the helpdesk</div>' });
    const found = await findDelivery(conversation([...older, stored]), '42', sent);
    assert.deepEqual(found, { arrived: true, message: stored });
  });

  it('finds it stored as Markdown, text or BBCode', async () => {
    for (const stored of [
      message({ body: 'Restart the **sync** service & try again', format: 'markdown' }),
      message({ body: 'Restart the sync service &\ntry again', format: 'text' }),
      message({ body: '[b]Restart[/b] the [i]sync[/i] service & try again', format: 'bbcode' }),
    ]) {
      assert.equal((await findDelivery(conversation([stored]), '42', sent)).arrived, true, stored.format);
    }
  });

  it('does not take a message from someone else, of the other kind, from before the send, or with other words', async () => {
    const body = '<p>Restart the sync service &amp; try again</p>';
    const others = [
      message({ body, author: { id: '8', name: 'Someone else' } }),
      message({ body, internal: true }),
      message({ body, createdAt: '2025-06-01T09:50:00Z' }),
      message({ body: '<p>Restart the sync service</p>' }),
      message({ body, system: true }),
    ];
    assert.deepEqual(await findDelivery(conversation(others), '42', sent), { arrived: false });
  });

  it('matches the author by e-mail when the vendor gives another id, and allows a clock behind ours', async () => {
    const stored = message({ author: { id: 'person-7', name: 'M. Ellis', email: 'morgan@example.com' }, createdAt: '2025-06-01T09:59:00Z', body: 'Restart the sync service & try again', format: 'text' });
    assert.equal((await findDelivery(conversation([stored]), '42', sent)).arrived, true);
    assert.equal((await findDelivery(conversation([stored]), '42', sent, { clockSlackMs: 1000 })).arrived, false);
  });

  it('says "partly" when the text arrived without all its files, and matches a files-only reply by names', async () => {
    const withFiles = { ...sent, attachmentNames: ['trace.log', 'screen.png'] };
    const text = 'Restart the sync service & try again';
    const file = (name: string) => ({ id: name, name, downloadRef: name });
    const half = message({ body: text, format: 'text', attachments: [file('trace.log')] });
    assert.equal((await findDelivery(conversation([half]), '42', withFiles)).arrived, 'partly');
    const whole = message({ body: text, format: 'text', attachments: [file('screen.png'), file('trace.log')] });
    assert.equal((await findDelivery(conversation([whole]), '42', withFiles)).arrived, true);
    const onlyFiles = { ...withFiles, bodyHtml: '', bodyMarkdown: '' };
    assert.equal((await findDelivery(conversation([message({ attachments: [file('trace.log'), file('screen.png')] })]), '42', onlyFiles)).arrived, true);
    assert.equal((await findDelivery(conversation([message({ attachments: [file('trace.log')] })]), '42', onlyFiles)).arrived, false);
  });

  it('says "unknown", with the reason, when the conversation cannot be read again', async () => {
    const down = new HelpdeskError('network', 'help.example refused the connection (ECONNREFUSED)');
    const found = await findDelivery(conversation([], async () => Promise.reject(down)), '42', sent);
    assert.deepEqual(found, { arrived: 'unknown', reason: down });
  });

  it('looks only after failures that leave the outcome open', () => {
    const refused = new HelpdeskError('network', 'refused', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    const cut = new HelpdeskError('network', 'cut off', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
    assert.equal(outcomeUnknown(cut), true);
    assert.equal(outcomeUnknown(refused), false);
    for (const kind of ['timeout', 'protocol', 'server'] as const) assert.equal(outcomeUnknown(new HelpdeskError(kind, kind)), true, kind);
    assert.equal(outcomeUnknown(new HelpdeskError('tooLarge', 'answer over our limit', { status: 200 })), true);
    assert.equal(outcomeUnknown(new HelpdeskError('tooLarge', 'refused as too large', { status: 413 })), false);
    for (const kind of ['auth', 'forbidden', 'notFound', 'validation', 'rateLimited', 'maintenance', 'unsupported', 'cancelled'] as const) {
      assert.equal(outcomeUnknown(new HelpdeskError(kind, kind)), false, kind);
    }
  });

  it('compares words only: marks, entities and case do not matter', () => {
    assert.equal(words('  Don’t <b>PANIC</b> — it’s fine!  '), 'don t b panic b it s fine');
    assert.equal(words('Ｆｕｌｌ width'), 'full width');
  });
});
