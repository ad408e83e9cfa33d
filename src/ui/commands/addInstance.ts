// "Add Helpdesk…": type, address, (user name), secret, then a connection test before
// anything is saved. Every step can go back; a failed test can be edited or saved anyway.
import * as vscode from 'vscode';
import { toHelpdeskError } from '../../helpdesk/errors';
import type { Logger } from '../../helpdesk/log';
import type { Credentials, InstanceConfig } from '../../helpdesk/model';
import type { AuthMethodOption, ProviderDescriptor } from '../../helpdesk/provider';
import type { DescriptorCatalog } from '../instances/descriptors';
import { suggestInstanceId } from '../instances/instanceValidation';
import type { InstanceDirectory } from '../instances/directory';
import type { TransportOptions } from '../instances/transport';
import { inputStep, pickStep, type StepResult } from './quickInput';

export interface AddInstanceDeps {
  catalog: DescriptorCatalog;
  directory: InstanceDirectory;
  transport: () => TransportOptions;
  log: Logger;
  reveal: (instanceId: string) => Promise<void>;
}

interface TypeItem extends vscode.QuickPickItem {
  descriptor: ProviderDescriptor;
  supported: boolean;
}

interface MethodItem extends vscode.QuickPickItem {
  method: AuthMethodOption;
}

interface FlowState {
  typeItem?: TypeItem;
  url?: string;
  /** What the user typed, for settings the address implies. */
  typedUrl?: string;
  method?: MethodItem;
  username?: string;
  secret?: string;
}

type Step = 'type' | 'url' | 'method' | 'username' | 'secret' | 'test';

const title = () => vscode.l10n.t('Add Helpdesk');

export async function addInstance(deps: AddInstanceDeps): Promise<void> {
  const state: FlowState = {};
  const items = typeItems(deps.catalog);
  if (items.length === 0) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Helpdesk: no helpdesk types are available in this build.'));
    return;
  }
  let index = 0;
  for (;;) {
    const steps = stepsFor(state);
    const step = steps[index];
    if (step === undefined) return;
    const frame = { title: title(), step: index + 1, totalSteps: steps.length - 1, canGoBack: index > 0 };
    let result: StepResult<unknown>;
    switch (step) {
      case 'type': {
        const picked = await pickStep({ ...frame, items, placeholder: vscode.l10n.t('Which helpdesk do you use?'), active: state.typeItem });
        if (picked.kind === 'value' && !picked.value.supported) {
          void vscode.window.showInformationMessage(vscode.l10n.t('{0} is not supported yet.', picked.value.label));
          continue;
        }
        if (picked.kind === 'value') {
          if (picked.value.descriptor !== state.typeItem?.descriptor) state.method = undefined;
          state.typeItem = picked.value;
        }
        result = picked;
        break;
      }
      case 'url': {
        const descriptor = requireType(state).descriptor;
        result = await inputStep({
          ...frame,
          prompt: vscode.l10n.t('The address of your {0} as you open it in a browser', state.typeItem?.label ?? ''),
          placeholder: descriptor.urlPlaceholder,
          value: state.url,
          validate: (value) => urlProblem(descriptor, value),
        });
        if (result.kind === 'value') {
          state.typedUrl = result.value as string;
          state.url = descriptor.normalizeBaseUrl(state.typedUrl);
        }
        break;
      }
      case 'method': {
        const methods = methodItems(requireType(state).descriptor);
        const picked = await pickStep({ ...frame, items: methods, placeholder: vscode.l10n.t('How do you sign in?'), active: methods.find((item) => item.method.id === state.method?.method.id) });
        if (picked.kind === 'value') state.method = picked.value;
        result = picked;
        break;
      }
      case 'username': {
        const prompt = requireType(state).descriptor.credentialPrompt.username;
        result = await inputStep({
          ...frame,
          prompt: prompt?.prompt ?? vscode.l10n.t('User name'),
          placeholder: prompt?.placeholder,
          value: state.username,
          // Optional (Jitbit: empty means an API token follows); without this an empty box is refused.
          allowEmpty: prompt?.optional === true,
          validate: (value) => (value.trim() === '' && !prompt?.optional ? vscode.l10n.t('Required') : undefined),
        });
        if (result.kind === 'value') state.username = (result.value as string).trim();
        break;
      }
      case 'secret': {
        const prompt = state.method?.method.secret ?? requireType(state).descriptor.credentialPrompt.secret;
        result = await inputStep({ ...frame, prompt: prompt.prompt, placeholder: prompt.placeholder, password: true });
        if (result.kind === 'value') state.secret = result.value as string;
        break;
      }
      case 'test': {
        const outcome = await testAndSave(deps, state);
        if (outcome === 'edit') {
          index = steps.indexOf('url');
          continue;
        }
        return;
      }
    }
    if (result.kind === 'cancel') return;
    index = result.kind === 'back' ? Math.max(0, index - 1) : index + 1;
  }
}

function stepsFor(state: FlowState): Step[] {
  const prompt = state.typeItem?.descriptor.credentialPrompt;
  return [
    'type',
    'url',
    ...(prompt?.methods?.length ? (['method'] as const) : []),
    ...(prompt?.username !== undefined ? (['username'] as const) : []),
    'secret',
    'test',
  ];
}

function methodItems(descriptor: ProviderDescriptor): MethodItem[] {
  return (descriptor.credentialPrompt.methods ?? []).map((method) => ({ label: method.label, description: method.description, detail: method.detail, method }));
}

/** One entry per name, so a product sold under two names is found by either. */
function typeItems(catalog: DescriptorCatalog): TypeItem[] {
  const items: TypeItem[] = [];
  for (const descriptor of catalog.all()) {
    const supported = catalog.isSupported(descriptor.type);
    descriptor.names.forEach((name, position) => {
      const item: TypeItem = { label: name, descriptor, supported };
      if (!supported) item.description = vscode.l10n.t('Not yet supported');
      else if (position > 0) item.description = vscode.l10n.t('same as {0}', descriptor.names[0] ?? '');
      items.push(item);
    });
  }
  // Usable types first; the order within each group is the registry's.
  return [...items.filter((item) => item.supported), ...items.filter((item) => !item.supported)];
}

function urlProblem(descriptor: ProviderDescriptor, value: string): string | undefined {
  try {
    descriptor.normalizeBaseUrl(value);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function requireType(state: FlowState): TypeItem {
  if (!state.typeItem) throw new Error('helpdesk type not chosen');
  return state.typeItem;
}

async function testAndSave(deps: AddInstanceDeps, state: FlowState): Promise<'done' | 'edit'> {
  const typeItem = requireType(state);
  const descriptor = typeItem.descriptor;
  const url = state.url ?? '';
  const config: InstanceConfig = {
    id: suggestInstanceId(url, deps.directory.takenIds()),
    label: hostOf(url),
    type: descriptor.type,
    baseUrl: url,
    ...(state.typedUrl !== undefined ? descriptor.settingsFromAddress?.(state.typedUrl) : {}),
  };
  if (state.method) config.authMethod = state.method.method.id;
  const credentials: Credentials = { secret: state.secret ?? '' };
  if (state.username) credentials.username = state.username;

  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Connecting to {0}…', config.label), cancellable: true },
    async (_progress, token) => {
      const provider = descriptor.create({ config, credentials, log: deps.log, http: deps.transport() });
      try {
        const me = await provider.whoAmI();
        return { ok: true as const, me: me.name, cancelled: token.isCancellationRequested };
      } catch (error) {
        return { ok: false as const, error: toHelpdeskError(error), cancelled: token.isCancellationRequested };
      } finally {
        provider.dispose().catch(() => undefined);
      }
    },
  );
  if (outcome.cancelled) return 'done';

  if (!outcome.ok) {
    deps.log.warn(`add helpdesk: connection test to ${config.baseUrl} failed (${outcome.error.kind}): ${outcome.error.message}`);
    const lockout = descriptor.lockoutWarning ? ` ${descriptor.lockoutWarning}` : '';
    const hint = outcome.error.kind === 'auth'
      ? ` ${vscode.l10n.t('Check the credentials.')}${lockout}`
      : outcome.error.kind === 'network' || outcome.error.kind === 'timeout' ? ` ${vscode.l10n.t('Check the address and your proxy settings.')}` : '';
    const edit = vscode.l10n.t('Edit');
    const saveAnyway = vscode.l10n.t('Save Anyway');
    const choice = await vscode.window.showWarningMessage(
      `${vscode.l10n.t('Could not connect to {0}: {1}', config.label, outcome.error.describe())}${hint}`,
      { modal: true },
      edit,
      saveAnyway,
    );
    if (choice === edit) return 'edit';
    if (choice !== saveAnyway) return 'done';
  }

  // Credentials first: when the settings change arrives, the connection finds them.
  await deps.directory.setCredentials(config.id, credentials);
  // Saved despite a refused login: remember that, so the tree does not try it again
  // (some helpdesks block the address after a few failed logins).
  if (!outcome.ok && outcome.error.kind === 'auth') await deps.directory.credentials.markRejected(config.id);
  // An expired token is kept as such: the root says so at once, and nothing sends it again.
  if (!outcome.ok && outcome.error.kind === 'tokenExpired') await deps.directory.credentials.markRejected(config.id, outcome.error.message);
  await deps.directory.add(config);
  await deps.reveal(config.id);
  if (outcome.ok) void vscode.window.showInformationMessage(vscode.l10n.t('Connected to {0} as {1}.', config.label, outcome.me));
  return 'done';
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
