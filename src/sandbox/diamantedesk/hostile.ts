// The hostile ticket: every field a client renders carries a script payload aimed at the
// simulator's own /__beacon route: subject, HTML description, the reporter's names,
// tags, comments (public and private) and attachment file names and contents. If a
// client ever executes or auto-loads one of them, `beaconHits` goes above zero. The whole
// corpus (xss-corpus.ts) follows as the reporter's comments, in HTML and in plain text
// (the two forms DiamanteDesk stores), link texts and file names.
import { beaconUrl, hostileCorpus, hostileTicketText } from '../hostile-payloads';
import { MINUTE } from '../seed-timeline';
import { createAttachment } from './attachment-files';
import { ME_AGENT_ID } from './people';
import { addComment, agentTypedId, customerTypedId, nextSequence, tagFor, type BranchRecord, type DiamantedeskState } from './state';

export function seedHostileTicket(state: DiamantedeskState, id: number, branch: BranchRecord, created: number): void {
  const text = hostileTicketText(state.origin);
  const beacon = (source: string): string => beaconUrl(state.origin, source);
  const corpus = hostileCorpus(state.origin);
  const attackerId = state.nextId.customer++;
  state.customers.set(attackerId, {
    id: attackerId,
    email: text.email,
    firstName: text.firstName,
    lastName: text.lastName,
    apiSecret: 'not-a-secret-of-the-attacker',
    active: true,
    createdAt: created - 5 * MINUTE,
    updatedAt: created - 5 * MINUTE,
  });
  const at = (minutes: number): number => created + minutes * MINUTE;
  const reporter = customerTypedId(attackerId);
  state.tickets.set(id, {
    id,
    uniqueId: state.rng.code(32, '0123456789abcdef'),
    branchId: branch.id,
    sequenceNumber: nextSequence(branch),
    subject: text.subject,
    description: text.opening,
    status: 'open',
    priority: 'high',
    source: 'email',
    reporter,
    reporterEmail: text.email,
    assigneeId: ME_AGENT_ID,
    createdAt: created,
    updatedAt: at(90),
    statusUpdatedSince: at(45),
    assignedSince: at(30),
    tags: [tagFor(state, 'billing'), tagFor(state, `"><svg onload="fetch('${beacon('tag')}')">`), tagFor(state, corpus.nextText())],
    attachmentIds: [],
  });
  const ticket = state.tickets.get(id);
  if (!ticket) return;
  // Mail intake stores names whole; the API's upload would cut them at each '/'.
  const attach = (holder: 'ticket' | 'comment', holderId: number, filename: string, content: string, when: number): number => {
    const record = createAttachment(state, holder, holderId, { filename: 'upload.txt', content: Buffer.from(content, 'utf8') }, when);
    record.filename = filename;
    return record.id;
  };
  for (const file of text.files) ticket.attachmentIds.push(attach('ticket', id, file.filename, file.text, created));

  const me = agentTypedId(ME_AGENT_ID);
  addComment(state, { ticketId: id, author: me, content: '<p>This looks like a phishing attempt. Do not open the attachments.</p>', private: true, createdAt: at(30), updatedAt: at(30) });
  addComment(state, { ticketId: id, author: me, content: text.agentReply, private: false, createdAt: at(45), updatedAt: at(45) });
  const bodies = [...corpus.htmlBodies, corpus.textBody, corpus.linkTexts.html];
  bodies.forEach((content, index) => addComment(state, { ticketId: id, author: reporter, content, private: false, createdAt: at(50 + index), updatedAt: at(50 + index) }));
  const files = addComment(state, { ticketId: id, author: reporter, content: '<p>More documents attached.</p>', private: false, createdAt: at(50 + bodies.length), updatedAt: at(50 + bodies.length) });
  for (const name of corpus.fileNames(4)) files.attachmentIds.push(attach('comment', files.id, name, 'Nothing to see here.\n', at(50 + bodies.length)));
  const reply = addComment(state, { ticketId: id, author: reporter, content: text.attackerReply, private: false, createdAt: at(90), updatedAt: at(90) });
  reply.attachmentIds.push(attach('comment', reply.id, `<svg onload=fetch('${beacon('comment-filename')}')>.txt`, 'see order\n', at(90)));
}
