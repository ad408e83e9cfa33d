// The suite's handle on the worker that runs the simulators and their fault proxies
// (worker.ts): the helpdesks never share the event loop whose blocks the suite measures.
import { Worker } from 'node:worker_threads';
import type { FaultId, FaultTarget, ProxyRecord } from './catalog';
import type { LabHelpdesk, LabReply, LabRequest } from './protocol';

type Command = LabRequest extends infer R ? (R extends LabRequest ? Omit<R, 'id'> : never) : never;

export class FaultLab {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: LabReply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.ok) waiting?.resolve(reply.value);
      else waiting?.reject(new Error(`fault lab: ${reply.error}`));
    });
    worker.on('error', (error) => {
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    });
  }

  /** Starts the worker (TypeScript through tsx, as the suite itself runs) and every registered simulator. */
  static async start(): Promise<{ lab: FaultLab; helpdesks: LabHelpdesk[] }> {
    const source = `require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(require.resolve('./worker.ts'))});`;
    const lab = new FaultLab(new Worker(source, { eval: true }));
    const helpdesks = (await lab.send({ command: 'start' })) as LabHelpdesk[];
    return { lab, helpdesks };
  }

  arm(type: string, fault: FaultId, target: FaultTarget): Promise<unknown> {
    return this.send({ command: 'arm', type, fault, target });
  }

  disarm(type: string): Promise<unknown> {
    return this.send({ command: 'disarm', type });
  }

  /** The proxy stops listening: connections are refused until up(). */
  down(type: string): Promise<unknown> {
    return this.send({ command: 'down', type });
  }

  up(type: string): Promise<unknown> {
    return this.send({ command: 'up', type });
  }

  /** Where the proxy's log ends now, for records(). */
  async mark(type: string): Promise<number> {
    return (await this.send({ command: 'mark', type })) as number;
  }

  async records(type: string, from: number): Promise<ProxyRecord[]> {
    return (await this.send({ command: 'records', type, from })) as ProxyRecord[];
  }

  async close(): Promise<void> {
    try {
      await this.send({ command: 'close' });
    } finally {
      await this.worker.terminate();
    }
  }

  private send(command: Command): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...command, id });
    });
  }
}
