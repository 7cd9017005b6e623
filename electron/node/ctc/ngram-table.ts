/**
 * One order of an n-gram model in typed arrays: word ids flat (n per entry), log10 probability,
 * log10 back-off, and an open-addressing index of entry+1 by the hash of the ids (0 = empty slot).
 *
 *   const t = newTable(2, count);
 *   const slot = findSlot(t, ids, 0); const e = t.slots[slot]! - 1; // e < 0: absent, slot is free
 */

export interface OrderTable {
  n: number;
  count: number;
  ids: Int32Array;
  prob: Float32Array;
  backoff: Float32Array;
  slots: Int32Array;
}

/** Mixes a sequence of word ids into a 32-bit hash (FNV-style step with a murmur finaliser). */
function hashIds(ids: ArrayLike<number>, offset: number, n: number): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < n; k++) h = Math.imul(h ^ ids[offset + k]!, 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/** Room for `count` entries with the index at most half full. */
export function newTable(n: number, count: number): OrderTable {
  let size = 1;
  while (size < count * 2) size <<= 1;
  return {
    n,
    count: 0,
    ids: new Int32Array(count * n),
    prob: new Float32Array(count),
    backoff: new Float32Array(count),
    slots: new Int32Array(size),
  };
}

/** The slot holding ids[offset..offset+n), or the empty slot where they would go. */
export function findSlot(t: OrderTable, ids: ArrayLike<number>, offset: number): number {
  const mask = t.slots.length - 1;
  for (let s = hashIds(ids, offset, t.n) & mask; ; s = (s + 1) & mask) {
    const e = t.slots[s]! - 1;
    if (e < 0) return s;
    let same = true;
    for (let k = 0; same && k < t.n; k++) same = t.ids[e * t.n + k] === ids[offset + k];
    if (same) return s;
  }
}

/** Adds or overwrites the n-gram ids[0..n). */
export function storeEntry(t: OrderTable, ids: Int32Array, prob: number, backoff: number): void {
  const slot = findSlot(t, ids, 0);
  let e = t.slots[slot]! - 1;
  if (e < 0) {
    e = t.count++;
    t.ids.set(ids.subarray(0, t.n), e * t.n);
    t.slots[slot] = e + 1;
  }
  t.prob[e] = prob;
  t.backoff[e] = backoff;
}
