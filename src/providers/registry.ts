// Every helpdesk type the extension knows, in the order the Add Helpdesk picker lists
// them. Adding a vendor is one line here (plus its folder). Types not built yet are
// listed with `supported: false` so a configured instance can say "not yet supported"
// instead of "unknown type".
import { HelpdeskError } from '../helpdesk/errors';
import type { HelpdeskType } from '../helpdesk/model';
import type { ProviderDescriptor } from '../helpdesk/provider';
import { deskdirectorDescriptor } from './deskdirector';
import { deskproDescriptor } from './deskpro';
import { jitbitDescriptor } from './jitbit';

/** A registry entry; `supported: false` marks a vendor that is listed but not usable yet. */
export type RegisteredDescriptor = ProviderDescriptor & { supported?: boolean };

export const providerDescriptors: readonly RegisteredDescriptor[] = [
  deskproDescriptor,
  deskdirectorDescriptor,
  jitbitDescriptor,
  notYetSupported('diamantedesk', ['DiamanteDesk'], 'https://desk.example.com'),
];

export function descriptorFor(type: string): RegisteredDescriptor | undefined {
  return providerDescriptors.find((descriptor) => descriptor.type === type);
}

export function isSupported(type: string): boolean {
  const descriptor = descriptorFor(type);
  return descriptor !== undefined && descriptor.supported !== false;
}

/** A placeholder: listed by name, accepts any http(s) address, refuses to create a provider. */
function notYetSupported(type: HelpdeskType, names: string[], urlPlaceholder: string): RegisteredDescriptor {
  const name = names[0] ?? type;
  return {
    type,
    names,
    urlPlaceholder,
    supported: false,
    credentialPrompt: { secret: { prompt: `${name} credentials` } },
    normalizeBaseUrl: genericBaseUrl,
    create: () => {
      throw new HelpdeskError('unsupported', `${name} is not yet supported.`);
    },
  };
}

/** Until a vendor has its own rules: an http(s) address with a host, no trailing slash. */
function genericBaseUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new HelpdeskError('config', `"${input.trim()}" is not a full address; start it with https://.`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.hostname === '') {
    throw new HelpdeskError('config', 'The address must start with https:// or http:// and name a host.');
  }
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}
