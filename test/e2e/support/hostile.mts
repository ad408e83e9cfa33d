// The hostile-content suite's side of each vendor: how to start its simulator, add it
// through Add Helpdesk…, and which of its tickets carry the corpus (src/sandbox/xss-corpus.ts).
// One entry per sandbox type (src/sandbox/registry.ts): the spec fails for a registered
// vendor without one here. Plus the watcher that counts what the webviews did.
import type { ConsoleMessage, Frame, Page, Request } from 'playwright-core';
import { HOSTILE_TICKET_ID as DESKDIRECTOR_HOSTILE_ID } from '../../../src/sandbox/deskdirector/data.js';
import { startDeskdirectorSimulator } from '../../../src/sandbox/deskdirector/server.js';
import { notesOf, statusOf as deskdirectorStatus } from '../../../src/sandbox/deskdirector/state.js';
import { HOSTILE_TICKET_ID as DESKPRO_HOSTILE_ID } from '../../../src/sandbox/deskpro/index.js';
import { HOSTILE_TICKET_ID as DIAMANTEDESK_HOSTILE_ID } from '../../../src/sandbox/diamantedesk/data.js';
import { startDiamantedeskSimulator } from '../../../src/sandbox/diamantedesk/server.js';
import { personOf } from '../../../src/sandbox/diamantedesk/directory.js';
import { ticketKey } from '../../../src/sandbox/diamantedesk/state.js';
import { HOSTILE_TICKET_ID as JITBIT_HOSTILE_ID, startJitbitSimulator } from '../../../src/sandbox/jitbit/index.js';
import { commentsOf as jitbitComments, statusName as jitbitStatus } from '../../../src/sandbox/jitbit/state.js';
import { registerSimulatorSecrets } from './secrets.mjs';
import type { Session } from './session.mjs';
import { addDeskproHelpdesk, finishAddLoginHelpdesk, finishAddMethodHelpdesk, openAddHelpdesk } from './ui.mjs';

/** A ticket carrying the corpus, as the panel and the tree should show it. */
export interface HostileTicket {
  /** What `.ticket-ref` in the panel and the tree row's description show. */
  ref: string;
  subject: string;
  /** Messages the panel lists: the body (when there is one) and every comment or note. */
  messages: number;
  requester: string;
  /** The status name, where an admin could name it (custom statuses). */
  status?: string;
}

export interface HostileDesk {
  url: string;
  /** The simulator's origin: its beacon and every request to it. */
  origin: string;
  beaconHits(): number;
  tickets: HostileTicket[];
  /** The helpdesk offers canned replies (some carry the corpus). */
  cannedReplies: boolean;
  /** Add Helpdesk… from the open type picker to the end of the flow. */
  add(page: Page): Promise<void>;
  close(): Promise<void>;
}

export interface HostileVendor {
  /** The sandbox type (src/sandbox/registry.ts). */
  type: string;
  name: string;
  start(session: Session): Promise<HostileDesk>;
}

export const HOSTILE_VENDORS: readonly HostileVendor[] = [
  {
    type: 'deskpro',
    name: 'DeskPRO',
    // The session's own simulator; the spec never closes it.
    async start({ simulator }) {
      const ticket = simulator.state.tickets.get(DESKPRO_HOSTILE_ID)!;
      const person = simulator.state.people.get(ticket.person)!;
      return {
        url: simulator.url,
        origin: new URL(simulator.url).origin,
        beaconHits: () => simulator.beaconHits,
        tickets: [{ ref: ticket.ref, subject: ticket.subject, messages: simulator.state.ticketMessages.get(ticket.id)?.length ?? 0, requester: person.name }],
        cannedReplies: false,
        add: (page) => addDeskproHelpdesk(page, { url: simulator.url, secret: simulator.apiKey }),
        close: async () => undefined,
      };
    },
  },
  {
    type: 'jitbit',
    name: 'Jitbit',
    async start() {
      const sim = await startJitbitSimulator({ port: 0 });
      registerSimulatorSecrets('hostile Jitbit', sim);
      const ticket = sim.state.tickets.get(JITBIT_HOSTILE_ID)!;
      const user = sim.state.users.get(ticket.userId)!;
      return {
        url: sim.url,
        origin: new URL(sim.url).origin,
        beaconHits: () => sim.beaconHits,
        tickets: [
          {
            ref: `#${ticket.id}`,
            subject: ticket.subject,
            messages: (ticket.body.trim() !== '' ? 1 : 0) + jitbitComments(sim.state, ticket.id).length,
            requester: `${user.firstName} ${user.lastName}`,
            status: jitbitStatus(sim.state, ticket.statusId),
          },
        ],
        cannedReplies: true,
        add: (page) => finishAddLoginHelpdesk(page, { type: 'Jitbit Helpdesk', url: sim.url, username: sim.username, password: sim.password }),
        close: () => sim.close(),
      };
    },
  },
  {
    type: 'deskdirector',
    name: 'DeskDirector',
    async start() {
      const sim = await startDeskdirectorSimulator({ port: 0 });
      registerSimulatorSecrets('hostile DeskDirector', sim);
      const ticket = sim.state.tickets.get(DESKDIRECTOR_HOSTILE_ID)!;
      const contact = sim.state.contacts.get(ticket.contactId ?? -1);
      return {
        url: sim.url,
        origin: new URL(sim.url).origin,
        beaconHits: () => sim.beaconHits,
        tickets: [
          {
            ref: `#${ticket.id}`,
            subject: ticket.summary,
            messages: (ticket.description.trim() !== '' ? 1 : 0) + notesOf(sim.state, ticket.id).length,
            requester: contact?.name ?? '',
            status: deskdirectorStatus(sim.state, ticket.statusId)?.name,
          },
        ],
        cannedReplies: false,
        add: async (page) => {
          await finishAddMethodHelpdesk(page, { type: 'DeskDirector', url: sim.url, method: 'API key', secret: sim.apiKey });
        },
        close: () => sim.close(),
      };
    },
  },
  {
    type: 'diamantedesk',
    name: 'DiamanteDesk',
    async start() {
      const sim = await startDiamantedeskSimulator({ port: 0 });
      registerSimulatorSecrets('hostile DiamanteDesk', sim);
      const ticket = sim.state.tickets.get(DIAMANTEDESK_HOSTILE_ID)!;
      const comments = sim.state.ticketComments.get(ticket.id)?.length ?? 0;
      const reporter = personOf(sim.state, ticket.reporter);
      return {
        url: sim.url,
        origin: new URL(sim.url).origin,
        beaconHits: () => sim.beaconHits,
        tickets: [
          {
            ref: ticketKey(sim.state, ticket),
            subject: ticket.subject,
            messages: (ticket.description.trim() !== '' || ticket.attachmentIds.length > 0 ? 1 : 0) + comments,
            requester: reporter ? `${reporter.firstName} ${reporter.lastName}` : '',
          },
        ],
        cannedReplies: false,
        add: (page) => finishAddLoginHelpdesk(page, { type: 'DiamanteDesk', url: sim.url, username: sim.username, password: sim.apiKey }),
        close: () => sim.close(),
      };
    },
  },
];

/** Adds `desk` through the title bar's Add Helpdesk…. */
export async function addHostileDesk(page: Page, desk: HostileDesk): Promise<void> {
  await openAddHelpdesk(page);
  await desk.add(page);
}

// ---- what the webviews did ----------------------------------------------------------------

/** A frame inside a webview (VS Code's outer iframe, the content frame, anything they hold). */
function inWebview(frame: Frame | null): boolean {
  for (let at = frame; at; at = at.parentFrame()) if (/\/webview\//i.test(at.url()) || /vscode-webview/i.test(at.url())) return true;
  return false;
}

function frameOf(request: Request): Frame | null {
  try {
    return request.frame();
  } catch {
    // A service worker's own request has no frame.
    return null;
  }
}

export interface WebviewWatch {
  /** Requests from webview frames to anything but the workbench's own server and webview resources, and any beacon request. */
  foreignRequests: string[];
  /** Navigations of the workbench or of any webview frame since `armNavigations`. */
  navigations: string[];
  /** Frames a webview's content created (iframes, objects) since `armNavigations`. */
  newFrames: string[];
  /** CSP reports in the console, with the step they came in and the page that reported them: blocked, as designed, but counted. */
  cspViolations: string[];
  /** The step now under way, for the reports. */
  step: string;
  /** From now on a navigation counts (opening a panel navigates its frames once). */
  armNavigations(): void;
  stop(): void;
}

/**
 * Watches the page: `ownOrigin` is code-server's (the workbench and the webviews' own
 * files come from it, or from VS Code's webview resource host).
 */
export function watchWebviews(page: Page, ownOrigin: string): WebviewWatch {
  const watch: WebviewWatch = { foreignRequests: [], navigations: [], newFrames: [], cspViolations: [], step: 'start', armNavigations: () => (armed = true), stop: () => undefined };
  let armed = false;
  const own = (url: string): boolean => {
    if (/^(data|blob|about):/i.test(url)) return true;
    const parsed = new URL(url);
    return parsed.origin === ownOrigin || /(^|\.)vscode-cdn\.net$/i.test(parsed.hostname) || /^vscode-(webview|resource)/i.test(parsed.protocol);
  };
  const onRequest = (request: Request): void => {
    const url = request.url();
    const frame = frameOf(request);
    if (url.includes('/__beacon') || (inWebview(frame) && !own(url))) watch.foreignRequests.push(`${request.method()} ${url}`);
  };
  const onNavigated = (frame: Frame): void => {
    if (armed && (frame === page.mainFrame() || inWebview(frame))) watch.navigations.push(frame.url());
  };
  const onAttached = (frame: Frame): void => {
    if (armed && inWebview(frame.parentFrame())) watch.newFrames.push(frame.url() || frame.name() || '(new frame)');
  };
  const onConsole = (message: ConsoleMessage): void => {
    if (!/Content Security Policy|Refused to/i.test(message.text())) return;
    const where = message.location().url.replace(/\?.*$/, '');
    watch.cspViolations.push(`${watch.step} (${where.slice(-60)}): ${message.text().split('\n')[0] as string}`);
  };
  page.context().on('request', onRequest);
  page.on('framenavigated', onNavigated);
  page.on('frameattached', onAttached);
  page.on('console', onConsole);
  watch.stop = () => {
    page.context().off('request', onRequest);
    page.off('framenavigated', onNavigated);
    page.off('frameattached', onAttached);
    page.off('console', onConsole);
  };
  return watch;
}

/** What in the panel's content could run or load: none of it may survive rendering. */
export async function liveContent(frame: Frame): Promise<{ scripts: number; handlers: string[]; embeds: string[]; links: string[]; sources: string[] }> {
  return frame.evaluate(() => {
    const content = [...document.querySelectorAll('main *, .app *')];
    return {
      scripts: document.querySelectorAll('main script, .messages script, .composer-preview script').length,
      handlers: content.flatMap((element) => element.getAttributeNames().filter((name) => /^on/i.test(name)).map((name) => `${element.tagName}[${name}]`)),
      // Scoped to what vendors wrote (and the preview of it): the panel's own buttons are not content.
      embeds: [...document.querySelectorAll(':is(.message-body, .composer-preview) :is(iframe, frame, object, embed, form, meta, style, base, link, svg, math, template, noscript, input, button, textarea, select, video, audio, picture, source)')].map((element) => element.tagName),
      links: [...document.querySelectorAll(':is(.message-body, .composer-preview) a[href]')].map((a) => a.getAttribute('href') ?? '').filter((href) => !/^(https?:\/\/|mailto:)/i.test(href)),
      sources: [...document.querySelectorAll(':is(.message-body, .composer-preview) :is([src], [srcset], [background], [poster])')].map((element) => element.getAttribute('src') ?? element.tagName).filter((src) => !/^data:image\//i.test(src)),
    };
  });
}
