// The hostile ticket: every field a client renders carries a script payload aimed at the
// simulator's own /__beacon route. If a client ever executes or auto-loads one of them,
// `beaconHits` goes above zero and the security test fails. Payloads are what real
// attackers put in email: event handlers, javascript: links, SVG, CSS imports, iframes.
// Between the agent's reply and the attacker's last message come the whole corpus
// (xss-corpus.ts) as the attacker's HTML messages, link texts and file names.
import { hostileCorpus, hostileTicketText } from '../hostile-payloads';
import { addBlob, addMessage, attachBlob, formatDate, newRef, type DeskproState } from './state';

export function seedHostileTicket(state: DeskproState, id: number, created: number): void {
  const base = state.baseUrl;
  const text = hostileTicketText(base);
  const corpus = hostileCorpus(base);
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

  // A second agent, named by the attacker (agents can set their own names): writes the link texts.
  const agentId = state.nextId.person++;
  state.people.set(agentId, {
    id: agentId,
    first_name: corpus.nextText(),
    last_name: corpus.nextText(),
    name: corpus.nextText(),
    primary_email: 'helper@attacker.example',
    is_agent: true,
    organization: null,
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
    labels: ['billing', `"><svg onload="fetch('${base}/__beacon?src=label')">`, corpus.nextText(), corpus.nextText()],
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
  // DeskPRO stores every message as HTML: the corpus, then links whose text is a vector.
  const bodies = [...corpus.htmlBodies, corpus.linkTexts.html];
  bodies.forEach((message, index) => addMessage(state, { ticket: id, person: index === bodies.length - 1 ? agentId : attackerId, date_created: date(50 + index), is_agent_note: 0, message }));
  const withFiles = addMessage(state, { ticket: id, person: attackerId, date_created: date(50 + bodies.length), is_agent_note: 0, message: '<p>More documents attached.</p>' });
  for (const filename of corpus.fileNames(4)) {
    const blob = addBlob(state, { filename, content_type: 'text/plain', data: Buffer.from('Nothing to see here.\n', 'utf8'), is_temp: false, date_created: date(50 + bodies.length) });
    attachBlob(state, withFiles, blob, false);
  }
  addMessage(state, { ticket: id, person: attackerId, date_created: date(90), is_agent_note: 0, message: text.attackerReply });
}
