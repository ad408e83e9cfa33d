// Jitbit Helpdesk's entry in the provider registry (also sold as Destek Sitesi).
import type { ProviderDescriptor } from '../../helpdesk/provider';
import { JitbitProvider } from './provider';
import { normalizeBaseUrl } from './url';

export const JITBIT_LOCKOUT_WARNING =
  'Jitbit blocks the address for five minutes after three failed logins in a row, so these credentials are not tried again until you set new ones.';

export const jitbitDescriptor: ProviderDescriptor = {
  type: 'jitbit',
  names: ['Jitbit Helpdesk', 'Destek Sitesi'],
  urlPlaceholder: 'https://acme.jitbit.com/helpdesk',
  credentialPrompt: {
    username: {
      prompt: 'User name (DOMAIN\\user for Windows accounts); leave empty to use an API token',
      placeholder: 'e.g. jsmith',
      optional: true,
    },
    secret: {
      prompt: 'Password, or the API token from the helpdesk\'s /User/Token page',
    },
  },
  lockoutWarning: JITBIT_LOCKOUT_WARNING,
  normalizeBaseUrl,
  create: (context) => new JitbitProvider(context),
};

export { JitbitProvider, JITBIT_CAPABILITIES } from './provider';
export { jitbitAuth } from './auth';
export { apiRoot, normalizeBaseUrl, ticketWebUrl } from './url';
export { parseJitbitErrorBody } from './errors';
export { detectBodyFormat } from './mapping';
