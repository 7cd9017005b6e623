/**
 * Formatting for live partial text that never rewrites what is already on screen, except the last
 * unstable words: each update returns `stable` (only ever grows, as text) and `unstable` (may change).
 *
 *   const live = new StreamingFormatter(new TextFormatter(settings));
 *   live.update('HELLO WORLD COMMA HOW');   // { stable: 'Hello world,', unstable: ' how', … }
 *   live.finish('HELLO WORLD COMMA HOW ARE YOU'); // 'Hello world, how are you' (final, formatted whole)
 *
 * Words are committed up to `unstableWords` before the end, and only where formatting the committed
 * words alone gives a prefix of formatting everything that ends at a space, and never between two words
 * that can belong to one spoken number (with digits on): so "twenty" is not shown as a stable "20" while
 * "twenty five" may still become "25", nor "five point" as stable words before "oh" makes it "5.0". The recogniser's later revisions of committed
 * words are ignored until finish(). A "scratch that" inside a partial only removes unstable text; the
 * final text applies it to the whole utterance.
 */
import { TEXT_DEFAULTS } from '../../common/defaults.ts';
import { fixWordCase } from './casing.ts';
import type { TextFormatter } from './text-formatter.ts';

export interface StreamingText {
  /** Text that will not change for the rest of the utterance (until finish). */
  stable: string;
  /** The tail after `stable` that may still change. */
  unstable: string;
  /** stable + unstable: what to show. */
  text: string;
}

const splitWords = (raw: string): string[] =>
  raw
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());

export class StreamingFormatter {
  readonly #formatter: TextFormatter;
  readonly #unstableWords: number;
  #committed: string[] = [];
  #stable = '';
  #detached = false;

  constructor(formatter: TextFormatter, unstableWords: number = TEXT_DEFAULTS.unstableWords) {
    this.#formatter = formatter;
    this.#unstableWords = Math.max(0, unstableWords);
  }

  #format(words: readonly string[]): string {
    return this.#formatter.text(words.join(' '));
  }

  /** The tail formatted on its own, joined to the stable text (used when whole-text formatting disagrees). */
  #continuation(tail: readonly string[]): string {
    let text = this.#format(tail);
    if (text === '') return '';
    const sentenceEnded = this.#stable === '' || /[.!?]["')]*$|\n$/.test(this.#stable);
    if (
      !sentenceEnded &&
      this.#formatter.settings.casing &&
      /^[A-Z][a-z']/.test(text) &&
      fixWordCase(tail[0]!) === tail[0]
    ) {
      text = text[0]!.toLowerCase() + text.slice(1);
    }
    const joins = this.#stable === '' || /[\s("]$/.test(this.#stable) || /^[.,;:!?)\n]/.test(text);
    return joins ? text : ` ${text}`;
  }

  update(raw: string): StreamingText {
    const words = splitWords(raw);
    const all = this.#committed.concat(words.slice(this.#committed.length));
    const base = this.#committed.length;
    // Once whole-text formatting has disagreed with the stable text, keep formatting only the tail.
    const render = (n: number) =>
      this.#detached ? this.#stable + this.#continuation(all.slice(base, n)) : this.#format(all.slice(0, n));
    let full = render(all.length);
    if (!full.startsWith(this.#stable)) {
      this.#detached = true;
      full = render(all.length);
    }
    for (let n = all.length - this.#unstableWords; n > base; n--) {
      // Never settle inside a phrase the next words may still complete ("five point" → "5.0", "no space").
      if (!this.#formatter.canSettleAt(all, n)) continue;
      const text = render(n);
      const atSpace = full.length === text.length || /\s/.test(full[text.length]!);
      if (text.startsWith(this.#stable) && full.startsWith(text) && atSpace) {
        this.#committed = all.slice(0, n);
        this.#stable = text;
        break;
      }
    }
    const unstable = full.slice(this.#stable.length);
    return { stable: this.#stable, unstable, text: this.#stable + unstable };
  }

  /** The utterance's final text, formatted whole; the formatter is then ready for the next utterance. */
  finish(raw: string): string {
    const text = this.#formatter.text(raw);
    this.reset();
    return text;
  }

  reset(): void {
    this.#committed = [];
    this.#stable = '';
    this.#detached = false;
  }
}
