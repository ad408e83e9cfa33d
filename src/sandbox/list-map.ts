// Seed state keeps one-to-many links (a ticket's messages, its files) as maps of id lists.

/** The list under `key`, created empty on first use. */
export function listFor<K, V>(map: Map<K, V[]>, key: K): V[] {
  let list = map.get(key);
  if (!list) {
    list = [];
    map.set(key, list);
  }
  return list;
}
