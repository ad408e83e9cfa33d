// The ticket panel's side of the outbox (replySender.ts, controller.ts): a reply or a status
// change made while the helpdesk is away, or whose send failed on the way, goes to the
// outbox; the draft is cleared only once the outbox has it; a full disk keeps the draft with
// the reason.
import * as assert from 'node:assert/strict';
import { silentLogger } from '../../src/helpdesk/log';
import type { Draft, HostToWebview } from '../../src/shared/protocol/panel';
import type { NewReply, NewStatusChange } from '../../src/ui/offline/outbox';
import { type PanelHost, TicketPanelController } from '../../src/ui/panel/controller';
import { MementoDraftStore } from '../../src/ui/panel/draftStore';
import type { PanelOutbox } from '../../src/ui/panel/replySender';
import { FakeConnection, FakeHelpdesk, refusedError } from './offline-outbox-support';

class RecordingOutbox implements PanelOutbox {
  away = false;
  failWith: Error | undefined;
  readonly replies: Array<Omit<NewReply, 'instanceId'>> = [];
  readonly statuses: Array<Omit<NewStatusChange, 'instanceId'>> = [];
  offline(): boolean {
    return this.away;
  }
  async waitingFor(ticketId: string): Promise<boolean> {
    return [...this.replies, ...this.statuses].some((item) => item.ticketId === ticketId);
  }
  async addReply(input: Omit<NewReply, 'instanceId'>): Promise<unknown> {
    if (this.failWith) throw this.failWith;
    this.replies.push(input);
    return input;
  }
  async addStatusChange(input: Omit<NewStatusChange, 'instanceId'>): Promise<unknown> {
    if (this.failWith) throw this.failWith;
    this.statuses.push(input);
    return input;
  }
}

async function panel() {
  const helpdesk = new FakeHelpdesk();
  const connection = new FakeConnection(helpdesk);
  const outbox = new RecordingOutbox();
  const posted: HostToWebview[] = [];
  const memory = new Map<string, unknown>();
  const drafts = new MementoDraftStore({ get: <T>(key: string) => memory.get(key) as T | undefined, update: async (key, value) => void (value === undefined ? memory.delete(key) : memory.set(key, value)) });
  const host: PanelHost = {
    post: (message) => posted.push(message),
    setTitle: () => undefined,
    reloadWithRemoteImages: () => undefined,
    openExternal: () => undefined,
    setCredentials: () => undefined,
    ticketChanged: () => undefined,
    pickFiles: async () => [],
    pickSaveTarget: async () => undefined,
    writeFile: async () => undefined,
    downloaded: () => undefined,
  };
  const controller = new TicketPanelController({
    instanceId: 'desk',
    ticketId: '1',
    session: {
      label: 'Desk',
      acquire: async () => helpdesk.provider(),
      run: (request) => connection.run(request),
      referenceData: async () => ({ statuses: [{ id: 'open', name: 'Open', kind: 'open' }, { id: 'resolved', name: 'Resolved', kind: 'resolved' }], priorities: [], departments: [], agents: [] }),
    },
    host,
    drafts,
    render: { renderBody: (body) => ({ html: body, remoteImagesBlocked: 0, truncated: false }), markdownToHtml: (markdown) => `<p>${markdown}</p>` },
    maxAttachmentBytes: () => 1_000_000,
    log: silentLogger,
    outbox,
  });
  await controller.handle({ type: 'ready' });
  const draft = (markdown: string): Draft => ({ markdown, internal: false });
  const send = async (markdown: string) => {
    await controller.handle({ type: 'draftChanged', draft: draft(markdown) });
    await controller.handle({ type: 'send', draft: draft(markdown) });
  };
  return { helpdesk, outbox, posted, drafts, controller, send };
}

describe('outbox: the ticket panel', () => {
  it('while the helpdesk is away: queued with what the panel showed, draft cleared, the page told', async () => {
    const p = await panel();
    p.outbox.away = true;
    p.helpdesk.down = refusedError();
    await p.send('Try the new build');
    assert.equal(p.outbox.replies.length, 1);
    const [queued] = p.outbox.replies;
    assert.equal(queued?.bodyMarkdown, 'Try the new build');
    assert.equal(queued?.ticketRef, '#1');
    assert.deepEqual(queued?.baseline?.messageIds, p.helpdesk.messages.get('1')!.map((message) => message.id));
    assert.equal(p.drafts.get('desk', '1'), undefined, 'draft cleared once queued');
    const notice = p.posted.find((message) => message.type === 'queued');
    assert.equal(notice?.type === 'queued' && notice.text, 'Queued in the outbox: it will be sent when Desk is reachable.');
    assert.equal(p.posted.some((message) => message.type === 'error'), false);
    assert.deepEqual(p.helpdesk.writes, [], 'nothing was tried');
  });

  it('a send refused on the way is queued (not shown as an error)', async () => {
    const p = await panel();
    p.helpdesk.writeFaults = ['refused'];
    await p.send('Refused on the way');
    assert.equal(p.outbox.replies.length, 1);
    assert.equal(p.outbox.replies[0]?.sentAt, undefined, 'it did not arrive: plain queued');
    assert.equal(p.posted.some((message) => message.type === 'error'), false);
  });

  it('a send the helpdesk answered with a 500 is not queued: the error is shown and the draft kept', async () => {
    const p = await panel();
    p.helpdesk.writeFaults = ['serverBefore'];
    await p.send('Answered with a 500');
    assert.deepEqual(p.outbox.replies, []);
    assert.equal(p.drafts.get('desk', '1')?.markdown, 'Answered with a 500');
    assert.ok(p.posted.some((message) => message.type === 'error'));
    assert.equal(p.posted.some((message) => message.type === 'queued'), false);
    assert.deepEqual(p.helpdesk.writes, [], 'nothing arrived, nothing was sent again behind the user’s back');
  });

  it('an answer lost while the helpdesk then goes away is queued as uncertain (with when the send began)', async () => {
    const p = await panel();
    p.helpdesk.writeFaults = ['lostAnswer'];
    // After the write, every read fails: whether it arrived cannot be told now.
    const originalPush = p.helpdesk.writes.push.bind(p.helpdesk.writes);
    p.helpdesk.writes.push = (...items: string[]) => {
      p.helpdesk.down = refusedError();
      return originalPush(...items);
    };
    await p.send('Maybe arrived');
    assert.equal(p.outbox.replies.length, 1);
    assert.equal(typeof p.outbox.replies[0]?.sentAt, 'number');
  });

  it('a full disk keeps the draft in the panel with the reason', async () => {
    const p = await panel();
    p.outbox.away = true;
    p.outbox.failWith = Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    await p.send('Keep me');
    assert.equal(p.drafts.get('desk', '1')?.markdown, 'Keep me');
    const error = p.posted.find((message) => message.type === 'error');
    assert.ok(error?.type === 'error' && /ENOSPC/.test(error.error.message) && /draft is kept/.test(error.error.message), JSON.stringify(error));
    assert.equal(p.posted.some((message) => message.type === 'queued'), false);
  });

  it('a reply to a ticket with items waiting queues behind them, never overtakes', async () => {
    const p = await panel();
    p.outbox.away = true;
    await p.send('First');
    p.outbox.away = false;
    await p.send('Second');
    assert.deepEqual(p.outbox.replies.map((item) => item.bodyMarkdown), ['First', 'Second']);
    assert.deepEqual(p.helpdesk.writes, []);
  });

  it('a status change while away, or refused on the way, goes to the outbox', async () => {
    const p = await panel();
    p.outbox.away = true;
    await p.controller.handle({ type: 'update', field: 'status', value: 'resolved' });
    assert.equal(p.outbox.statuses.length, 1);
    assert.deepEqual(p.helpdesk.writes, []);
    p.outbox.away = false;
    p.outbox.statuses.length = 0;
    p.helpdesk.writeFaults = ['refused'];
    await p.controller.handle({ type: 'update', field: 'status', value: 'resolved' });
    assert.equal(p.outbox.statuses.length, 1);
    assert.equal(p.outbox.statuses[0]?.statusName, 'Resolved');
    assert.equal(p.posted.some((message) => message.type === 'error'), false);
  });
});
