// The sandbox: simulated helpdesks a new user can try without an account. Its code is
// a separate bundle (dist/sandbox.js), loaded only when the user turns it on, so it
// costs nothing otherwise. Its instances live in memory and never reach settings; their
// data is kept in the extension's global storage (a file per vendor), so what you did
// survives a window reload. Reset Sandbox brings back the seed; Stop Sandbox removes
// its roots and their secrets.
import * as path from 'node:path';
import type { Logger } from '../../helpdesk/log';
import type { Credentials } from '../../helpdesk/model';
// Types only: the simulators stay in their own bundle, loaded below when asked for.
import type { SandboxNotice, SandboxOptions } from '../../sandbox/index';
import type { RunningSandbox } from '../../sandbox/types';
import type { InstanceEntry } from './instanceValidation';

/** What dist/sandbox.js exports (src/sandbox/index.ts). */
export interface SandboxModule {
  startSandbox(options?: SandboxOptions): Promise<RunningSandbox>;
  resetSandboxData(storageDir: string): Promise<void>;
}

export interface SandboxHostOptions {
  /** Where the simulators keep their data (context.globalStorageUri.fsPath); none: nothing is kept. */
  storageDir?: string;
  /** Whether live activity is on (setting helpdesk.sandbox.liveActivity), read at each start. */
  liveActivity?: () => boolean;
  /** Tells the user what they should know (saved data that had to be reset). */
  notify?: (notice: SandboxNotice) => void;
  /** Loads the sandbox bundle; default dist/sandbox.js under the extension (tests pass the sources). */
  load?: () => SandboxModule;
}

export class SandboxHost {
  private running: RunningSandbox | undefined;
  private starting: Promise<RunningSandbox> | undefined;

  constructor(
    private readonly extensionPath: string,
    private readonly log: Logger,
    private readonly options: SandboxHostOptions = {},
  ) {}

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.starting ??= this.launch().finally(() => (this.starting = undefined));
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

  /** Forgets everything the simulators saved; a running sandbox starts again from the seed. */
  async reset(): Promise<void> {
    const wasRunning = this.running !== undefined || this.starting !== undefined;
    await this.stop();
    if (this.options.storageDir) await this.module().resetSandboxData(this.options.storageDir);
    this.log.info('sandbox data reset to the seed');
    if (wasRunning) await this.start();
  }

  /** Follows the live-activity setting without a restart. */
  setLiveActivity(on: boolean): void {
    this.running?.setLiveActivity(on);
  }

  entries(): InstanceEntry[] {
    return (this.running?.instances ?? []).map((instance) => ({ ok: true, config: instance.config }));
  }

  credentialsFor(instanceId: string): Credentials | undefined {
    return this.running?.instances.find((instance) => instance.config.id === instanceId)?.credentials;
  }

  private launch(): Promise<RunningSandbox> {
    return this.module().startSandbox({
      storageDir: this.options.storageDir,
      liveActivity: this.options.liveActivity?.() ?? false,
      log: (message) => this.log.info(message),
      onNotice: (notice) => this.options.notify?.(notice),
    });
  }

  private module(): SandboxModule {
    if (this.options.load) return this.options.load();
    const modulePath = path.join(this.extensionPath, 'dist', 'sandbox.js');
    // A computed path keeps esbuild from bundling the simulators into extension.js.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(modulePath) as Partial<SandboxModule>;
    if (typeof loaded.startSandbox !== 'function' || typeof loaded.resetSandboxData !== 'function') throw new Error(`${modulePath} does not export startSandbox() and resetSandboxData()`);
    return loaded as SandboxModule;
  }
}
