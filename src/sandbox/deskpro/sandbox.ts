// DeskPRO's entry in the sandbox registry: the simulator as a ready-made instance.
import { sandboxEntry } from '../types';
import { deskproActivity, DESKPRO_PERSIST } from './activity';
import { DEFAULT_SEED } from './data';
import { startDeskproSimulator } from './server';

export const deskproSandbox = sandboxEntry(
  'deskpro',
  'DeskPRO',
  ({ port = 0, host, seed = DEFAULT_SEED, epoch, onChange }) => startDeskproSimulator({ port, host, seed, epoch, onChange }),
  (simulator) => ({
    credentials: { secret: simulator.apiKey },
    describe: [
      `DeskPRO API v2 simulator listening on ${simulator.url}  (API: ${simulator.url}/api/v2/)`,
      `  API key:        ${simulator.apiKey}   (Authorization: key ${simulator.apiKey})`,
      `  API token:      ${simulator.apiToken}`,
      `  restricted key: ${simulator.restrictedApiKey}   (not an agent: 403 on agent routes)`,
      `  signed in as:   ${simulator.me.name} <${simulator.me.email}> (person ${simulator.me.id})`,
      `  seed data:      ${simulator.state.tickets.size} tickets, generated in ${simulator.state.generatedInMs.toFixed(0)} ms`,
    ],
  }),
  { persist: DESKPRO_PERSIST, activity: deskproActivity },
);
