// What the user answered, once per helpdesk, about starting work: which status means
// "I'm working on it" (or none), and whether to take the ticket. Kept in globalState (per
// user, like the helpdesks themselves), read defensively. Pure.
import type { MementoLike } from '../code/recentTickets';

export type StatusChoice = { readonly statusId: string; readonly name: string } | { readonly none: true };

export interface WorkChoices {
  readonly status?: StatusChoice;
  readonly assign?: boolean;
}

const KEY = 'helpdesk.work.choices';

export class WorkChoiceStore {
  constructor(private readonly memento: MementoLike) {}

  get(instanceId: string): WorkChoices {
    return this.read()[instanceId] ?? {};
  }

  async setStatus(instanceId: string, status: StatusChoice): Promise<void> {
    await this.update(instanceId, { status });
  }

  async setAssign(instanceId: string, assign: boolean): Promise<void> {
    await this.update(instanceId, { assign });
  }

  /** Forgets the answers (all helpdesks' without an id): the next Start Work asks again. */
  async forget(instanceId?: string): Promise<void> {
    if (instanceId === undefined) return void (await this.memento.update(KEY, undefined));
    const { [instanceId]: _gone, ...rest } = this.read();
    await this.memento.update(KEY, rest);
  }

  instanceIds(): string[] {
    return Object.keys(this.read());
  }

  private async update(instanceId: string, change: WorkChoices): Promise<void> {
    const all = this.read();
    await this.memento.update(KEY, { ...all, [instanceId]: { ...all[instanceId], ...change } });
  }

  private read(): Record<string, WorkChoices> {
    return readChoices(this.memento.get<unknown>(KEY));
  }
}

export function readChoices(value: unknown): Record<string, WorkChoices> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const result: Record<string, WorkChoices> = {};
  for (const [instanceId, raw] of Object.entries(value as Record<string, unknown>)) {
    if (typeof raw !== 'object' || raw === null) continue;
    const { status, assign } = raw as Record<string, unknown>;
    const choices: { status?: StatusChoice; assign?: boolean } = {};
    const parsed = readStatus(status);
    if (parsed) choices.status = parsed;
    if (typeof assign === 'boolean') choices.assign = assign;
    result[instanceId] = choices;
  }
  return result;
}

function readStatus(value: unknown): StatusChoice | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { statusId, name, none } = value as Record<string, unknown>;
  if (none === true) return { none: true };
  if (typeof statusId === 'string' && statusId !== '') return { statusId, name: typeof name === 'string' ? name : statusId };
  return undefined;
}
