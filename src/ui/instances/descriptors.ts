// The UI's view of the provider registry: which helpdesk types exist, what they are
// called, and whether they can be used yet. The UI never names a vendor itself.
import type { HelpdeskType } from '../../helpdesk/model';
import type { ProviderDescriptor } from '../../helpdesk/provider';

/** A registry entry may say it is not usable yet (listed so users see it is coming). */
type MaybeUnsupported = ProviderDescriptor & { supported?: boolean };

export interface DescriptorCatalog {
  /** Every registered type, usable or not, in registry order. */
  all(): readonly ProviderDescriptor[];
  get(type: string): ProviderDescriptor | undefined;
  /** Registered and able to create a provider. */
  isSupported(type: string): boolean;
  /** The first name a descriptor gives, or the raw type when it is not registered. */
  displayName(type: string): string;
}

export function createDescriptorCatalog(descriptors: readonly ProviderDescriptor[]): DescriptorCatalog {
  const byType = new Map<string, MaybeUnsupported>(descriptors.map((d) => [d.type, d]));
  return {
    all: () => descriptors,
    get: (type) => byType.get(type),
    isSupported: (type) => {
      const descriptor = byType.get(type);
      return descriptor !== undefined && descriptor.supported !== false;
    },
    displayName: (type) => byType.get(type)?.names[0] ?? type,
  };
}

export function isHelpdeskType(catalog: DescriptorCatalog, type: string): type is HelpdeskType {
  return catalog.get(type) !== undefined;
}
