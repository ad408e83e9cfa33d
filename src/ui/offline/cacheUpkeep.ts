// Keeps the offline cache in step with the configured instances: one removed from the list
// (Remove Helpdesk, an edit of settings.json, the sandbox turned off) takes its cache with it.
// An entry that is only edited keeps its id, and so its cache.
import type { Logger } from '../../helpdesk/log';

export interface InstanceList {
  all(): ReadonlyArray<{ readonly id: string }>;
  onDidChangeList(listener: () => void): { dispose(): void };
}

export function removeCachesOfRemovedInstances(
  instances: InstanceList,
  cache: { removeInstance(instanceId: string): Promise<void> },
  log: Logger,
): { dispose(): void } {
  let known = new Set(instances.all().map((instance) => instance.id));
  return instances.onDidChangeList(() => {
    const now = new Set(instances.all().map((instance) => instance.id));
    for (const id of known) {
      if (now.has(id)) continue;
      log.info(`offline cache: ${id} was removed; deleting its cache`);
      void cache.removeInstance(id);
    }
    known = now;
  });
}
