// Pieces the UI-layer tests (real providers and UI classes, no VS Code) wire together:
// credentials kept in memory, a panel host that only records what the panel posts, and
// a ticket panel over a live connection with its drafts in memory.
import { silentLogger } from '../../src/helpdesk/log';
import { markdownToHtml, renderBody } from '../../src/helpdesk/render';
import type { HostToWebview } from '../../src/shared/protocol/panel';
import type { Connection, CredentialSource, StoredCredentials } from '../../src/ui/instances/connections';
import { type PanelHost, TicketPanelController } from '../../src/ui/panel/controller';
import { MementoDraftStore } from '../../src/ui/panel/draftStore';

/** SecretStorage stand-in: `values` is what is stored, per instance id. */
export class MemoryCredentials implements CredentialSource {
  readonly values = new Map<string, StoredCredentials>();
  async get(id: string) {
    return this.values.get(id);
  }
  async markRejected(id: string, expiredMessage?: string) {
    const current = this.values.get(id);
    if (current) this.values.set(id, { ...current, rejected: true, ...(expiredMessage !== undefined && { expired: expiredMessage }) });
  }
}

/** A panel host that pushes every posted message onto `posted` and ignores everything else. */
export function recordingPanelHost(posted: HostToWebview[]): PanelHost {
  return {
    post: (message) => posted.push(message),
    setTitle: () => undefined,
    reloadWithRemoteImages: () => undefined,
    pickFiles: async () => [],
    pickSaveTarget: async () => undefined,
    writeFile: async () => undefined,
    downloaded: () => undefined,
    openExternal: () => undefined,
    setCredentials: () => undefined,
    ticketChanged: () => undefined,
  };
}

export interface ConnectedPanelOptions {
  instanceId: string;
  ticketId: string;
  /** Looked up on every use, as the panel manager does, so a rebuilt connection is picked up. */
  connection: () => Connection;
  host: PanelHost;
  now: () => number;
}

/** A ticket panel controller over a live connection, rendering for real, drafts in memory. */
export function connectedPanel(options: ConnectedPanelOptions): TicketPanelController {
  const { connection } = options;
  const store = new Map<string, unknown>();
  return new TicketPanelController({
    instanceId: options.instanceId,
    ticketId: options.ticketId,
    session: {
      get label() {
        return connection().label;
      },
      acquire: () => connection().acquire(),
      run: (request) => connection().run(request),
      referenceData: () => connection().referenceData(),
    },
    host: options.host,
    drafts: new MementoDraftStore({ get: <T>(key: string) => store.get(key) as T | undefined, update: async (key, value) => void store.set(key, value) }),
    render: { renderBody, markdownToHtml },
    maxAttachmentBytes: () => 1_000_000,
    log: silentLogger,
    now: options.now,
  });
}
