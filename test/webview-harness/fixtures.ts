// Realistic host messages for the panel harness: one ticket and a 30-message thread with
// HTML mail (signatures, remote images, a tracking pixel, long quoted history), Markdown
// agent replies, internal notes, helpdesk events and attachments. Bodies go through the
// real renderBody, exactly as the host does.
import { renderBody } from '../../src/helpdesk/render';
import type { BodyFormat } from '../../src/helpdesk/model';
import type { AttachmentView, HostToWebview, LinkedCodeItem, MessageView } from '../../src/shared/protocol/panel';
import { cannedReplyMarkdown } from '../../src/ui/panel/cannedReplyText';

const HOUR = 3_600_000;

interface Source {
  author: string;
  agent?: boolean;
  hoursAgo: number;
  body: string;
  format: BodyFormat;
  internal?: boolean;
  system?: boolean;
  attachments?: AttachmentView[];
}

const signature = `
<p>Kind regards,<br><b>Maria Jensen</b><br>IT Coordinator · Northwind Logistics<br>
<a href="tel:+4520304050">+45 20 30 40 50</a> · <a href="https://northwind.example">northwind.example</a></p>
<p><img src="https://cdn.northwind.example/mail/logo-2x.png" alt="Northwind Logistics" width="160" height="40">
<img src="https://cdn.northwind.example/mail/iso27001.png" alt="ISO 27001 certified" width="60"></p>
<img src="https://t.mailtrack.example/open/8f2a9c.gif" width="1" height="1" alt="">`;

const outlookHistory = `
<div><div><p>Hi Tom,</p>
<p>I tried the steps from your last mail. Unfortunately the tunnel still drops — this time after 31 minutes,
right when the rekey should happen. The client log is attached again (<code>vpn-client-0412.log</code>).</p>
<p>One more data point: colleagues on the <b>2.13</b> client are not affected, only those who received the 2.14 update
through Intune last Tuesday.</p>
${signature}
<div><p><b>From:</b> Tom Becker &lt;tom.becker@acme-support.example&gt;<br><b>Sent:</b> Thursday, 10 April 2025 16:02<br>
<b>To:</b> Maria Jensen &lt;maria.jensen@northwind.example&gt;<br><b>Subject:</b> RE: [ACME-4821] VPN disconnects every 30 minutes</p></div>
<p>Hello Maria,</p><p>thanks for the logs. Could you please try the following on one affected machine:</p>
<ol><li>Open <i>Settings → Advanced</i> in the VPN client.</li><li>Set <b>IKE SA lifetime</b> to 28800 seconds.</li>
<li>Reconnect and leave the session idle for an hour.</li></ol>
<p>If it still drops, please send the new log and the output of <code>ipconfig /all</code>.</p><p>Best regards,<br>Tom</p>
<div><p><b>From:</b> Maria Jensen<br><b>Sent:</b> Wednesday, 9 April 2025 09:14<br><b>Subject:</b> VPN disconnects every 30 minutes</p></div>
<p>Hello, since the update to version 2.14 of the VPN client, all our remote workers lose the connection every 30 minutes.
They have to reconnect manually and lose their RDP sessions. This affects about 40 people. Please help, this is urgent.</p>
</div></div>`;

const gmailQuote = `
<div dir="ltr"><p>Quick update: the lifetime change helped on my laptop (no drop for 3 hours),
but on Jonas' machine it still happens. His log is attached.</p>
<p>Is there anything else we should collect?</p>
<div>On Fri, 11 Apr 2025 at 10:21, Tom Becker &lt;tom.becker@acme-support.example&gt; wrote:<br></div>
<blockquote><p>Hello Maria,</p><p>we reproduced the issue in our lab. It happens when the gateway sends a rekey request while
the client is in power-saving mode. The 2.14 client waits for the NIC to wake up and misses the 30-second window.
A fix is planned for 2.14.2. Until then the longer SA lifetime is the best workaround; please roll it out with the
Intune configuration profile I attached.</p><p>Best regards,<br>Tom</p>
<blockquote><p>Thanks Tom, we will try it tomorrow morning and get back to you.</p></blockquote></blockquote></div>`;

const agentMarkdown = `Hi Maria,

thanks for the quick feedback! Two things to try on Jonas' machine:

1. Disable **Allow the computer to turn off this device to save power** for the Wi-Fi adapter.
2. Run the collector and attach the archive:

\`\`\`powershell
.\\Collect-VpnDiagnostics.ps1 -Since (Get-Date).AddHours(-4) -Out C:\\Temp\\diag.zip
\`\`\`

The known-issue article is here: https://support.acme.example/kb/VPN-2142

Best regards,
Tom`;

const internalNote = `Reproduced in lab with client **2.14.0.311** on Windows 11 23H2:

| Build | Power saving | Drops |
| --- | --- | --- |
| 2.13.4 | on | no |
| 2.14.0 | off | no |
| 2.14.0 | on | **every rekey** |

Engineering ticket: ENG-7719. Do **not** promise a date to the customer yet.

\`\`\`
2025-04-12 09:31:02.114 IKEv2 REKEY_SA timeout (30000 ms) peer=203.0.113.10
2025-04-12 09:31:02.115 tunnel state CONNECTED -> DISCONNECTED reason=REKEY_FAILED
\`\`\``;

const plainText = `Hello,

this is Jonas from Northwind. I ran the script, output below:

  Adapter        PowerSaving   Driver
  -------------  ------------  ----------
  Wi-Fi          Enabled       23.30.0.6
  Ethernet 2     Disabled      10.68.2.1

The archive is attached (diag.zip). See also https://status.northwind.example/incidents/112

> Please run the collector and attach the archive.
> Best regards, Tom

Jonas`;

const sources: Source[] = [
  { author: 'Maria Jensen', hoursAgo: 98, format: 'html', body: `<p>Hello,</p><p>since the update to version <b>2.14</b> of the VPN client, all our remote workers lose the connection <u>every 30 minutes</u>. They have to reconnect manually and lose their RDP sessions.</p><p>This affects about 40 people. Please help, this is urgent.</p>${signature}` },
  { author: 'Helpdesk', hoursAgo: 98, format: 'text', system: true, body: 'Ticket created by email' },
  { author: 'Automation', hoursAgo: 97.9, format: 'html', system: true, body: 'Assigned to <b>Tom Becker</b> (rule: VPN keywords)' },
  { author: 'Tom Becker', agent: true, hoursAgo: 97, format: 'markdown', body: 'Hello Maria,\n\nsorry to hear that. Could you send us the client log from one affected machine? It is in `%ProgramData%\\AcmeVPN\\logs`.\n\nBest regards,\nTom' },
  { author: 'Maria Jensen', hoursAgo: 95, format: 'html', body: `<p>Log attached.</p>${signature}`, attachments: [{ id: 'a1', name: 'vpn-client-0409.log', size: 48_211 }] },
  { author: 'Tom Becker', agent: true, internal: true, hoursAgo: 94, format: 'markdown', body: 'Log shows `REKEY_FAILED` exactly 1800 s after connect. Looks like the SA lifetime mismatch we saw at Contoso. Checking with engineering.' },
  { author: 'Helpdesk', hoursAgo: 93.5, format: 'text', system: true, body: 'Priority changed from Normal to High' },
  { author: 'Tom Becker', agent: true, hoursAgo: 72, format: 'markdown', body: 'Hello Maria,\n\nthanks for the logs. Could you please try the following on one affected machine:\n\n1. Open *Settings → Advanced* in the VPN client.\n2. Set **IKE SA lifetime** to `28800` seconds.\n3. Reconnect and leave the session idle for an hour.\n\nIf it still drops, please send the new log and the output of `ipconfig /all`.\n\nBest regards,\nTom' },
  { author: 'Helpdesk', hoursAgo: 72, format: 'text', system: true, body: 'Status changed from Open to Pending' },
  { author: 'Maria Jensen', hoursAgo: 50, format: 'html', body: outlookHistory, attachments: [{ id: 'a2', name: 'vpn-client-0412.log', size: 51_877 }, { id: 'a3', name: 'ipconfig.txt', size: 4_812 }] },
  { author: 'Helpdesk', hoursAgo: 50, format: 'text', system: true, body: 'Status changed from Pending to Open (customer replied)' },
  { author: 'Tom Becker', agent: true, internal: true, hoursAgo: 30, format: 'markdown', body: internalNote },
  { author: 'Priya Raman', agent: true, internal: true, hoursAgo: 29, format: 'markdown', body: '@Tom engineering confirmed ENG-7719, fix targeted for **2.14.2**. Workaround profile is in the shared drive: https://intranet.acme.example/vpn/workaround-profile' },
  { author: 'Tom Becker', agent: true, hoursAgo: 28, format: 'markdown', body: 'Hello Maria,\n\nwe reproduced the issue in our lab. A fix is planned for 2.14.2. Until then the longer SA lifetime is the best workaround; please roll it out with the attached Intune configuration profile.\n\nBest regards,\nTom', attachments: [{ id: 'a4', name: 'AcmeVPN-SA-lifetime.intunewin', size: 1_204_332 }, { id: 'a5', name: 'rollout-steps.pdf', size: 312_554 }] },
  { author: 'Maria Jensen', hoursAgo: 20, format: 'html', body: gmailQuote, attachments: [{ id: 'a6', name: 'jonas-laptop.log', size: 61_002 }, { id: 'a7', name: 'screenshot-adapter-settings.png', size: 284_110, isImage: true }] },
  { author: 'Tom Becker', agent: true, hoursAgo: 19, format: 'markdown', body: agentMarkdown },
  { author: 'Jonas Weber', hoursAgo: 6, format: 'text', body: plainText, attachments: [{ id: 'a8', name: 'diag.zip', size: 2_487_900 }] },
  { author: 'Tom Becker', agent: true, internal: true, hoursAgo: 5, format: 'markdown', body: 'Jonas has the Intel AX211 with driver 23.30 — same as lab. Power saving enabled. Waiting for Maria to confirm the profile rollout before closing.' },
  { author: 'Helpdesk', hoursAgo: 5, format: 'text', system: true, body: 'Label "escalated" added' },
  { author: 'Tom Becker', agent: true, hoursAgo: 4.5, format: 'markdown', body: 'Hi Jonas,\n\nthanks — that confirms it. Please disable power saving for the **Wi-Fi** adapter (Device Manager → Intel Wi-Fi 6E AX211 → Power Management) until 2.14.2 ships.\n\nTom' },
  { author: 'Jonas Weber', hoursAgo: 3, format: 'text', body: 'Done, no drops since. Thanks!\n\nJonas' },
  { author: 'Maria Jensen', hoursAgo: 2.5, format: 'html', body: `<p>Great news, thank you Tom. We rolled out the profile to all 40 machines this morning.</p><p>Can you let us know when 2.14.2 is available?</p>${signature}` },
  { author: 'Tom Becker', agent: true, hoursAgo: 2, format: 'markdown', body: 'Will do — I have subscribed this ticket to the release announcement. I will set it to *pending* until then.' },
  { author: 'Helpdesk', hoursAgo: 2, format: 'text', system: true, body: 'Status changed from Open to Pending' },
  { author: 'Tom Becker', agent: true, internal: true, hoursAgo: 1.5, format: 'markdown', body: 'Reminder set for the 2.14.2 release (ENG-7719).' },
  { author: 'Maria Jensen', hoursAgo: 1, format: 'html', body: `<p>One more question: will the update reset the SA lifetime we configured? We would like to avoid another round of changes.</p>${signature}` },
  { author: 'Helpdesk', hoursAgo: 1, format: 'text', system: true, body: 'Status changed from Pending to Open (customer replied)' },
  { author: 'Priya Raman', agent: true, internal: true, hoursAgo: 0.7, format: 'markdown', body: 'Checked with engineering: the installer keeps custom SA settings. Safe to say so.' },
  { author: 'Tom Becker', agent: true, hoursAgo: 0.5, format: 'markdown', body: 'Hello Maria,\n\nno — the 2.14.2 installer keeps custom settings, so the SA lifetime stays as configured. You can remove the profile afterwards if you prefer the default.\n\nBest regards,\nTom' },
  { author: 'Maria Jensen', hoursAgo: 0.2, format: 'html', body: `<p>Perfect, thanks a lot!</p><table><tr><th>Site</th><th>Machines</th><th>Status</th></tr><tr><td>Copenhagen</td><td>24</td><td>✔ rolled out</td></tr><tr><td>Aarhus</td><td>16</td><td>✔ rolled out</td></tr></table>${signature}` },
];

export function threadMessages(count = sources.length, now = Date.now(), allowRemoteImages = false): { messages: MessageView[]; remoteImagesBlocked: number } {
  const messages: MessageView[] = [];
  let remoteImagesBlocked = 0;
  for (let i = 0; i < count; i++) {
    const source = sources[i % sources.length];
    const rendered = renderBody(source.body, source.format, { allowRemoteImages });
    remoteImagesBlocked += rendered.remoteImagesBlocked;
    // Repeats of the thread (the 500-message run) are spread back in time, oldest first.
    const lap = Math.floor(i / sources.length);
    const laps = Math.ceil(count / sources.length);
    messages.push({
      id: `m${i + 1}`,
      author: source.author,
      authorIsAgent: source.agent === true,
      createdAt: new Date(now - (source.hoursAgo + (laps - 1 - lap) * 100) * HOUR).toISOString(),
      html: rendered.html,
      internal: source.internal === true,
      system: source.system === true,
      attachments: source.attachments ?? [],
      truncated: rendered.truncated,
    });
  }
  return { messages, remoteImagesBlocked };
}

export function ticketMessage(remoteImagesBlocked: number, now = Date.now(), allowRemoteImages = false): Extract<HostToWebview, { type: 'ticket' }> {
  return {
    type: 'ticket',
    ticket: {
      instanceId: 'acme',
      instanceLabel: 'ACME Support (DeskPRO)',
      id: '4821',
      ref: 'ACME-4821-KQTX',
      subject: 'VPN disconnects every 30 minutes since client 2.14 update',
      status: { id: '2', name: 'Open', kind: 'open' },
      priority: { id: 'high', name: 'High' },
      requester: 'Maria Jensen',
      agent: { id: 'u7', name: 'Tom Becker' },
      department: { id: 'd3', name: 'Network & VPN' },
      labels: ['vpn', 'windows-11', 'escalated', 'client-2.14'],
      createdAt: new Date(now - 98 * HOUR).toISOString(),
      updatedAt: new Date(now - 0.2 * HOUR).toISOString(),
      webUrl: 'https://acme.deskpro.example/agent/#/tickets/4821',
    },
    capabilities: {
      internalNotes: true,
      changeStatus: true,
      statusOnReply: true,
      assign: true,
      priority: true,
      departmentLabel: 'Department',
      attachOnReply: true,
      cannedReplies: false,
    },
    statuses: [
      { id: '1', name: 'New', kind: 'new' },
      { id: '2', name: 'Open', kind: 'open' },
      { id: '3', name: 'Awaiting customer', kind: 'pending' },
      { id: '4', name: 'On hold', kind: 'onHold' },
      { id: '5', name: 'Resolved', kind: 'resolved' },
      { id: '6', name: 'Closed', kind: 'closed' },
    ],
    priorities: [
      { id: 'low', name: 'Low' },
      { id: 'normal', name: 'Normal' },
      { id: 'high', name: 'High' },
      { id: 'urgent', name: 'Urgent' },
    ],
    agents: [
      { id: 'u7', name: 'Tom Becker' },
      { id: 'u9', name: 'Priya Raman' },
      { id: 'u12', name: 'Lukas Novák' },
    ],
    departments: [
      { id: 'd1', name: 'General' },
      { id: 'd3', name: 'Network & VPN' },
      { id: 'd4', name: 'Billing' },
    ],
    remoteImagesAllowed: allowRemoteImages,
    remoteImagesBlocked,
    maxAttachmentBytes: 10 * 1024 * 1024,
  };
}

/** What the controller posts: chunks of `size`, the first with reset, the last with done. */
export function chunked(messages: MessageView[], size = 50): HostToWebview[] {
  const posts: HostToWebview[] = [];
  for (let start = 0; start === 0 || start < messages.length; start += size) {
    posts.push({ type: 'messages', messages: messages.slice(start, start + size), reset: start === 0, done: start + size >= messages.length });
  }
  return posts;
}

/** Hostile bodies, rendered by the sanitizer, for the in-browser XSS check. */
export const xssBodies: string[] = [
  '<img src=x onerror="window.__xss=1">',
  '<svg onload="window.__xss=2"><circle r=1></svg>',
  '<a href="javascript:window.__xss=3">click</a>',
  '<a href="jav&#x09;ascript:window.__xss=4">click</a>',
  '<iframe srcdoc="<script>parent.__xss=5</script>"></iframe>',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__xss=6">',
  '<noscript><p title="</noscript><img src=x onerror=window.__xss=7>"></noscript>',
  '<details open ontoggle="window.__xss=8">d</details>',
  '<scr<script>ipt>window.__xss=9</scr</script>ipt>',
  '<form><button formaction="javascript:window.__xss=10">b</button></form>',
  '<div style="background:url(javascript:window.__xss=11)">s</div>',
  '<xmp><img src=x onerror="window.__xss=12"></xmp>',
  '<title><img src=x onerror="window.__xss=13"></title>',
  '<a href="data:text/html,<script>alert(14)</script>">d</a>',
  '<object data="javascript:window.__xss=15"></object>',
];

/** A helpdesk with canned replies (Jitbit-like): the reply box offers them. */
export function ticketWithCannedReplies(remoteImagesBlocked = 0): Extract<HostToWebview, { type: 'ticket' }> {
  const message = ticketMessage(remoteImagesBlocked);
  return { ...message, capabilities: { ...message.capabilities, cannedReplies: true } };
}

/** A template as Jitbit's editor stores it, turned into Markdown by the host's converter. */
export const cannedReplyFromHtml = cannedReplyMarkdown({
  format: 'html',
  body: '<p>Could you sign out, clear the <b>site data</b> for the app and sign back in?</p><ol><li>Open <i>Settings → Privacy</i></li><li>Choose <b>Clear site data</b></li></ol><p>Details: <a href="https://support.acme.example/kb/CACHE-12">Clearing the cache</a></p>',
});

/** Code sent to the ticket: three places still found, one whose code moved away. */
export const linkedCode: LinkedCodeItem[] = [
  { id: 'l1', file: 'src/vpn/rekey.ts', startLine: 118, endLine: 142, stale: false },
  { id: 'l2', file: 'src/vpn/config/sa-lifetime.ts', startLine: 27, endLine: 27, stale: false },
  { id: 'l3', file: 'client/windows/adapters/power-management/PowerSavingPolicy.cs', startLine: 310, endLine: 355, stale: false },
  { id: 'l4', file: 'docs/known-issues.md', startLine: 64, endLine: 71, stale: true },
];

/** Enough links that the section folds the rest behind "Show more". */
export const manyLinkedCode: LinkedCodeItem[] = Array.from({ length: 8 }, (_, i) => ({
  id: `m${i + 1}`,
  file: `src/module-${i + 1}/handler.ts`,
  startLine: 10 * (i + 1),
  endLine: 10 * (i + 1) + 5,
  stale: i === 6,
}));
