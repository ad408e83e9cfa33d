// DeskDirector's entry in the provider registry. The provider itself (and with it the HTTP
// client and undici) is loaded when an instance connects, not at activation.
import type { ProviderDescriptor } from '../../helpdesk/provider';
import type { DeskdirectorAuthMethod } from './auth';
import { DiscoveryCache } from './discoveryCache';
import { normalizeBaseUrl } from './url';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when an instance connects (scripts/bundles.mjs, LAZY_MODULES)
const provider = (): typeof import('./provider') => require('./provider');

/** One per extension host: Add Helpdesk's test and the tree's connection share what the document offered. */
const discoveryCache = new DiscoveryCache();

/**
 * What Add Helpdesk offers before asking for the secret, stored as the instance's
 * `authMethod`. The first is the default (also when the setting is absent).
 */
export interface AuthMethodChoice {
  method: DeskdirectorAuthMethod;
  label: string;
  /** What this way in allows from here, in one line (the picker's description). */
  allows: string;
  detail: string;
  secretPrompt: string;
}

export const AUTH_METHOD_CHOICES: readonly AuthMethodChoice[] = [
  {
    method: 'apiKey',
    label: 'API key',
    allows: 'Read, create and update tickets; no notes',
    detail: "Admin-equivalent key from Admin Portal → Advanced → Developer's Corner. Does not expire.",
    secretPrompt: 'DeskDirector API key',
  },
  {
    method: 'techToken',
    label: 'TECH personal access token',
    allows: 'Read tickets, add notes and files',
    detail: 'Your own token from the TECH portal; acts as you.',
    secretPrompt: 'TECH personal access token',
  },
  {
    method: 'accessToken',
    label: 'Access token (temporary)',
    allows: 'Temporary: expires after 60 minutes',
    detail: 'A DdAccessToken copied from a signed-in session. Expires after 60 minutes; for a quick try only.',
    secretPrompt: 'DdAccessToken (expires after 60 minutes)',
  },
];

export const deskdirectorDescriptor: ProviderDescriptor = {
  type: 'deskdirector',
  names: ['DeskDirector'],
  urlPlaceholder: 'https://acme.deskdirector.com',
  credentialPrompt: {
    secret: {
      prompt: "API key (Admin Portal → Advanced → Developer's Corner), TECH personal access token, or access token",
      placeholder: 'Paste the key or token',
    },
    methods: AUTH_METHOD_CHOICES.map((choice) => ({
      id: choice.method,
      label: choice.label,
      description: choice.allows,
      detail: choice.detail,
      secret: { prompt: choice.secretPrompt, placeholder: 'Paste it here' },
    })),
  },
  normalizeBaseUrl,
  create: (context) => new (provider().DeskdirectorProvider)(context, { discoveryCache }),
};
