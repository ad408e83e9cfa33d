// The hostile ticket: every field a client renders carries a script payload aimed at the
// simulator's own /__beacon route: subject, HTML body, the submitter's names, login and
// company, tags, comments (HTML and BBCode), custom field values and file names. If a
// client ever executes or auto-loads one of them, `beaconHits` goes above zero.
import { hostilePayloads } from '../hostile-payloads';
import { ME_USER_ID } from './people';
import { addComment, addFile, setTags, settleFlags, STATUS_IN_PROGRESS, type JitbitState, type TicketRecord } from './state';

export function seedHostileTicket(state: JitbitState, id: number, created: number): void {
  const base = state.origin;
  const beacon = (source: string): string => `${base}/__beacon?src=${source}`;
  const payloads = hostilePayloads(base);

  const companyId = Math.max(0, ...state.companies.keys()) + 1;
  state.companies.set(companyId, { id: companyId, name: `<b onmouseover="fetch('${beacon('company')}')">Evil Corp</b>` });
  const attackerId = state.nextId.user++;
  state.users.set(attackerId, {
    id: attackerId,
    username: `mallory"><img src=x onerror="fetch('${beacon('username')}')">`,
    password: 'not-a-login',
    token: 'not-a-token-of-the-attacker-0000000000000000000000000000000000',
    email: 'mallory@attacker.example',
    firstName: `Mallory <img src=x onerror="fetch('${beacon('first-name')}')">`,
    lastName: `"><script>fetch('${beacon('last-name')}')</script>`,
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

  const at = (minutes: number): number => created + minutes * 60_000;
  const ticket: TicketRecord = {
    id,
    subject: `Refund request <img src=x onerror="fetch('${beacon('subject')}')"> <script>fetch('${beacon('subject-script')}')</script>`,
    body: [
      '<p>Hello, please process my refund. Details below.</p>',
      payloads.imgOnerror,
      payloads.script,
      `<p>${payloads.javascriptLink} | ${payloads.encodedJs}</p>`,
      payloads.svgOnload,
      payloads.iframe,
      payloads.cssImport,
      payloads.styleUrl,
      payloads.metaRefresh,
      payloads.objectData,
      payloads.formAction,
      payloads.remoteImage,
      '<p>Thanks,<br>Mallory</p>',
    ].join('\n'),
    bodyFormat: 'html',
    userId: attackerId,
    assignedToUserId: ME_USER_ID,
    categoryId: 7281,
    statusId: STATUS_IN_PROGRESS,
    priority: 1,
    origin: 'Email',
    issueDate: at(0),
    lastUpdated: at(90),
    lastUpdatedByUserId: attackerId,
    startDate: at(45),
    resolvedDate: null,
    dueDate: null,
    updatedByUser: true,
    updatedByPerformer: false,
    updatedForTechView: false,
    timeSpentInSeconds: 0,
    tags: [],
    customFields: new Map([[2917, `"><script>fetch('${beacon('custom-field')}')</script>`]]),
  };
  state.tickets.set(id, ticket);
  setTags(state, ticket, ['billing', `"><svg onload="fetch('${beacon('tag')}')">`]);

  const file = (commentId: number | null, fileName: string, contentType: string, text: string, minutes: number): void => {
    addFile(state, { ticketId: id, commentId, userId: attackerId, date: at(minutes), fileName, contentType, data: Buffer.from(text, 'utf8'), forTechsOnly: false });
  };
  file(null, `"><img src=x onerror="fetch('${beacon('filename')}')">.txt`, 'text/plain', 'Nothing to see here.\n', 0);
  file(null, 'invoice.html', 'text/html', `<!doctype html><title>Invoice</title>${payloads.script}<h1>Invoice</h1>`, 0);
  file(
    null,
    'logo.svg',
    'image/svg+xml',
    `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="fetch('${beacon('svg-file')}')"><script>fetch('${beacon('svg-file-script')}')</script><rect width="10" height="10"/></svg>`,
    0,
  );

  const comment = (userId: number, minutes: number, body: string, forTechsOnly = false): number =>
    addComment(state, { ticketId: id, userId, date: at(minutes), body, forTechsOnly, isSystem: false, recipients: '' }).id;
  comment(ME_USER_ID, 30, 'This looks like a phishing attempt. Do not open the attachments.', true);
  comment(ME_USER_ID, 45, `<p>Hi,</p><p>Could you send the order number?</p><p>Best regards,<br>Support</p>\n<blockquote>${payloads.imgOnerror}</blockquote>`);
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
  comment(
    attackerId,
    90,
    `<p>Order number: <a href="javascript:alert(document.cookie)">#12345</a></p>\n<img src="data:image/svg+xml;base64,${Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" onload="fetch('${beacon('data-svg')}')"/>`).toString('base64')}">\n<p onclick="fetch('${beacon('onclick')}')">Click me</p>`,
  );
  settleFlags(state, ticket);
}
