// Every helpdesk type the extension knows, in the order the Add Helpdesk picker lists
// them. Adding a vendor is one line here (plus its folder). A type being built can be
// listed with `supported: false`, so a configured instance says "not yet supported"
// instead of "unknown type". Each vendor's descriptor.ts only: its provider code is loaded
// when an instance of it connects.
import type { ProviderDescriptor } from '../helpdesk/provider';
import { deskdirectorDescriptor } from './deskdirector/descriptor';
import { deskproDescriptor } from './deskpro/descriptor';
import { diamantedeskDescriptor } from './diamantedesk/descriptor';
import { jitbitDescriptor } from './jitbit/descriptor';

/** A registry entry; `supported: false` marks a vendor that is listed but not usable yet. */
export type RegisteredDescriptor = ProviderDescriptor & { supported?: boolean };

export const providerDescriptors: readonly RegisteredDescriptor[] = [
  deskproDescriptor,
  deskdirectorDescriptor,
  jitbitDescriptor,
  diamantedeskDescriptor,
];

export function descriptorFor(type: string): RegisteredDescriptor | undefined {
  return providerDescriptors.find((descriptor) => descriptor.type === type);
}

export function isSupported(type: string): boolean {
  const descriptor = descriptorFor(type);
  return descriptor !== undefined && descriptor.supported !== false;
}
