// Jitbit's entry in the sandbox registry: the simulator as a ready-made instance.
import { sandboxEntry } from '../types';
import { jitbitActivity, JITBIT_PERSIST } from './activity';
import { DEFAULT_SEED } from './data';
import { startJitbitSimulator } from './server';

export const jitbitSandbox = sandboxEntry(
  'jitbit',
  'Jitbit',
  ({ port = 0, host, seed = DEFAULT_SEED, epoch, onChange }) => startJitbitSimulator({ port, host, seed, epoch, onChange }),
  (simulator) => ({
    credentials: { username: simulator.username, secret: simulator.password },
    describe: [
      `Jitbit Helpdesk simulator listening on ${simulator.url}  (API: ${simulator.url}/api/)`,
      `  Basic auth:     ${simulator.username} / ${simulator.password}   (admin and technician)`,
      `  Bearer token:   ${simulator.token}`,
      `  AD account:     ${simulator.domainUsername} / ${simulator.domainPassword}   (technician, not admin)`,
      `  signed in as:   ${simulator.me.name} <${simulator.me.email}> (user ${simulator.me.id})`,
      `  seed data:      ${simulator.state.tickets.size} tickets, generated in ${simulator.state.generatedInMs.toFixed(0)} ms`,
      '  Three wrong logins from one IP lock it out for 5 minutes.',
    ],
  }),
  { persist: JITBIT_PERSIST, activity: jitbitActivity },
);
