import DataLoader from "dataloader";

/** Keeps each IN (…) list, and so each statement's parameter count, bounded. */
const MAX_BATCH = 1_000;

/** A per-request loader whose batch function answers a Map; keys it lacks get `missing`. */
export function mapLoader<V>(batch: (ids: readonly string[]) => Promise<Map<string, V>>, missing: () => V): DataLoader<string, V> {
  return new DataLoader<string, V>(
    async (ids) => {
      const found = await batch(ids);
      return ids.map((id) => found.get(id) ?? missing());
    },
    { maxBatchSize: MAX_BATCH },
  );
}
