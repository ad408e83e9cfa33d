// DeskPRO's entry in the provider registry.
import type { ProviderDescriptor } from '../../helpdesk/provider';
import { DeskproProvider } from './provider';
import { normalizeBaseUrl } from './url';

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
  create: (context) => new DeskproProvider(context),
};

export { DeskproProvider, DESKPRO_CAPABILITIES } from './provider';
export { authorizationHeader, deskproAuth, type DeskproAuthMethod } from './auth';
export { apiRoot, normalizeBaseUrl } from './url';
export { parseDeskproErrorBody } from './errors';
