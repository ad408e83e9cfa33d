// Jitbit Helpdesk's entry in the provider registry (also sold as Destek Sitesi). The provider
// itself (and with it the HTTP client and undici) is loaded when an instance connects.
import type { ProviderDescriptor } from '../../helpdesk/provider';
import { normalizeBaseUrl } from './url';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when an instance connects (scripts/bundles.mjs, LAZY_MODULES)
const provider = (): typeof import('./provider') => require('./provider');

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
  create: (context) => new (provider().JitbitProvider)(context),
};
