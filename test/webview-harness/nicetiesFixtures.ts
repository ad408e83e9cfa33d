// Host messages for the panel niceties in the harness: bodies shaped as the four sandboxes
// write them (src/sandbox/mail.ts for the HTML mail of DeskPRO, Jitbit and DiamanteDesk;
// DeskDirector's Markdown replies with "-----Original Message-----" and "> " lines; a
// Jitbit BBCode [quote] inside the writer's own text), the requester card and a conflict.
import { renderBody } from '../../src/helpdesk/render';
import type { BodyFormat } from '../../src/helpdesk/model';
import type { ConflictView, HostToWebview, MessageView } from '../../src/shared/protocol/panel';
import { composeMail, mailBody } from '../../src/sandbox/mail';

const HOUR = 3_600_000;

const earlier = mailBody({
  greeting: 'Hello,',
  paragraphs: ['Could you escalate this please? Our director is asking about it.'],
  signOff: 'Kind regards,',
  signature: ['Hana'],
});

/** The shape every HTML sandbox stores for an email reply with the earlier mail quoted. */
export const sandboxHtmlReply = composeMail({
  greeting: 'Hi Hana,',
  paragraphs: ['I have updated your account as requested; the change will show on your next invoice.'],
  signOff: 'Kind regards,',
  signature: ['Morgan Ellis', 'Customer Support', 'Helpdesk Sandbox'],
  quote: { authorName: 'Hana Jovanovic', authorEmail: 'hanaj65@example.net', date: 'Tue, 27 May 2025 at 03:12', html: earlier },
});

/** DeskDirector's contact reply by email (see src/sandbox/deskdirector/content.ts contactReply). */
export const sandboxMarkdownReply = [
  'Hi,',
  '',
  'That worked for most of the team, but two people still see the problem.',
  '',
  'Many thanks,\nChloe',
  '',
  '-----Original Message-----',
  '> Hi Chloe,',
  '> ',
  '> I am going to mark this as resolved, but just reply to this email if anything else comes up.',
  '> ',
  '> Best regards,',
  '> Owen Gallagher',
  '> Service Desk',
].join('\n');

/** A Jitbit tech reply quoting one line of the customer's in its own text: not history. */
export const sandboxBbcodeInlineQuote = 'Hi Zane,\n\nThis is a known issue in the current release.\n\n[quote]Here is the additional information you asked for.[/quote]\n\nAll the best,\nTomás Reyes';

interface Body {
  id: string;
  author: string;
  agent: boolean;
  hoursAgo: number;
  body: string;
  format: BodyFormat;
}

const bodies: Body[] = [
  { id: 'q1', author: 'Hana Jovanovic', agent: false, hoursAgo: 30, format: 'html', body: composeMail({ greeting: 'Good morning,', paragraphs: ['It happens every time we open a report with more than a few hundred rows.'], signOff: 'Thanks,', signature: ['Hana'] }) },
  { id: 'q2', author: 'Morgan Ellis', agent: true, hoursAgo: 20, format: 'html', body: sandboxHtmlReply },
  { id: 'q3', author: 'Chloe Jovanovic', agent: false, hoursAgo: 6, format: 'markdown', body: sandboxMarkdownReply },
  { id: 'q4', author: 'Tomás Reyes', agent: true, hoursAgo: 0.5, format: 'bbcode', body: sandboxBbcodeInlineQuote },
];

export function sandboxMessages(now = Date.now()): MessageView[] {
  return bodies.map((body) => {
    const rendered = renderBody(body.body, body.format, { allowRemoteImages: false });
    return {
      id: body.id,
      author: body.author,
      authorIsAgent: body.agent,
      createdAt: new Date(now - body.hoursAgo * HOUR).toISOString(),
      html: rendered.html,
      internal: false,
      system: false,
      attachments: [],
      truncated: rendered.truncated,
    };
  });
}

export function requesterMessage(now = Date.now()): Extract<HostToWebview, { type: 'requester' }> {
  const ago = (hours: number) => new Date(now - hours * HOUR).toISOString();
  return {
    type: 'requester',
    requester: { name: 'Maria Jensen', email: 'maria.jensen@northwind.example', organization: 'Northwind Logistics' },
    tickets: {
      state: 'done',
      partial: false,
      tickets: [
        { id: '4830', ref: 'ACME-4830-PLMZ', subject: 'New laptops for the Aarhus office need the VPN profile', status: { id: '3', name: 'Awaiting customer', kind: 'pending' }, updatedAt: ago(3) },
        { id: '4790', ref: 'ACME-4790-HHQA', subject: 'Shared mailbox not syncing on iPhone', status: { id: '2', name: 'Open', kind: 'open' }, updatedAt: ago(50) },
        { id: '4702', ref: 'ACME-4702-BBXE', subject: 'Printer on floor 2 asks for a PIN', status: { id: '1', name: 'New', kind: 'new' }, updatedAt: ago(200) },
      ],
    },
  };
}

export function conflictView(now = Date.now()): ConflictView {
  return {
    id: 1,
    messages: [{ id: 'm31', author: 'Maria Jensen', createdAt: new Date(now - 4 * 60_000).toISOString(), internal: false }, { id: 'm32', author: 'Priya Raman', createdAt: new Date(now - 60_000).toISOString(), internal: true }],
    changes: [
      { field: 'status', label: 'Status', from: 'Open', to: 'Awaiting customer' },
      { field: 'agent', label: 'Agent', from: 'Tom Becker', to: 'Priya Raman' },
    ],
  };
}
