// One step of a multi-step input (quick pick or input box) with a Back button, so a
// flow can go back a step without losing what the user typed.
import * as vscode from 'vscode';

export type StepResult<T> = { kind: 'value'; value: T } | { kind: 'back' } | { kind: 'cancel' };

interface StepFrame {
  title: string;
  step: number;
  totalSteps: number;
  canGoBack: boolean;
}

export interface PickStep<T extends vscode.QuickPickItem> extends StepFrame {
  items: readonly T[];
  placeholder: string;
  active?: T;
}

export function pickStep<T extends vscode.QuickPickItem>(options: PickStep<T>): Promise<StepResult<T>> {
  const pick = vscode.window.createQuickPick<T>();
  applyFrame(pick, options);
  pick.placeholder = options.placeholder;
  pick.items = options.items;
  pick.matchOnDescription = true;
  if (options.active) pick.activeItems = [options.active];
  return new Promise<StepResult<T>>((resolve) => {
    let settled = false;
    const finish = (result: StepResult<T>) => {
      if (settled) return;
      settled = true;
      resolve(result);
      pick.dispose();
    };
    pick.onDidTriggerButton((button) => {
      if (button === vscode.QuickInputButtons.Back) finish({ kind: 'back' });
    });
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0] ?? pick.activeItems[0];
      if (chosen) finish({ kind: 'value', value: chosen });
    });
    pick.onDidHide(() => finish({ kind: 'cancel' }));
    pick.show();
  });
}

export interface InputStep extends StepFrame {
  prompt: string;
  placeholder?: string;
  value?: string;
  password?: boolean;
  /** Returns an error text, or undefined when the value is acceptable. Runs as the user types. */
  validate?: (value: string) => string | undefined;
  /** Empty input is accepted (optional fields). */
  allowEmpty?: boolean;
}

export function inputStep(options: InputStep): Promise<StepResult<string>> {
  const input = vscode.window.createInputBox();
  applyFrame(input, options);
  input.prompt = options.prompt;
  input.placeholder = options.placeholder;
  input.value = options.value ?? '';
  input.password = options.password === true;
  const check = (value: string): string | undefined => {
    if (value.trim() === '') return options.allowEmpty ? undefined : '';
    return options.validate?.(value.trim());
  };
  const initial = input.value === '' ? undefined : check(input.value);
  if (initial) input.validationMessage = initial;
  return new Promise<StepResult<string>>((resolve) => {
    let settled = false;
    const finish = (result: StepResult<string>) => {
      if (settled) return;
      settled = true;
      resolve(result);
      input.dispose();
    };
    input.onDidTriggerButton((button) => {
      if (button === vscode.QuickInputButtons.Back) finish({ kind: 'back' });
    });
    input.onDidChangeValue((value) => {
      input.validationMessage = check(value) || undefined;
    });
    input.onDidAccept(() => {
      const problem = check(input.value);
      if (problem !== undefined) {
        input.validationMessage = problem || undefined;
        return;
      }
      finish({ kind: 'value', value: input.value.trim() });
    });
    input.onDidHide(() => finish({ kind: 'cancel' }));
    input.show();
  });
}

function applyFrame(input: vscode.QuickInput & { buttons: readonly vscode.QuickInputButton[] }, frame: StepFrame): void {
  input.title = frame.title;
  input.step = frame.step;
  input.totalSteps = frame.totalSteps;
  input.ignoreFocusOut = true;
  input.buttons = frame.canGoBack ? [vscode.QuickInputButtons.Back] : [];
}
