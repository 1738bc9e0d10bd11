// Work made lately, by key, most recently used last: asking again for the same key while it is
// being made or after shares one result; a failure is not remembered, so the next ask tries again.
// Bounded by count: callers pick a count whose results fit in memory.
export function recentWork<T>(limit: number): (key: string, make: () => Promise<T>) => Promise<T> {
  const kept = new Map<string, Promise<T>>();
  return (key, make) => {
    const hit = kept.get(key);
    if (hit) {
      kept.delete(key);
      kept.set(key, hit);
      return hit;
    }
    const making = make();
    making.catch(() => kept.delete(key));
    kept.set(key, making);
    while (kept.size > limit) kept.delete(kept.keys().next().value as string);
    return making;
  };
}
