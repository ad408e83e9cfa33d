// The helpdesks of the fault matrix, off the measured event loop: every registered
// simulator with a fault proxy in front, run in a worker thread and driven by messages
// (see FaultLab in lab.ts for the other side).
import { parentPort } from 'node:worker_threads';
import { sandboxEntries } from '../../../src/sandbox/registry';
import type { StartedSimulator } from '../../../src/sandbox/types';
import type { FaultId, FaultTarget } from './catalog';
import { FaultProxy } from './proxy';
import type { LabHelpdesk, LabReply, LabRequest } from './protocol';

const port = parentPort;
if (!port) throw new Error('worker.ts runs in a worker thread');

const running = new Map<string, { simulator: StartedSimulator; proxy: FaultProxy }>();

async function start(): Promise<LabHelpdesk[]> {
  const helpdesks: LabHelpdesk[] = [];
  for (const entry of sandboxEntries) {
    const simulator = await entry.start({ port: 0 });
    const upstream = new URL(simulator.instance.config.baseUrl);
    const proxy = new FaultProxy(upstream.origin);
    await proxy.listen();
    running.set(entry.type, { simulator, proxy });
    // The instance's address with the proxy's origin: a path part (`/helpdesk`) stays.
    const baseUrl = `${proxy.origin}${upstream.pathname === '/' ? '' : upstream.pathname}${upstream.search}`;
    helpdesks.push({ type: entry.type, config: { ...simulator.instance.config, baseUrl }, credentials: simulator.instance.credentials });
  }
  return helpdesks;
}

function proxyOf(type: string): FaultProxy {
  const found = running.get(type);
  if (!found) throw new Error(`no helpdesk of type ${type} is running`);
  return found.proxy;
}

async function perform(request: LabRequest): Promise<unknown> {
  switch (request.command) {
    case 'start':
      return start();
    case 'arm':
      return proxyOf(request.type).arm(request.fault as FaultId, request.target as FaultTarget);
    case 'disarm':
      return proxyOf(request.type).disarm();
    case 'down':
      return proxyOf(request.type).down();
    case 'up':
      return proxyOf(request.type).up();
    case 'records':
      return proxyOf(request.type).records.slice(request.from);
    case 'mark':
      return proxyOf(request.type).records.length;
    case 'close':
      await Promise.all([...running.values()].map(async ({ simulator, proxy }) => {
        await proxy.close();
        await simulator.close();
      }));
      running.clear();
      return undefined;
  }
}

port.on('message', (request: LabRequest) => {
  perform(request).then(
    (value) => port.postMessage({ id: request.id, ok: true, value } satisfies LabReply),
    (error: unknown) => port.postMessage({ id: request.id, ok: false, error: error instanceof Error ? error.stack ?? error.message : String(error) } satisfies LabReply),
  );
});
