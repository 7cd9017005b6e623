/**
 * CTC prefix beam search over the same logits as greedyDecode, with hotword boosting from the custom
 * vocabulary and optional word n-gram LM shallow fusion (score = acoustic + α·ln P_LM + β·words).
 *
 *   const decoder = new BeamSearchDecoder(vocab, { lm: loadArpa(path), hotwords: ['Kubernetes'] });
 *   const { text, words } = decoder.decode({ data, frames, vocabSize });
 *
 * Numerics: natural-log scores in float64. Alignments of one prefix are merged by max by default (the
 * Viterbi prefix search of flashlight / torchaudio's ctc_decoder, log_add=False): then beam width 1 with
 * no LM or hotwords finds exactly greedy's path. merge: 'sum' adds them (classic prefix beam search).
 * Word timings come from the best alignment of the winning prefix (align.ts), computed like greedy's.
 */
import { CTC_DECODING_DEFAULTS } from '../../common/defaults.ts';
import { alignTokens, logSoftmax } from './align.ts';
import type { ArpaLm } from './arpa-lm.ts';
import { HOTWORD_OFF, HOTWORD_ROOT, HotwordTrie } from './hotwords.ts';
import type { Decoded, Logits, Vocabulary } from './types.ts';

export interface BeamSearchOptions {
  beamWidth?: number;
  tokenMinLogProb?: number;
  beamPruneLogProb?: number;
  merge?: 'max' | 'sum';
  lm?: ArpaLm | null;
  lmWeight?: number;
  wordInsertionBonus?: number;
  unknownWordLog10Prob?: number;
  /** Custom vocabulary entries to boost (spelled in the model's tokens; others are skipped). */
  hotwords?: readonly string[];
  hotwordWeightPerLetter?: number;
}

export interface BeamDecoded extends Decoded {
  /** Total score of the winning prefix (ln; acoustic + LM + bonuses). */
  score: number;
}

interface Hyp {
  node: number;
  /** Last token of the prefix, -1 when empty (a repeat of it needs a blank in between to count twice). */
  last: number;
  /** ln score of the best (or summed) alignments ending in blank / in `last`. */
  pb: number;
  pnb: number;
  /** LM, insertion and hotword score of the prefix's text; a function of the prefix only. */
  extra: number;
  hot: number;
  /** LM ids of the last order-1 words, oldest first. */
  context: readonly number[];
}

const LN10 = Math.log(10);
const logAdd = (a: number, b: number): number => {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log1p(Math.exp(-Math.abs(a - b)));
};

/** Prefixes as a trie of (parent, token) so that equal texts get equal node ids. */
class Prefixes {
  parent = new Int32Array(1024);
  token = new Int32Array(1024);
  size = 1;
  readonly #child = new Map<number, number>();
  readonly #vocabSize: number;
  constructor(vocabSize: number) {
    this.#vocabSize = vocabSize;
    this.parent[0] = -1;
  }
  child(node: number, token: number): number {
    const key = node * this.#vocabSize + token;
    let id = this.#child.get(key);
    if (id !== undefined) return id;
    if (this.size === this.parent.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.parent = grow(this.parent);
      this.token = grow(this.token);
    }
    id = this.size++;
    this.parent[id] = node;
    this.token[id] = token;
    this.#child.set(key, id);
    return id;
  }
  tokens(node: number): number[] {
    const out: number[] = [];
    for (let n = node; n > 0; n = this.parent[n]!) out.push(this.token[n]!);
    return out.reverse();
  }
}

export class BeamSearchDecoder {
  readonly vocab: Vocabulary;
  readonly #o: Required<Omit<BeamSearchOptions, 'lm' | 'hotwords'>>;
  readonly #lm: ArpaLm | null;
  readonly #lower: boolean;
  readonly #hot: HotwordTrie;
  readonly #delimiter: number;

  constructor(vocab: Vocabulary, options: BeamSearchOptions = {}) {
    const d = CTC_DECODING_DEFAULTS;
    this.vocab = vocab;
    this.#o = {
      beamWidth: options.beamWidth ?? d.beamWidth,
      tokenMinLogProb: options.tokenMinLogProb ?? d.tokenMinLogProb,
      beamPruneLogProb: options.beamPruneLogProb ?? d.beamPruneLogProb,
      merge: options.merge ?? 'max',
      lmWeight: options.lmWeight ?? d.lmWeight,
      wordInsertionBonus: options.wordInsertionBonus ?? d.wordInsertionBonus,
      unknownWordLog10Prob: options.unknownWordLog10Prob ?? d.unknownWordLog10Prob,
      hotwordWeightPerLetter: options.hotwordWeightPerLetter ?? d.hotwordWeightPerLetter,
    };
    if (!(this.#o.beamWidth >= 1)) throw new RangeError('beamWidth must be at least 1');
    this.#lm = options.lm ?? null;
    // LibriSpeech ARPAs are upper-case like SEW-D's letters; accept lower-case ones too.
    this.#lower = this.#lm !== null && this.#lm.wordId('THE') < 0 && this.#lm.wordId('the') >= 0;
    this.#hot = HotwordTrie.fromVocabulary(options.hotwords ?? [], vocab);
    this.#delimiter = vocab.tokens.indexOf(vocab.wordDelimiter);
  }

  /** Score change for completing the word that ends at `node` (LM, insertion bonus, hotword settlement). */
  #finishWord(prefixes: Prefixes, node: number, h: Hyp): { delta: number; context: readonly number[] } {
    let delta = h.hot > 0 && !this.#hot.isWord(h.hot) ? -this.#hot.depth(h.hot) * this.#o.hotwordWeightPerLetter : 0;
    const lm = this.#lm;
    if (!lm) return { delta, context: h.context };
    let word = '';
    for (let n = node; n > 0 && prefixes.token[n] !== this.#delimiter; n = prefixes.parent[n]!) word = this.vocab.tokens[prefixes.token[n]!] + word;
    if (word === '') return { delta, context: h.context };
    const id = lm.wordId(this.#lower ? word.toLowerCase() : word);
    let log10: number;
    if (id >= 0) log10 = lm.log10Prob(h.context, id);
    else if (this.#hot.isWord(h.hot)) log10 = 0; // the user's word: no penalty for the LM not knowing it
    else log10 = lm.unkId >= 0 ? lm.log10Prob(h.context, lm.unkId) : this.#o.unknownWordLog10Prob;
    if (Number.isNaN(log10)) log10 = this.#o.unknownWordLog10Prob;
    delta += this.#o.lmWeight * LN10 * log10 + this.#o.wordInsertionBonus;
    const context = lm.order > 1 ? [...h.context, id >= 0 ? id : lm.unkId].slice(-(lm.order - 1)) : [];
    return { delta, context };
  }

  decode(logits: Logits): BeamDecoded {
    const { frames, vocabSize: V } = logits;
    const o = this.#o;
    const blank = this.vocab.blankId;
    const merge = o.merge === 'sum' ? logAdd : Math.max;
    const lp = logSoftmax(logits);
    const prefixes = new Prefixes(V);
    // The LM sees each decoded window as a sentence: its context starts with <s> where the LM has one.
    const bos = this.#lm ? this.#lm.wordId('<s>') : -1;
    let beam: Hyp[] = [{ node: 0, last: -1, pb: 0, pnb: -Infinity, extra: 0, hot: HOTWORD_ROOT, context: bos >= 0 ? [bos] : [] }];
    const candidates: number[] = [];
    for (let t = 0; t < frames; t++) {
      const row = t * V;
      candidates.length = 0;
      let arg = 0;
      for (let v = 0; v < V; v++) {
        if (lp[row + v]! > lp[row + arg]!) arg = v;
        if (lp[row + v]! >= o.tokenMinLogProb) candidates.push(v);
      }
      if (lp[row + arg]! < o.tokenMinLogProb) candidates.push(arg);
      const next = new Map<number, Hyp>();
      const stay = (h: Hyp): Hyp => {
        let n = next.get(h.node);
        if (!n) next.set(h.node, (n = { ...h, pb: -Infinity, pnb: -Infinity }));
        return n;
      };
      const extend = (h: Hyp, c: number): Hyp => {
        const node = prefixes.child(h.node, c);
        let n = next.get(node);
        if (n) return n;
        let extra = h.extra;
        let hot = h.hot;
        let context = h.context;
        if (c === this.#delimiter) {
          const done = this.#finishWord(prefixes, h.node, h);
          extra += done.delta;
          context = done.context;
          hot = HOTWORD_ROOT;
        } else if (hot !== HOTWORD_OFF && !this.#hot.empty) {
          const to = this.#hot.next(hot, c);
          extra += to === HOTWORD_OFF ? -this.#hot.depth(hot) * o.hotwordWeightPerLetter : o.hotwordWeightPerLetter;
          hot = to;
        }
        next.set(node, (n = { node, last: c, pb: -Infinity, pnb: -Infinity, extra, hot, context }));
        return n;
      };
      for (const h of beam) {
        const total = merge(h.pb, h.pnb);
        for (const c of candidates) {
          const p = lp[row + c]!;
          if (c === blank) {
            const s = stay(h);
            s.pb = merge(s.pb, total + p);
          } else if (c === h.last) {
            const s = stay(h);
            s.pnb = merge(s.pnb, h.pnb + p);
            if (h.pb !== -Infinity) {
              const e = extend(h, c);
              e.pnb = merge(e.pnb, h.pb + p);
            }
          } else {
            const e = extend(h, c);
            e.pnb = merge(e.pnb, total + p);
          }
        }
      }
      beam = this.#prune([...next.values()], merge);
    }
    let best: Hyp | null = null;
    let bestScore = -Infinity;
    for (const h of beam) {
      const score = merge(h.pb, h.pnb) + h.extra + this.#finishWord(prefixes, h.node, h).delta;
      if (best === null || score > bestScore) {
        best = h;
        bestScore = score;
      }
    }
    const tokens = prefixes.tokens(best!.node);
    return { ...alignTokens(logits, this.vocab, tokens, lp), score: bestScore };
  }

  #prune(hyps: Hyp[], merge: (a: number, b: number) => number): Hyp[] {
    const scored = hyps.map((h) => ({ h, s: merge(h.pb, h.pnb) + h.extra }));
    scored.sort((a, b) => b.s - a.s);
    const floor = scored[0]!.s + this.#o.beamPruneLogProb;
    const out: Hyp[] = [];
    for (const { h, s } of scored) {
      if (out.length >= this.#o.beamWidth || s < floor) break;
      out.push(h);
    }
    return out;
  }
}

/** One-shot form of BeamSearchDecoder (build the decoder once when decoding many windows). */
export function beamSearchDecode(logits: Logits, vocab: Vocabulary, options: BeamSearchOptions = {}): BeamDecoded {
  return new BeamSearchDecoder(vocab, options).decode(logits);
}
