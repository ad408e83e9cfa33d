// DiamanteDesk's entry in the provider registry.
import type { ProviderDescriptor } from '../../helpdesk/provider';
import { DiamanteDeskProvider } from './provider';
import { apiVersionInAddress, normalizeBaseUrl } from './url';

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
  create: (context) => new DiamanteDeskProvider(context),
};

export { DiamanteDeskProvider, DIAMANTEDESK_CAPABILITIES, type DiamanteDeskProviderOptions } from './provider';
export { passwordDigest, usernameTokenHeader, wsseCredentials, wsseHeaders, formatCreated } from './auth';
export { ServerClock, clockError, describeSkew, CREATED_MARGIN_MS, MAX_COMPENSATED_SKEW_MS } from './clock';
export { apiRoot, apiVersionInAddress, normalizeBaseUrl, readApiVersion, ticketWebUrl, type ApiVersion } from './url';
export { parseDiamanteErrorBody } from './errors';
