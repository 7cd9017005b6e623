/**
 * The live line of `verba dictate` on a terminal: state and partial text redrawn in place (stable text
 * plain, the unstable tail dimmed), messages printed above it. When stderr is not a terminal only
 * messages are written, one per line, so logs and tests stay readable.
 *
 *   const live = new LiveLine(process.stderr);
 *   live.state('listening'); live.partial('Hello', ' wor'); live.message('Ready.'); live.clear();
 */
import type { DictationPhase } from '../../common/dictation/push-to-talk.ts';

const MARK: Record<DictationPhase, string> = {
  idle: '·',
  starting: '…',
  listening: '●',
  finishing: '◐',
  inserting: '⇥',
  cancelled: '×',
  failed: '!',
};

export class LiveLine {
  readonly #out: NodeJS.WriteStream;
  readonly #tty: boolean;
  #phase: DictationPhase = 'idle';
  #stable = '';
  #unstable = '';
  #drawn = false;

  constructor(out: NodeJS.WriteStream) {
    this.#out = out;
    this.#tty = out.isTTY === true;
  }

  state(phase: DictationPhase): void {
    this.#phase = phase;
    if (phase === 'starting') {
      this.#stable = '';
      this.#unstable = '';
    }
    this.#draw();
  }

  partial(stable: string, unstable: string): void {
    this.#stable = stable;
    this.#unstable = unstable;
    this.#draw();
  }

  message(line: string): void {
    if (this.#tty && this.#drawn) this.#out.write('\r\x1b[2K');
    this.#out.write(`${line}\n`);
    this.#drawn = false;
    this.#draw();
  }

  clear(): void {
    if (this.#tty && this.#drawn) this.#out.write('\r\x1b[2K');
    this.#drawn = false;
    this.#stable = '';
    this.#unstable = '';
  }

  #draw(): void {
    if (!this.#tty) return;
    const width = Math.max(20, (this.#out.columns ?? 80) - 3);
    const text = `${this.#stable}${this.#unstable}`.replace(/\s+/g, ' ');
    // Only the end of a long utterance fits: show its tail, where the words are changing.
    const shown = text.length > width ? `…${text.slice(text.length - width + 1)}` : text;
    const cut = Math.max(0, shown.length - this.#unstable.replace(/\s+/g, ' ').length);
    const line = `${MARK[this.#phase]} ${shown.slice(0, cut)}\x1b[2m${shown.slice(cut)}\x1b[0m`;
    this.#out.write(`\r\x1b[2K${line}`);
    this.#drawn = true;
  }
}
