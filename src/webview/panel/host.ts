// The one door to the extension host: typed posts and the panel's saved state.
import { type PanelState, type WebviewToHost, isDraft } from '../../shared/protocol/panel';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** The host actions an error can offer as a button. */
export type { HostCommand } from '../../shared/protocol/panel';

export interface Host {
  post(message: WebviewToHost): void;
  /** What a reload left behind; fields are absent when nothing (valid) was saved. */
  savedState(): Partial<PanelState>;
  saveState(patch: Partial<PanelState>): void;
}

/** The saved state is whatever an older version of this page wrote: read it field by field. */
function readState(raw: unknown): Partial<PanelState> {
  if (typeof raw !== 'object' || raw === null) return {};
  const state = raw as Record<string, unknown>;
  const result: Partial<PanelState> = {};
  if (typeof state.instanceId === 'string') result.instanceId = state.instanceId;
  if (typeof state.ticketId === 'string') result.ticketId = state.ticketId;
  if (isDraft(state.draft)) result.draft = state.draft;
  return result;
}

export function connectToHost(): Host {
  // acquireVsCodeApi may be called once per page load.
  const api = acquireVsCodeApi();
  let state = readState(api.getState());
  return {
    post: (message) => api.postMessage(message),
    savedState: () => state,
    saveState(patch) {
      state = { ...state, ...patch };
      api.setState(state);
    },
  };
}
