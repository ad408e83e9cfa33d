// DeskDirector's entry in the sandbox registry: the simulator as a ready-made instance,
// connected with its API key (admin-equivalent, the documented way to reach the API).
import { sandboxEntry } from '../types';
import { deskdirectorActivity, DESKDIRECTOR_PERSIST } from './activity';
import { DEFAULT_SEED } from './data';
import { startDeskdirectorSimulator } from './server';

export const deskdirectorSandbox = sandboxEntry(
  'deskdirector',
  'DeskDirector',
  ({ port = 0, host, seed = DEFAULT_SEED, epoch, onChange }) => startDeskdirectorSimulator({ port, host, seed, epoch, onChange }),
  (simulator) => ({
    credentials: { secret: simulator.apiKey },
    describe: [
      `DeskDirector simulator listening on ${simulator.url}  (OpenAPI: ${simulator.swaggerUrl})`,
      `  API key:        ${simulator.apiKey}   (Authorization: DdApi ${simulator.apiKey})`,
      `  TECH token:     ${simulator.techToken}   (Authorization: Basic ${simulator.techToken})`,
      `  signed in as:   ${simulator.me.name} <${simulator.me.email}> (member ${simulator.me.id})`,
      `  seed data:      ${simulator.state.tickets.size} tickets; notes route ${simulator.notesRoute ? 'offered' : 'not offered'}`,
      // The API key reaches the Public and Admin APIs only (vendor article); the note and file routes are TECH ones.
      '  notes, files:   connect with the TECH token (authMethod "techToken") to add them; the API key creates and updates tickets',
    ],
  }),
  { persist: DESKDIRECTOR_PERSIST, activity: deskdirectorActivity },
);
