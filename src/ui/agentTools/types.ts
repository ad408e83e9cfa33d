// What every agent tool is, without the editor: its input is parsed at the edge, its
// result is text. src/ui/agentTools/index.ts registers them with vscode.lm.
export interface ToolConfirmation {
  title: string;
  /** Markdown. */
  message: string;
}

export interface ToolPreparation {
  invocationMessage: string;
  confirmation?: ToolConfirmation;
}

export interface AgentTool<Input> {
  /** The `name` in package.json's languageModelTools. */
  readonly name: string;
  /** Checks and narrows what the model sent; throws ToolRefusal with the reason. */
  parse(raw: unknown): Input;
  prepare(input: Input): Promise<ToolPreparation> | ToolPreparation;
  invoke(input: Input, signal?: AbortSignal): Promise<string>;
}

/** A call the tool turns down, with the reason for the model (and the user reading along). */
export class ToolRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolRefusal';
  }
}

export function record(raw: unknown): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ToolRefusal('The input must be an object.');
  return raw as Record<string, unknown>;
}

export function optionalString(fields: Record<string, unknown>, name: string, maxChars = 500): string | undefined {
  const value = fields[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ToolRefusal(`"${name}" must be a string.`);
  const trimmed = value.trim();
  if (trimmed.length > maxChars) throw new ToolRefusal(`"${name}" is longer than ${maxChars} characters.`);
  return trimmed === '' ? undefined : trimmed;
}

export function requiredString(fields: Record<string, unknown>, name: string, maxChars = 500): string {
  const value = optionalString(fields, name, maxChars);
  if (value === undefined) throw new ToolRefusal(`"${name}" is required.`);
  return value;
}

export function optionalInteger(fields: Record<string, unknown>, name: string, min: number, max: number): number | undefined {
  const value = fields[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ToolRefusal(`"${name}" must be a number.`);
  return Math.min(max, Math.max(min, Math.round(value)));
}
