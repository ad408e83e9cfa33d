// DiamanteDesk's entry in the sandbox registry: the simulator as a ready-made instance.
import { sandboxEntry } from '../types';
import { diamantedeskActivity, DIAMANTEDESK_PERSIST } from './activity';
import { DEFAULT_SEED } from './data';
import { startDiamantedeskSimulator } from './server';

export const diamantedeskSandbox = sandboxEntry(
  'diamantedesk',
  'DiamanteDesk',
  // Totals as a helpdesk without the real server's count bug would give (see the simulator).
  ({ port = 0, host, seed = DEFAULT_SEED, epoch, onChange }) => startDiamantedeskSimulator({ port, host, seed, epoch, onChange, ticketTotal: 'any-filter' }),
  (simulator) => ({
    credentials: { username: simulator.username, secret: simulator.apiKey },
    describe: [
      `DiamanteDesk simulator listening on ${simulator.url}  (API: ${simulator.url}/api/rest/latest/desk/)`,
      `  WSSE user:      ${simulator.username}   API key: ${simulator.apiKey}`,
      `  signed in as:   ${simulator.me.name} <${simulator.me.email}> (${simulator.me.typedId})`,
      `  seed data:      ${simulator.state.tickets.size} tickets`,
    ],
  }),
  { persist: DIAMANTEDESK_PERSIST, activity: diamantedeskActivity },
);
