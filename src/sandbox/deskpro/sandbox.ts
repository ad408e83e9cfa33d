// DeskPRO's entry in the sandbox registry: the simulator as a ready-made instance.
import type { SandboxEntry } from '../types';
import { DEFAULT_SEED } from './data';
import { startDeskproSimulator } from './server';

export const deskproSandbox: SandboxEntry = {
  type: 'deskpro',
  async start({ port = 0, host, seed = DEFAULT_SEED }) {
    const simulator = await startDeskproSimulator({ port, host, seed });
    return {
      instance: {
        config: { id: 'sandbox-deskpro', label: 'Sandbox · DeskPRO', type: 'deskpro', baseUrl: simulator.url },
        credentials: { secret: simulator.apiKey },
      },
      describe: () => [
        `DeskPRO API v2 simulator listening on ${simulator.url}  (API: ${simulator.url}/api/v2/)`,
        `  API key:        ${simulator.apiKey}   (Authorization: key ${simulator.apiKey})`,
        `  API token:      ${simulator.apiToken}`,
        `  restricted key: ${simulator.restrictedApiKey}   (not an agent: 403 on agent routes)`,
        `  signed in as:   ${simulator.me.name} <${simulator.me.email}> (person ${simulator.me.id})`,
        `  seed data:      ${simulator.state.tickets.size} tickets, generated in ${simulator.state.generatedInMs.toFixed(0)} ms`,
      ],
      close: () => simulator.close(),
    };
  },
};
