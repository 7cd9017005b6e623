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
 * Each hypothesis carries its best alignment (token start/end frames), so the winner's word timings
 * and confidences are computed exactly as greedy computes them (align.ts).
 */
import { CTC_DECODING_DEFAULTS } from '../../common/defaults.ts';
import { logSoftmax } from './log-softmax.ts';
import { decodePath } from './greedy.ts';
import type { ArpaLm } from './arpa-lm.ts';
import { closeAt, LM_OFF, LM_OFF_CHARGED, logAdd, Prefixes, pruneBeam } from './beam-prefixes.ts';
import type { Emission, Hyp } from './beam-prefixes.ts';
import { HOTWORD_OFF, HOTWORD_ROOT, HotwordTrie } from './hotwords.ts';
import { SpellingTrie } from './spelling-trie.ts';
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

/** Live decoding: accept() logits as they come, result() whenever the text is wanted. */
export interface BeamSearchStream {
  /** Frames accepted so far. */
  readonly frames: number;
  accept(logits: Logits): void;
  /** The best text so far (its last word scored as finished), with word timings and confidence. */
  result(): BeamDecoded;
}

export interface BeamDecoded extends Decoded {
  /** Total score of the winning prefix (ln; acoustic + LM + bonuses). */
  score: number;
}

const LN10 = Math.log(10);

export class BeamSearchDecoder {
  readonly vocab: Vocabulary;
  readonly #o: Required<Omit<BeamSearchOptions, 'lm' | 'hotwords'>>;
  readonly #lm: ArpaLm | null;
  readonly #spelling: SpellingTrie | null;
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
    this.#spelling = this.#lm ? SpellingTrie.fromLm(this.#lm, vocab) : null;
    this.#hot = HotwordTrie.fromVocabulary(options.hotwords ?? [], vocab);
    this.#delimiter = vocab.tokens.indexOf(vocab.wordDelimiter);
  }

  /** ln score of a word the LM does not know (its <unk> probability, or the configured penalty). */
  #unknownWord(context: readonly number[]): number {
    const lm = this.#lm!;
    let log10 = lm.unkId >= 0 ? lm.log10Prob(context, lm.unkId) : this.#o.unknownWordLog10Prob;
    if (Number.isNaN(log10)) log10 = this.#o.unknownWordLog10Prob;
    return this.#o.lmWeight * LN10 * log10;
  }

  /** Score change for completing the word that ends at `node` (LM, insertion bonus, hotword settlement). */
  #finishWord(prefixes: Prefixes, node: number): { delta: number; context: readonly number[] } {
    const hot = prefixes.hot[node]!;
    const ctx = prefixes.context[node]!;
    let delta = hot > 0 && !this.#hot.isWord(hot) ? -this.#hot.depth(hot) * this.#o.hotwordWeightPerLetter : 0;
    const lm = this.#lm;
    if (!lm || node === 0 || prefixes.token[node] === this.#delimiter) return { delta, context: ctx };
    const state = prefixes.lm[node]!;
    const id = this.#spelling!.wordId(state);
    if (id >= 0) {
      const log10 = lm.log10Prob(ctx, id);
      delta += this.#o.lmWeight * LN10 * (Number.isNaN(log10) ? this.#o.unknownWordLog10Prob : log10);
    } else if (state !== LM_OFF_CHARGED && !this.#hot.isWord(hot)) {
      delta += this.#unknownWord(ctx); // the user's own words are not charged for the LM not knowing them
    }
    delta += this.#o.wordInsertionBonus;
    const context = lm.order > 1 ? [...ctx, id >= 0 ? id : lm.unkId].slice(-(lm.order - 1)) : [];
    return { delta, context };
  }

  /** Decodes one window of logits (a stream fed once). */
  decode(logits: Logits): BeamDecoded {
    const stream = this.stream();
    stream.accept(logits);
    return stream.result();
  }

  /**
   * Incremental decoding for live audio: feed logits as the model produces them, ask for the best
   * text so far at any time. Feeding in chunks gives exactly what one decode() of all frames gives.
   */
  stream(): BeamSearchStream {
    const o = this.#o;
    const blank = this.vocab.blankId;
    const merge = o.merge === 'sum' ? logAdd : Math.max;
    // The LM sees each decoded window as a sentence: its context starts with <s> where the LM has one.
    const bos = this.#lm ? this.#lm.wordId('<s>') : -1;
    const prefixes = new Prefixes(bos >= 0 ? [bos] : []);
    const spelling = this.#spelling;
    let beam: Hyp[] = [
      { node: 0, pb: 0, pnb: -Infinity, score: 0, bBest: 0, nbBest: -Infinity, bPath: null, nbPath: null },
    ];
    const candidates: number[] = [];
    // Every frame's logits so far: word confidences are read from them at result().
    let V = 0;
    let data = new Float32Array(0);
    let frames = 0;
    // This frame's hypotheses, found by node id through a stamped index (cheaper than a Map per frame).
    let next: Hyp[] = [];
    let slotOf = new Int32Array(1024);
    let stampOf = new Int32Array(1024);
    let stamp = 0;
    const entry = (node: number): Hyp => {
      if (node >= slotOf.length) {
        const grow = (a: Int32Array) => {
          const b = new Int32Array(Math.max(node + 1, a.length * 2));
          b.set(a);
          return b;
        };
        slotOf = grow(slotOf);
        stampOf = grow(stampOf);
      }
      if (stampOf[node] === stamp) return next[slotOf[node]!]!;
      const n: Hyp = {
        node,
        pb: -Infinity,
        pnb: -Infinity,
        score: 0,
        bBest: -Infinity,
        nbBest: -Infinity,
        bPath: null,
        nbPath: null,
      };
      stampOf[node] = stamp;
      slotOf[node] = next.length;
      next.push(n);
      return n;
    };
    const child = (node: number, c: number): number => {
      const found = prefixes.find(node, c);
      if (found >= 0) return found;
      let extra = prefixes.extra[node]!;
      let hot = prefixes.hot[node]!;
      let lmState = prefixes.lm[node]!;
      let context = prefixes.context[node]!;
      if (c === this.#delimiter) {
        const done = this.#finishWord(prefixes, node);
        extra += done.delta;
        context = done.context;
        hot = HOTWORD_ROOT;
        lmState = 0;
      } else {
        if (hot !== HOTWORD_OFF && !this.#hot.empty) {
          const to = this.#hot.next(hot, c);
          extra += to === HOTWORD_OFF ? -this.#hot.depth(hot) * o.hotwordWeightPerLetter : o.hotwordWeightPerLetter;
          hot = to;
        }
        // Charge a word the moment it can no longer be an LM word (pyctcdecode's partial-word
        // penalty); without it, skipping word delimiters would be cheaper than paying for words.
        if (spelling) {
          if (lmState >= 0) lmState = spelling.next(lmState, c);
          if (lmState === LM_OFF && (hot === HOTWORD_OFF || this.#hot.empty)) {
            extra += this.#unknownWord(context);
            lmState = LM_OFF_CHARGED;
          }
        }
      }
      return prefixes.add(node, c, extra, hot, lmState, context);
    };
    const step = (lp: Float64Array, i: number, t: number) => {
      const row = i * V;
      candidates.length = 0;
      let arg = 0;
      for (let v = 0; v < V; v++) {
        if (lp[row + v]! > lp[row + arg]!) arg = v;
        if (lp[row + v]! >= o.tokenMinLogProb) candidates.push(v);
      }
      if (lp[row + arg]! < o.tokenMinLogProb) candidates.push(arg);
      if (candidates.length === 1 && candidates[0] === blank) {
        // A blank-only frame (most CTC frames): every hypothesis stays itself, all shift by the same
        // amount, so ranking and pruning are unchanged: update in place.
        const p = lp[row + blank]!;
        for (const h of beam) {
          const fromBlank = h.bBest >= h.nbBest;
          h.bPath = fromBlank ? h.bPath : closeAt(h.nbPath, t);
          h.bBest = (fromBlank ? h.bBest : h.nbBest) + p;
          h.pb = merge(h.pb, h.pnb) + p;
          h.pnb = h.nbBest = -Infinity;
          h.nbPath = null;
        }
        return;
      }
      next = [];
      stamp++;
      for (const h of beam) {
        const total = merge(h.pb, h.pnb);
        const last = prefixes.token[h.node]!;
        // The best single alignment of h, whichever state it ends in (closed only when used: it allocates).
        const fromBlank = h.bBest >= h.nbBest;
        const best = fromBlank ? h.bBest : h.nbBest;
        let bestPath: Emission | null | undefined;
        for (const c of candidates) {
          const p = lp[row + c]!;
          if (c === blank) {
            const s = entry(h.node);
            s.pb = merge(s.pb, total + p);
            if (best + p > s.bBest) {
              s.bBest = best + p;
              s.bPath = bestPath === undefined ? (bestPath = fromBlank ? h.bPath : closeAt(h.nbPath, t)) : bestPath;
            }
            continue;
          }
          if (c === last) {
            const s = entry(h.node);
            s.pnb = merge(s.pnb, h.pnb + p);
            if (h.nbBest + p > s.nbBest) {
              s.nbBest = h.nbBest + p;
              s.nbPath = h.nbPath;
            }
            if (h.pb === -Infinity) continue;
            // The same token again after a blank is a new token.
            const e = entry(child(h.node, c));
            e.pnb = merge(e.pnb, h.pb + p);
            if (h.bBest + p > e.nbBest) {
              e.nbBest = h.bBest + p;
              e.nbPath = { prev: h.bPath, token: c, start: t, end: -1 };
            }
            continue;
          }
          const e = entry(child(h.node, c));
          e.pnb = merge(e.pnb, total + p);
          if (best + p > e.nbBest) {
            e.nbBest = best + p;
            if (bestPath === undefined) bestPath = fromBlank ? h.bPath : closeAt(h.nbPath, t);
            e.nbPath = { prev: bestPath, token: c, start: t, end: -1 };
          }
        }
      }
      beam = pruneBeam(next, prefixes, merge, o.beamWidth, o.beamPruneLogProb);
    };
    return {
      get frames() {
        return frames;
      },
      accept: (logits: Logits) => {
        if (logits.frames === 0) return;
        if (V === 0) V = logits.vocabSize;
        if (logits.vocabSize !== V)
          throw new RangeError(`logits have ${logits.vocabSize} tokens per frame, the stream has ${V}`);
        if ((frames + logits.frames) * V > data.length) {
          // Capacity doubles, so feeding frame by frame stays linear.
          const all = new Float32Array(Math.max((frames + logits.frames) * V, data.length * 2));
          all.set(data.subarray(0, frames * V));
          data = all;
        }
        data.set(logits.data.subarray(0, logits.frames * V), frames * V);
        const lp = logSoftmax(logits);
        for (let i = 0; i < logits.frames; i++) step(lp, i, frames + i);
        frames += logits.frames;
      },
      result: (): BeamDecoded => {
        let winner = beam[0]!;
        let winnerScore = -Infinity;
        for (const h of beam) {
          const score = merge(h.pb, h.pnb) + prefixes.extra[h.node]! + this.#finishWord(prefixes, h.node).delta;
          if (score > winnerScore) {
            winner = h;
            winnerScore = score;
          }
        }
        // Per-frame ids of the winner's best alignment, then words exactly as greedy builds them.
        const ids = new Int32Array(frames).fill(blank);
        for (let e = winner.bBest >= winner.nbBest ? winner.bPath : closeAt(winner.nbPath, frames); e; e = e.prev)
          ids.fill(e.token, e.start, e.end);
        return {
          ...decodePath({ data: data.subarray(0, frames * V), frames, vocabSize: V }, this.vocab, ids),
          score: frames === 0 ? 0 : winnerScore,
        };
      },
    };
  }
}

/** One-shot form of BeamSearchDecoder (build the decoder once when decoding many windows). */
export function beamSearchDecode(logits: Logits, vocab: Vocabulary, options: BeamSearchOptions = {}): BeamDecoded {
  return new BeamSearchDecoder(vocab, options).decode(logits);
}
