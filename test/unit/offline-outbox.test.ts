// The outbox service (src/ui/offline/outbox.ts, outboxSender.ts, outboxStore.ts) over a real
// temporary directory and an in-memory helpdesk: each item arrives once whatever fails
// (refused, reset after it arrived, a crash mid-send, clocks that disagree), changed tickets
// hold their items, refusals are kept with the reason, the file is written before a send
// starts, a corrupt file is set aside, a full disk queues nothing.
import * as assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beginSend } from '../../src/ui/offline/outboxItem';
import { OutboxStore } from '../../src/ui/offline/outboxStore';
import { baselineOf, refusedError, reply, rig, type Rig } from './offline-outbox-support';

describe('outbox: each item sent once', () => {
  let r: Rig;
  beforeEach(async () => {
    r = await rig();
  });
  afterEach(() => r.close());

  const onDisk = async () => JSON.parse(await readFile(join(r.dir, 'desk.json'), 'utf8')) as { items: Array<{ id: string; state: string; seq: number }> };

  it('queues while the helpdesk is down, then delivers each item once, in order, when it is back', async () => {
    r.helpdesk.down = refusedError();
    r.connection.setStatus('unreachable');
    await r.outbox.addReply(reply(r.helpdesk, '1', 'First answer'));
    await r.outbox.addReply(reply(r.helpdesk, '1', 'Second answer'));
    await r.outbox.addStatusChange({ instanceId: 'desk', ticketId: '1', ticketRef: '#1', status: 'resolved', statusName: 'Resolved', baseline: baselineOf(r.helpdesk, '1') });
    assert.deepEqual((await onDisk()).items.map((item) => item.state), ['queued', 'queued', 'queued'], 'on disk before anyone is told');
    assert.equal(r.timers.armed, 0, 'no own timer while the reconnect is in charge');

    r.helpdesk.down = undefined;
    r.connection.setStatus('connected');
    await r.outbox.settled();
    assert.deepEqual(r.helpdesk.writes, ['reply 1', 'reply 1', 'status 1']);
    assert.equal(r.helpdesk.repliesWith('1', 'First answer').length, 1);
    assert.equal(r.helpdesk.repliesWith('1', 'Second answer').length, 1);
    assert.equal(r.helpdesk.ticket('1').status.id, 'resolved');
    assert.deepEqual(r.outbox.items('desk'), []);
    assert.deepEqual((await onDisk()).items, []);
  });

  it('is written as sending before the request starts', async () => {
    let seenOnDisk: string | undefined;
    const provider = r.connection['provider'];
    const original = provider.reply.bind(provider);
    provider.reply = async (id, input) => {
      seenOnDisk = (await onDisk()).items[0]?.state;
      return original(id, input);
    };
    await r.outbox.addReply(reply(r.helpdesk, '1', 'Hello'));
    await r.outbox.flush('desk');
    assert.equal(seenOnDisk, 'sending');
  });

  it('answer lost after the reply arrived: found in the conversation, not sent again', async () => {
    r.helpdesk.writeFaults = ['lostAnswer'];
    await r.outbox.addReply(reply(r.helpdesk, '1', 'Lost answer'));
    await r.outbox.flush('desk');
    assert.equal(r.helpdesk.repliesWith('1', 'Lost answer').length, 1);
    assert.deepEqual(r.helpdesk.writes, ['reply 1']);
    assert.deepEqual(r.outbox.items('desk'), []);
  });

  it('crash between "sent" and "acknowledged": after a reload it is looked for, and not sent again', async () => {
    const item = await r.outbox.addReply(reply(r.helpdesk, '1', 'Crashed send'));
    // The send happened; the window died before the answer was written down.
    const store = new OutboxStore({ dir: r.dir });
    await store.save('desk', { nextSeq: 2, items: [beginSend(item, r.timers.now())] });
    await r.connection.run((provider) => provider.reply('1', { bodyHtml: '<p>Crashed send</p>', bodyMarkdown: 'Crashed send', internal: false, attachments: [] }));
    const reopened = r.reopen();
    await reopened.load('desk');
    assert.equal(reopened.items('desk')[0]?.state, 'uncertain');
    await reopened.flush('desk');
    assert.equal(r.helpdesk.repliesWith('1', 'Crashed send').length, 1);
    assert.deepEqual(reopened.items('desk'), []);
  });

  it('crash before the request left: after a reload it is looked for, not found, and sent once', async () => {
    const item = await r.outbox.addReply(reply(r.helpdesk, '1', 'Never left'));
    await new OutboxStore({ dir: r.dir }).save('desk', { nextSeq: 2, items: [beginSend(item, r.timers.now())] });
    const reopened = r.reopen();
    await reopened.flush('desk');
    assert.equal(r.helpdesk.repliesWith('1', 'Never left').length, 1);
    assert.deepEqual(reopened.items('desk'), []);
  });

  it('clocks that disagree: a helpdesk an hour behind still has the lost reply found (no duplicate)', async () => {
    r.helpdesk.clockOffsetMs = -60 * 60_000;
    r.helpdesk.writeFaults = ['lostAnswer'];
    await r.outbox.addReply(reply(r.helpdesk, '1', 'Skewed clock'));
    await r.outbox.flush('desk');
    assert.equal(r.helpdesk.repliesWith('1', 'Skewed clock').length, 1);
    assert.deepEqual(r.outbox.items('desk'), []);
  });

  it('clocks that disagree: our clock jumping back between two items does not reorder them', async () => {
    await r.outbox.addReply(reply(r.helpdesk, '1', 'Written first'));
    r.timers.time -= 24 * 60 * 60_000;
    await r.outbox.addReply(reply(r.helpdesk, '1', 'Written second'));
    await r.outbox.flush('desk');
    const mine = r.helpdesk.messages.get('1')!.filter((message) => message.author.id === 'me').map((message) => message.body);
    assert.deepEqual(mine, ['<p>Written first</p>', '<p>Written second</p>']);
  });

  it('an identical earlier reply already in the conversation is not taken for this one', async () => {
    await r.connection.run((provider) => provider.reply('1', { bodyHtml: '<p>Thanks</p>', bodyMarkdown: 'Thanks', internal: false, attachments: [] }));
    r.helpdesk.writeFaults = ['lostAnswer'];
    r.helpdesk.writes.length = 0;
    await r.outbox.addReply(reply(r.helpdesk, '1', 'Thanks'));
    // The lost answer hides whether it arrived: it did, and is found (the older one is in the baseline).
    await r.outbox.flush('desk');
    assert.equal(r.helpdesk.repliesWith('1', 'Thanks').length, 2);
    assert.deepEqual(r.helpdesk.writes, ['reply 1']);
  });

  it('a ticket that changed since the item was written holds it (and the ticket’s later items); others go on', async () => {
    await r.outbox.addReply(reply(r.helpdesk, '1', 'Held back'));
    await r.outbox.addReply(reply(r.helpdesk, '1', 'Behind it'));
    await r.outbox.addReply(reply(r.helpdesk, '2', 'Other ticket'));
    r.helpdesk.customerReplies('1', 'Never mind, fixed');
    await r.outbox.flush('desk');
    const [held, behind] = r.outbox.items('desk');
    assert.equal(held?.state, 'conflict');
    assert.equal(held?.changes?.messages.length, 1);
    assert.equal(behind?.state, 'queued', 'never overtakes the held item');
    assert.deepEqual(r.helpdesk.writes, ['reply 2']);

    await r.outbox.sendNow('desk', held!.id);
    assert.equal(r.helpdesk.repliesWith('1', 'Held back').length, 1, 'Send anyway sends it');
    // The second was written before the customer's message too: it asks again, honestly.
    assert.equal(r.outbox.items('desk')[0]?.state, 'conflict');
  });

  it('a status change the ticket already has is done without a request', async () => {
    await r.outbox.addStatusChange({ instanceId: 'desk', ticketId: '1', ticketRef: '#1', status: 'open', statusName: 'Open' });
    await r.outbox.flush('desk');
    assert.deepEqual(r.helpdesk.writes, []);
    assert.deepEqual(r.outbox.items('desk'), []);
  });

  it('a refusal is kept with the reason, and Retry sends it again', async () => {
    r.helpdesk.writeFaults = ['validation'];
    await r.outbox.addReply(reply(r.helpdesk, '1', 'Refused'));
    await r.outbox.flush('desk');
    const [item] = r.outbox.items('desk');
    assert.equal(item?.state, 'rejected');
    assert.equal(item?.reason, 'The ticket is closed');
    await r.outbox.sendNow('desk', item!.id);
    assert.equal(r.helpdesk.repliesWith('1', 'Refused').length, 1);
    assert.deepEqual(r.outbox.items('desk'), []);
  });

  it('queued while the helpdesk answers: flushed after a backoff; a 423 then leaves it to the reconnect', async () => {
    r.helpdesk.writeFaults = ['maintenance'];
    await r.outbox.addReply(reply(r.helpdesk, '1', 'Later'));
    assert.equal(r.timers.armed, 1, 'queued while connected: a flush after the first delay');
    r.connection.setStatus('connected');
    r.timers.fire();
    await r.outbox.settled();
    assert.equal(r.outbox.items('desk')[0]?.state, 'queued');
    assert.equal(r.connection.health.status, 'maintenance');
    // Its reconnect brings it back; then the outbox flushes.
    r.focus.set(false);
    r.connection.setStatus('connected');
    await r.outbox.settled();
    assert.equal(r.helpdesk.repliesWith('1', 'Later').length, 1);
  });

  it('does not fire its own timer while the window is unfocused, and does once it is focused', async () => {
    r.helpdesk.writeFaults = ['server', 'refused'];
    // A 500 whose reply did arrive: looked for, found; nothing waits.
    await r.outbox.addReply(reply(r.helpdesk, '1', 'Five hundred'));
    r.timers.fire();
    await r.outbox.settled();
    assert.equal(r.helpdesk.repliesWith('1', 'Five hundred').length, 1);
    await r.outbox.addReply(reply(r.helpdesk, '2', 'Paused'));
    r.focus.set(false);
    assert.equal(r.timers.armed, 0);
    r.focus.set(true);
    assert.equal(r.timers.armed, 1);
  });

  it('Discard removes the item and its files', async () => {
    const item = await r.outbox.addReply({ ...reply(r.helpdesk, '1', 'With a file'), files: [{ name: 'trace.log', contentType: 'text/plain', data: new TextEncoder().encode('log') }] });
    assert.deepEqual(await readdir(join(r.dir, 'desk.files')), [item.id]);
    assert.equal(await r.outbox.discard('desk', item.id), true);
    assert.deepEqual(await readdir(join(r.dir, 'desk.files')), []);
    assert.deepEqual(r.outbox.items('desk'), []);
  });

  it('sends a reply’s files from the outbox’s own copy', async () => {
    const data = new TextEncoder().encode('stack trace');
    await r.outbox.addReply({ ...reply(r.helpdesk, '1', 'See the log'), files: [{ name: 'trace.log', contentType: 'text/plain', data }] });
    await r.outbox.flush('desk');
    const [message] = r.helpdesk.repliesWith('1', 'See the log');
    assert.deepEqual(message?.attachments.map((file) => file.name), ['trace.log']);
  });

  it('Edit takes the item out with its words and files', async () => {
    const item = await r.outbox.addReply({ ...reply(r.helpdesk, '1', 'Edit me', { internal: true }), files: [{ name: 'a.txt', contentType: 'text/plain', data: new Uint8Array([1]) }] });
    const taken = await r.outbox.take('desk', item.id);
    assert.equal(taken?.item.work.kind === 'reply' && taken.item.work.internal, true);
    assert.deepEqual(taken?.files.map((file) => file.name), ['a.txt']);
    assert.deepEqual(r.outbox.items('desk'), []);
  });
});

describe('outbox store', () => {
  let r: Rig;
  beforeEach(async () => {
    r = await rig();
  });
  afterEach(() => r.close());

  it('a file that cannot be parsed is set aside (never deleted), the user told once, and the outbox starts empty', async () => {
    await writeFile(join(r.dir, 'desk.json'), '{"version":1,"nextSeq":3,"items":[{"id":');
    await r.outbox.load('desk');
    assert.deepEqual(r.outbox.items('desk'), []);
    assert.equal(r.asides.length, 1);
    const files = await readdir(r.dir);
    const aside = files.find((name) => name.startsWith('desk.json.corrupt-'));
    assert.ok(aside, `set aside: ${files.join(', ')}`);
    assert.equal(await readFile(join(r.dir, aside), 'utf8'), '{"version":1,"nextSeq":3,"items":[{"id":');
    await r.outbox.load('desk');
    assert.equal(r.asides.length, 1, 'told once');
    // New items still go in.
    await r.outbox.addReply(reply(r.helpdesk, '1', 'After'));
    assert.equal(r.outbox.items('desk').length, 1);
  });

  it('an item of the wrong shape sets the whole file aside too', async () => {
    await writeFile(join(r.dir, 'desk.json'), JSON.stringify({ version: 1, nextSeq: 2, items: [{ id: 'x', state: 'flying' }] }));
    await r.outbox.load('desk');
    assert.equal(r.asides.length, 1);
  });

  it('a full disk queues nothing: the reply is refused with the reason, no file left behind', async () => {
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const store = r.outbox['options'].store as OutboxStore;
    store.save = () => Promise.reject(full);
    await assert.rejects(r.outbox.addReply({ ...reply(r.helpdesk, '1', 'No room'), files: [{ name: 'a.txt', contentType: 'text/plain', data: new Uint8Array([1]) }] }), /ENOSPC/);
    assert.deepEqual(r.outbox.items('desk'), []);
    assert.deepEqual(await readdir(join(r.dir, 'desk.files')).catch(() => []), []);
  });

  it('keeps the sequence past a removed last item, so numbers are never reused', async () => {
    const first = await r.outbox.addReply(reply(r.helpdesk, '1', 'one'));
    await r.outbox.discard('desk', first.id);
    const second = await r.outbox.addReply(reply(r.helpdesk, '1', 'two'));
    assert.equal(second.seq, first.seq + 1);
    const reopened = r.reopen();
    await reopened.load('desk');
    const third = await reopened.addReply(reply(r.helpdesk, '1', 'three'));
    assert.equal(third.seq, second.seq + 1);
  });

  it('removing the instance deletes its outbox and files', async () => {
    await r.outbox.addReply({ ...reply(r.helpdesk, '1', 'Bye'), files: [{ name: 'a.txt', contentType: 'text/plain', data: new Uint8Array([1]) }] });
    await r.outbox.removeInstance('desk');
    assert.deepEqual(await readdir(r.dir), []);
  });

  it('refuses an item of another instance in the file', async () => {
    const item = await r.outbox.addReply(reply(r.helpdesk, '1', 'x'));
    await writeFile(join(r.dir, 'other.json'), JSON.stringify({ version: 1, nextSeq: 2, items: [item] }));
    const store = new OutboxStore({ dir: r.dir, setAside: () => undefined });
    assert.deepEqual((await store.load('other')).items, []);
  });
});
