// The hostile ticket: every field a client renders carries a script payload aimed at the
// simulator's own /__beacon route. If a client ever executes or auto-loads one of them,
// `beaconHits` goes above zero and the security test fails. Payloads are what real
// attackers put in email: event handlers, javascript: links, SVG, CSS imports, iframes.
import { hostilePayloads } from '../hostile-payloads';
import { addBlob, addMessage, attachBlob, formatDate, newRef, type DeskproState } from './state';

export function seedHostileTicket(state: DeskproState, id: number, created: number): void {
  const base = state.baseUrl;
  const payloads = hostilePayloads(base);
  const attackerId = state.nextId.person++;
  state.people.set(attackerId, {
    id: attackerId,
    first_name: `Mallory <img src=x onerror="fetch('${base}/__beacon?src=first-name')">`,
    last_name: `"><script>fetch('${base}/__beacon?src=last-name')</script>`,
    name: `Mallory <img src=x onerror="fetch('${base}/__beacon?src=name')"> "><script>fetch('${base}/__beacon?src=name-script')</script>`,
    primary_email: 'mallory@attacker.example',
    is_agent: false,
    organization: `<b onmouseover="fetch('${base}/__beacon?src=organization')">Evil Corp</b>`,
    date_created: formatDate(created - 86_400_000),
  });

  const date = (offsetMinutes: number): string => formatDate(created + offsetMinutes * 60_000);
  const ticket = {
    id,
    ref: newRef(state.rng),
    subject: `Refund request <img src=x onerror="fetch('${base}/__beacon?src=subject')"> <script>fetch('${base}/__beacon?src=subject-script')</script>`,
    status: 'awaiting_agent' as const,
    person: attackerId,
    agent: state.meId,
    department: 2,
    priority: 3,
    date_created: date(0),
    date_last_agent_reply: date(45),
    date_last_user_reply: date(90),
    labels: ['billing', `"><svg onload="fetch('${base}/__beacon?src=label')">`],
    urgency: 6,
  };
  state.tickets.set(id, ticket);

  const first = addMessage(state, {
    ticket: id,
    person: attackerId,
    date_created: date(0),
    is_agent_note: 0,
    message: [
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
  });
  attachBlob(
    state,
    first,
    addBlob(state, {
      filename: `"><img src=x onerror="fetch('${base}/__beacon?src=filename')">.txt`,
      content_type: 'text/plain',
      data: Buffer.from('Nothing to see here.\n', 'utf8'),
      is_temp: false,
      date_created: date(0),
    }),
    false,
  );
  attachBlob(
    state,
    first,
    addBlob(state, {
      filename: 'invoice.html',
      content_type: 'text/html',
      data: Buffer.from(`<!doctype html><title>Invoice</title>${payloads.script}<h1>Invoice</h1>`, 'utf8'),
      is_temp: false,
      date_created: date(0),
    }),
    false,
  );
  attachBlob(
    state,
    first,
    addBlob(state, {
      filename: 'logo.svg',
      content_type: 'image/svg+xml',
      data: Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="fetch('${base}/__beacon?src=svg-file')"><script>fetch('${base}/__beacon?src=svg-file-script')</script><rect width="10" height="10"/></svg>`, 'utf8'),
      is_temp: false,
      date_created: date(0),
    }),
    false,
  );

  addMessage(state, {
    ticket: id,
    person: state.meId,
    date_created: date(30),
    is_agent_note: 1,
    message: '<p>This looks like a phishing attempt. Do not open the attachments.</p>',
  });
  addMessage(state, {
    ticket: id,
    person: state.meId,
    date_created: date(45),
    is_agent_note: 0,
    message: `<p>Hi,</p><p>Could you send the order number?</p><p>Best regards,<br>Support</p>\n<blockquote>${payloads.imgOnerror}</blockquote>`,
  });
  addMessage(state, {
    ticket: id,
    person: attackerId,
    date_created: date(90),
    is_agent_note: 0,
    message: `<p>Order number: <a href="javascript:alert(document.cookie)">#12345</a></p>\n<img src="data:image/svg+xml;base64,${Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" onload="fetch('${base}/__beacon?src=data-svg')"/>`).toString('base64')}">\n<p onclick="fetch('${base}/__beacon?src=onclick')">Click me</p>`,
  });
}
