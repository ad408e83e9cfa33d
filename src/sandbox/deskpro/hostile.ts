// The hostile ticket: every field a client renders carries a script payload aimed at the
// simulator's own /__beacon route. If a client ever executes or auto-loads one of them,
// `beaconHits` goes above zero and the security test fails. Payloads are what real
// attackers put in email: event handlers, javascript: links, SVG, CSS imports, iframes.
import { hostileTicketText } from '../hostile-payloads';
import { addBlob, addMessage, attachBlob, formatDate, newRef, type DeskproState } from './state';

export function seedHostileTicket(state: DeskproState, id: number, created: number): void {
  const base = state.baseUrl;
  const text = hostileTicketText(base);
  const attackerId = state.nextId.person++;
  state.people.set(attackerId, {
    id: attackerId,
    first_name: text.firstName,
    last_name: text.lastName,
    name: `Mallory <img src=x onerror="fetch('${base}/__beacon?src=name')"> "><script>fetch('${base}/__beacon?src=name-script')</script>`,
    primary_email: text.email,
    is_agent: false,
    organization: `<b onmouseover="fetch('${base}/__beacon?src=organization')">Evil Corp</b>`,
    date_created: formatDate(created - 86_400_000),
  });

  const date = (offsetMinutes: number): string => formatDate(created + offsetMinutes * 60_000);
  const ticket = {
    id,
    ref: newRef(state.rng),
    subject: text.subject,
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

  const first = addMessage(state, { ticket: id, person: attackerId, date_created: date(0), is_agent_note: 0, message: text.opening });
  for (const file of text.files) {
    const blob = addBlob(state, { filename: file.filename, content_type: file.contentType, data: Buffer.from(file.text, 'utf8'), is_temp: false, date_created: date(0) });
    attachBlob(state, first, blob, false);
  }

  addMessage(state, {
    ticket: id,
    person: state.meId,
    date_created: date(30),
    is_agent_note: 1,
    message: '<p>This looks like a phishing attempt. Do not open the attachments.</p>',
  });
  addMessage(state, { ticket: id, person: state.meId, date_created: date(45), is_agent_note: 0, message: text.agentReply });
  addMessage(state, { ticket: id, person: attackerId, date_created: date(90), is_agent_note: 0, message: text.attackerReply });
}
