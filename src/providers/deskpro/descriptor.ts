// DeskPRO's entry in the provider registry. The provider itself (and with it the HTTP client
// and undici) is loaded when an instance connects, not at activation.
import type { ProviderDescriptor } from '../../helpdesk/provider';
import { normalizeBaseUrl } from './url';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when an instance connects (scripts/bundles.mjs, LAZY_MODULES)
const provider = (): typeof import('./provider') => require('./provider');

export const deskproDescriptor: ProviderDescriptor = {
  type: 'deskpro',
  names: ['DeskPRO'],
  urlPlaceholder: 'https://acme.deskpro.com',
  credentialPrompt: {
    secret: {
      prompt: 'API key (ID:CODE) or API token',
      placeholder: 'e.g. 4:G24M3K6Y3R3H8DN9B6QGH3NW4',
    },
  },
  normalizeBaseUrl,
  create: (context) => new (provider().DeskproProvider)(context),
};
