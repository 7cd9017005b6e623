/**
 * The beam search's bookkeeping: hypotheses, their best alignments, the trie of prefixes with what
 * depends only on a prefix's text (LM and hotword state and score, computed once per prefix), pruning.
 *
 *   const prefixes = new Prefixes(initialLmContext);
 *   const id = prefixes.find(node, token) >= 0 ? … : prefixes.add(node, token, extra, hot, lm, context);
 */
import { HOTWORD_ROOT } from './hotwords.ts';

/** A token on an alignment: frames [start, end), end -1 while the token is still being emitted. */
export interface Emission {
  prev: Emission | null;
  token: number;
  start: number;
  end: number;
}

/** One prefix in the beam for the current frame. */
export interface Hyp {
  node: number;
  /** ln score of the best (or summed) alignments ending in blank / in the prefix's last token. */
  pb: number;
  pnb: number;
  /** Ranking score: merge(pb, pnb) + the prefix's extra. */
  score: number;
  /** The single best alignment ending in blank / in the last token: its score and its tokens' frames. */
  bBest: number;
  nbBest: number;
  bPath: Emission | null;
  nbPath: Emission | null;
}

/** The word has left the LM's spellings; its unknown-word penalty is still due (deferred while it may be a hotword). */
export const LM_OFF = -1;
/** The word has left the LM's spellings and paid the unknown-word penalty. */
export const LM_OFF_CHARGED = -2;

export const closeAt = (e: Emission | null, t: number): Emission | null =>
  e === null || e.end >= 0 ? e : { prev: e.prev, token: e.token, start: e.start, end: t };

export const logAdd = (a: number, b: number): number => {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log1p(Math.exp(-Math.abs(a - b)));
};

/**
 * Prefixes as a trie of (parent, token), so equal texts get equal node ids. What depends only on the
 * text is computed once per node: `extra` (LM, insertion and hotword score), the hotword trie state
 * and the LM context (ids of the last order-1 words, oldest first). Children are sibling lists in
 * typed arrays: a node has a handful of children, and a Map over all nodes slows as it grows.
 */
export class Prefixes {
  parent = new Int32Array(4096);
  token = new Int32Array(4096);
  firstChild = new Int32Array(4096);
  nextSibling = new Int32Array(4096);
  hot = new Int32Array(4096);
  /** Spelling-trie node of the current word in the LM's words; LM_OFF / LM_OFF_CHARGED once it left. */
  lm = new Int32Array(4096);
  extra = new Float64Array(4096);
  readonly context: Array<readonly number[]>;
  size = 1;
  constructor(context: readonly number[]) {
    this.parent[0] = -1;
    this.token[0] = -1;
    this.firstChild[0] = -1;
    this.hot[0] = HOTWORD_ROOT;
    this.lm[0] = 0;
    this.context = [context];
  }
  /** The child's id, or -1 when it does not exist yet. */
  find(node: number, token: number): number {
    for (let c = this.firstChild[node]!; c >= 0; c = this.nextSibling[c]!) if (this.token[c] === token) return c;
    return -1;
  }
  add(node: number, token: number, extra: number, hot: number, lm: number, context: readonly number[]): number {
    if (this.size === this.parent.length) this.#grow();
    const id = this.size++;
    this.parent[id] = node;
    this.token[id] = token;
    this.firstChild[id] = -1;
    this.nextSibling[id] = this.firstChild[node]!;
    this.firstChild[node] = id;
    this.hot[id] = hot;
    this.lm[id] = lm;
    this.extra[id] = extra;
    this.context.push(context);
    return id;
  }
  #grow(): void {
    const n = this.parent.length * 2;
    const grow = <T extends Int32Array | Float64Array>(a: T, b: T): T => {
      b.set(a);
      return b;
    };
    this.parent = grow(this.parent, new Int32Array(n));
    this.token = grow(this.token, new Int32Array(n));
    this.firstChild = grow(this.firstChild, new Int32Array(n));
    this.nextSibling = grow(this.nextSibling, new Int32Array(n));
    this.hot = grow(this.hot, new Int32Array(n));
    this.lm = grow(this.lm, new Int32Array(n));
    this.extra = grow(this.extra, new Float64Array(n));
  }
}

/** Reused between frames (decoding is synchronous, so one buffer serves every decoder). */
let scratchScores = new Float64Array(256);

/** The best `width` hypotheses, none more than `pruneLogProb` below the best (scores set on the way). */
export function pruneBeam(
  hyps: Hyp[],
  prefixes: Prefixes,
  merge: (a: number, b: number) => number,
  width: number,
  pruneLogProb: number,
): Hyp[] {
  let top = -Infinity;
  for (const h of hyps) {
    h.score = merge(h.pb, h.pnb) + prefixes.extra[h.node]!;
    if (h.score > top) top = h.score;
  }
  let floor = top + pruneLogProb;
  if (hyps.length > width) {
    // The width-th best score by a native numeric sort (much cheaper than sorting objects).
    if (scratchScores.length < hyps.length) scratchScores = new Float64Array(hyps.length * 2);
    const scores = scratchScores.subarray(0, hyps.length);
    for (let i = 0; i < hyps.length; i++) scores[i] = hyps[i]!.score;
    scores.sort();
    floor = Math.max(floor, scores[scores.length - width]!);
  }
  // Strictly better ones first, so hypotheses tied at the floor never push out a better one.
  const kept = hyps.filter((h) => h.score > floor);
  for (const h of hyps) if (h.score === floor && kept.length < width) kept.push(h);
  return kept;
}
