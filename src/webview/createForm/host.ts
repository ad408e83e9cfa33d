// The form page's one door to the extension host, and the values it keeps across a reload
// of the page (VS Code rebuilds a webview's page when it moves between editor groups).
import type { FormToHost, FormValues } from '../../shared/protocol/createForm';
import { isFormValues } from '../../shared/protocol/createForm';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface FormHostLink {
  post(message: FormToHost): void;
  savedValues(): FormValues | undefined;
  saveValues(values: FormValues): void;
}

export function connectToHost(): FormHostLink {
  const api = acquireVsCodeApi();
  const saved = (api.getState() as { values?: unknown } | undefined)?.values;
  let values = isFormValues(saved) ? saved : undefined;
  return {
    post: (message) => api.postMessage(message),
    savedValues: () => values,
    saveValues(next) {
      values = next;
      api.setState({ values });
    },
  };
}
