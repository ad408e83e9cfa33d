// DiamanteDesk's entry in the provider registry. The provider itself (and with it the HTTP
// client and undici) is loaded when an instance connects, not at activation.
import type { ProviderDescriptor } from '../../helpdesk/provider';
import { apiVersionInAddress, normalizeBaseUrl } from './url';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when an instance connects (scripts/bundles.mjs, LAZY_MODULES)
const provider = (): typeof import('./provider') => require('./provider');

export const diamantedeskDescriptor: ProviderDescriptor = {
  type: 'diamantedesk',
  names: ['DiamanteDesk'],
  urlPlaceholder: 'https://desk.example.com',
  credentialPrompt: {
    username: {
      prompt: 'DiamanteDesk user name (the login of the agent whose API key you use)',
      placeholder: 'e.g. admin',
    },
    secret: {
      prompt: 'API key (My User → API key in DiamanteDesk; not the password)',
    },
  },
  normalizeBaseUrl,
  settingsFromAddress: (input): Record<string, string> => {
    const version = apiVersionInAddress(input);
    return version === 'v1' ? { apiVersion: version } : {};
  },
  create: (context) => new (provider().DiamanteDeskProvider)(context),
};
