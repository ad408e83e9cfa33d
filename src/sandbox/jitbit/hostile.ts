// The hostile ticket: every field a client renders carries a script payload aimed at the
// simulator's own /__beacon route: subject, HTML body, the submitter's names, login and
// company, tags, comments (HTML and BBCode), custom field values and file names. If a
// client ever executes or auto-loads one of them, `beaconHits` goes above zero. The whole
// corpus (xss-corpus.ts) follows as comments in each format Jitbit stores (HTML, BBCode,
// plain text), link texts, file names, a technician's name, a custom status the ticket is
// in and two canned replies.
import { beaconUrl, hostileCorpus, hostileTicketText } from '../hostile-payloads';
import { ME_USER_ID } from './people';
import { addComment, addFile, newTicket, setTags, settleFlags, type JitbitState } from './state';

export function seedHostileTicket(state: JitbitState, id: number, created: number): void {
  const base = state.origin;
  const beacon = (source: string): string => beaconUrl(base, source);
  const text = hostileTicketText(base);
  const corpus = hostileCorpus(base);

  const companyId = Math.max(0, ...state.companies.keys()) + 1;
  state.companies.set(companyId, { id: companyId, name: `<b onmouseover="fetch('${beacon('company')}')">Evil Corp</b>` });
  const attackerId = state.nextId.user++;
  state.users.set(attackerId, {
    id: attackerId,
    username: `mallory"><img src=x onerror="fetch('${beacon('username')}')">`,
    password: 'not-a-login',
    token: 'not-a-token-of-the-attacker-0000000000000000000000000000000000',
    email: text.email,
    firstName: text.firstName,
    lastName: text.lastName,
    isAdmin: false,
    isTech: false,
    isManager: false,
    disabled: false,
    companyId,
    department: null,
    phone: `<a href="javascript:fetch('${beacon('phone')}')">call me</a>`,
    location: '',
    notes: '',
    signature: `<script>fetch('${beacon('signature')}')</script>`,
    greeting: '',
    lang: 'en-US',
    lastSeen: created,
    ipAddress: '203.0.113.66',
    userAgent: `Mozilla/5.0 <script>fetch('${beacon('user-agent')}')</script>`,
  });

  // Admins name custom statuses, and canned replies, as they like.
  const statusId = Math.max(...state.statuses.keys()) + 2;
  state.statuses.set(statusId, { id: statusId, name: corpus.nextText() });
  const templateId = Math.max(...state.commentTemplates.map((t) => t.id)) + 10;
  corpus.cannedReplies.forEach((reply, index) => state.commentTemplates.push({ id: templateId + index, name: reply.name, body: reply.body }));
  // A technician whose names carry vectors: writes the link texts.
  const techId = state.nextId.user++;
  state.users.set(techId, {
    ...(state.users.get(attackerId) as NonNullable<ReturnType<typeof state.users.get>>),
    id: techId,
    username: 'helper',
    token: 'not-a-token-of-the-helper-00000000000000000000000000000000000000',
    email: 'helper@attacker.example',
    firstName: corpus.nextText(),
    lastName: corpus.nextText(),
    isTech: true,
    companyId: null,
  });

  const at = (minutes: number): number => created + minutes * 60_000;
  const ticket = newTicket({
    id,
    subject: text.subject,
    body: text.opening,
    bodyFormat: 'html',
    userId: attackerId,
    assignedToUserId: ME_USER_ID,
    categoryId: 7281,
    statusId,
    priority: 1,
    origin: 'Email',
    issueDate: at(0),
    lastUpdated: at(90),
    startDate: at(45),
    updatedByUser: true,
    customFields: new Map([[2917, `"><script>fetch('${beacon('custom-field')}')</script>`]]),
  });
  state.tickets.set(id, ticket);
  setTags(state, ticket, ['billing', `"><svg onload="fetch('${beacon('tag')}')">`, corpus.nextText()]);

  const file = (commentId: number | null, fileName: string, contentType: string, content: string, minutes: number): void => {
    addFile(state, { ticketId: id, commentId, userId: attackerId, date: at(minutes), fileName, contentType, data: Buffer.from(content, 'utf8'), forTechsOnly: false });
  };
  for (const attached of text.files) file(null, attached.filename, attached.contentType, attached.text, 0);

  const comment = (userId: number, minutes: number, body: string, forTechsOnly = false): number =>
    addComment(state, { ticketId: id, userId, date: at(minutes), body, forTechsOnly, isSystem: false, recipients: '' }).id;
  comment(ME_USER_ID, 30, 'This looks like a phishing attempt. Do not open the attachments.', true);
  comment(ME_USER_ID, 45, text.agentReply);
  const bbcode = comment(
    attackerId,
    60,
    [
      `[url=javascript:fetch('${beacon('bbcode-url')}')]Order details[/url]`,
      `[img]${beacon('bbcode-img')}[/img]`,
      `[url]javascript:fetch('${beacon('bbcode-bare-url')}')[/url]`,
      `[color=red" onmouseover="fetch('${beacon('bbcode-color')}')]red[/color]`,
      `[quote="<script>fetch('${beacon('bbcode-quote')}')</script>"]as I said[/quote]`,
    ].join('\r\n\r\n'),
  );
  file(bbcode, `<svg onload=fetch('${beacon('comment-filename')}')>.png`, 'image/png', 'not really a png', 60);
  corpus.htmlBodies.forEach((body, index) => comment(attackerId, 61 + index, body));
  const late = 61 + corpus.htmlBodies.length;
  comment(attackerId, late, corpus.bbcodeBody);
  comment(attackerId, late + 1, corpus.bbcodeHtmlBody);
  const plain = comment(attackerId, late + 2, corpus.textBody);
  corpus.fileNames(4).forEach((name) => file(plain, name, 'text/plain', 'Nothing to see here.\n', late + 2));
  comment(techId, late + 3, corpus.linkTexts.html);
  comment(techId, late + 4, corpus.linkTexts.bbcode, true);
  comment(attackerId, 90, text.attackerReply);
  settleFlags(state, ticket);
}
