// The sandbox: simulated helpdesks a new user can try without an account. Its code is
// a separate bundle (dist/sandbox.js), loaded only when the user turns it on, so it
// costs nothing otherwise. Its instances live in memory and never reach settings.
import * as path from 'node:path';
import type { Logger } from '../../helpdesk/log';
import type { Credentials } from '../../helpdesk/model';
// Types only: the simulators stay in their own bundle, loaded below when asked for.
import type { RunningSandbox } from '../../sandbox/types';
import type { InstanceEntry } from './instanceValidation';

/** What dist/sandbox.js exports (src/sandbox/index.ts). */
interface SandboxModule {
  startSandbox(): Promise<RunningSandbox>;
}

export class SandboxHost {
  private running: RunningSandbox | undefined;
  private starting: Promise<RunningSandbox> | undefined;

  constructor(
    private readonly extensionPath: string,
    private readonly log: Logger,
  ) {}

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.starting ??= this.load().finally(() => (this.starting = undefined));
    const running = await this.starting;
    this.running = running;
    this.log.info(`sandbox started: ${running.instances.map((i) => `${i.config.id} at ${i.config.baseUrl}`).join(', ')}`);
  }

  async stop(): Promise<void> {
    const running = this.running ?? (this.starting ? await this.starting.catch(() => undefined) : undefined);
    this.running = undefined;
    if (!running) return;
    try {
      await running.close();
      this.log.info('sandbox stopped');
    } catch (error) {
      this.log.warn(`sandbox did not stop cleanly: ${String(error)}`);
    }
  }

  entries(): InstanceEntry[] {
    return (this.running?.instances ?? []).map((instance) => ({ ok: true, config: instance.config }));
  }

  credentialsFor(instanceId: string): Credentials | undefined {
    return this.running?.instances.find((instance) => instance.config.id === instanceId)?.credentials;
  }

  private async load(): Promise<RunningSandbox> {
    const modulePath = path.join(this.extensionPath, 'dist', 'sandbox.js');
    // A computed path keeps esbuild from bundling the simulators into extension.js.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(modulePath) as Partial<SandboxModule>;
    if (typeof loaded.startSandbox !== 'function') throw new Error(`${modulePath} does not export startSandbox()`);
    return loaded.startSandbox();
  }
}
