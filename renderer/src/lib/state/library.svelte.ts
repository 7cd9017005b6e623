/**
 * The Transcripts screen's state: the history (newest first, filtered, paged, or a search with marked
 * hits), the transcript open in the editor (words, undo, debounced autosave, audio), and the Undo toast
 * after a delete. Every call goes through AsyncCall, so errors arrive as sentences.
 *
 *   await library.load();             // history with the current filters
 *   await library.open(12);           // editor: library.editor.words, .paragraphs, .audio
 *   library.editor?.edit(words);      // pushes an undo state and autosaves
 *   await library.retranscribe('verba-demo-sewd', 'beam'); // progress in library.again; cancellable
 */
import type {
  LibraryTranscript,
  RetranscribeRequest,
  TranscriptAudio,
} from '../../../../electron/common/contract/library.ts';
import type { DecoderInfo, SearchHit, TranscriptKind, TranscriptSummary } from '../../../../electron/common/library.ts';
import { dateRange, type DateFilter } from '../../../../electron/common/library-view.ts';
import { paragraphs, transcriptWords, UndoStack, withWords } from '../../../../electron/common/transcript-edit.ts';
import { EDITOR_DEFAULTS } from '../../../../electron/common/defaults.ts';
import type { TranscriptFormat } from '../../../../electron/common/transcript-format.ts';
import type { TranscriptWord } from '../../../../electron/common/transcript.ts';
import { ok, type Result } from '../../../../electron/common/result.ts';
import { AsyncCall } from '../async-call.svelte.ts';
import { verba } from '../verba.ts';

/**
 * An AsyncCall whose value is kept raw: AsyncCall holds its value as deep $state, and a 2-hour
 * transcript read through Svelte's proxies (18,000 words) costs hundreds of milliseconds on opening.
 */
class RawCall<T, A extends unknown[]> extends AsyncCall<true, A> {
  readonly #last: { value: T | null };

  constructor(call: (...args: A) => Promise<Result<T>>) {
    const last: { value: T | null } = { value: null };
    super(async (...args: A) => {
      const result = await call(...args);
      if (!result.ok) return result;
      last.value = result.value;
      return ok(true as const);
    });
    this.#last = last;
  }

  /** Runs the call; its value (not a proxy), or null after setting `error`. */
  async take(...args: A): Promise<T | null> {
    return (await this.run(...args)) === null ? null : this.#last.value;
  }
}

/** How the editor names the decoder that wrote a transcript. */
export function decoderLabel(d: DecoderInfo): string {
  if (d.decoder === 'greedy') return 'greedy decoding';
  const beam = d.beamWidth === undefined ? 'beam search' : `beam search (width ${d.beamWidth})`;
  return d.lm === undefined ? beam : `${beam} with ${d.lm}`;
}

/** A re-transcription in progress: audio seconds done of the transcript's length. */
export interface AgainProgress {
  jobId: string;
  seconds: number;
  total: number;
  cancelling: boolean;
}

export type HistoryItem = TranscriptSummary & Partial<Pick<SearchHit, 'snippet'>>;
const PAGE = 50;
/** An edit is stored this long after the last change (typing several fixes costs one write). */
export const AUTOSAVE_MS = 700;
const TOAST_MS = 10_000;

export class TranscriptEditor {
  stored: LibraryTranscript;
  words = $state.raw<TranscriptWord[]>([]);
  readonly audio: TranscriptAudio | null;
  saving = $state<'saved' | 'pending' | 'saving'>('saved');
  readonly paragraphs = $derived(paragraphs(this.words));
  /** Per word: heard with low confidence (marked for review). */
  readonly lowConfidence = $derived(this.words.map((w) => w.confidence < EDITOR_DEFAULTS.lowConfidence));
  canUndo = $state(false);
  canRedo = $state(false);
  readonly save = new RawCall((transcriptWords: TranscriptWord[]) =>
    verba().updateTranscript({ id: this.stored.id, transcript: withWords(this.stored.transcript, transcriptWords) }),
  );
  readonly rename = new RawCall((title: string) => verba().updateTranscript({ id: this.stored.id, title }));
  readonly exporter = new AsyncCall((format: TranscriptFormat, participants: string[]) =>
    verba().exportTranscript({
      id: this.stored.id,
      format,
      ...(participants.length > 0 && format === 'md' ? { participants } : {}),
    }),
  );
  #history: UndoStack<TranscriptWord[]>;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(stored: LibraryTranscript, words: TranscriptWord[], audio: TranscriptAudio | null) {
    this.stored = $state.raw(stored);
    this.words = words;
    this.audio = audio;
    this.#history = new UndoStack(words);
  }

  /** A new state of the words (an edit or a replace): undoable, and saved shortly after. */
  edit(words: TranscriptWord[]) {
    this.#show(this.#history.push(words));
  }
  undo = () => this.#show(this.#history.undo());
  redo = () => this.#show(this.#history.redo());

  #show(words: TranscriptWord[]) {
    this.words = words;
    this.canUndo = this.#history.canUndo;
    this.canRedo = this.#history.canRedo;
    this.saving = 'pending';
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.flush(), AUTOSAVE_MS);
  }

  /** Stores a pending edit now (closing the editor, leaving the screen). */
  async flush() {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.saving !== 'pending') return;
    this.saving = 'saving';
    const words = this.words;
    const saved = await this.save.take(words);
    if (saved !== null) this.stored = saved;
    // Another edit while saving is saved by its own timer.
    if (this.saving === 'saving') this.saving = saved === null ? 'pending' : 'saved';
  }

  async setTitle(title: string) {
    const trimmed = title.trim();
    if (trimmed === '' || trimmed === this.stored.title) return;
    const saved = await this.rename.take(trimmed);
    if (saved !== null) this.stored = { ...this.stored, title: saved.title, updatedAt: saved.updatedAt };
  }
}

class LibraryState {
  search = $state('');
  kind = $state<TranscriptKind | 'all'>('all');
  when = $state<DateFilter>('any');
  items = $state.raw<HistoryItem[]>([]);
  total = $state(0);
  /** The search the items answer (the box may have moved on while typing). */
  shownSearch = $state('');
  editor = $state<TranscriptEditor | null>(null);
  toast = $state<{ message: string; undo: (() => void) | null } | null>(null);
  readonly page = new AsyncCall((offset: number) => {
    const text = this.search.trim();
    const query = {
      ...(this.kind === 'all' ? {} : { kind: this.kind }),
      ...dateRange(this.when, Date.now()),
      limit: PAGE,
      offset,
    };
    return text === '' ? verba().listTranscripts(query) : verba().searchTranscripts({ ...query, text });
  });
  /** The stored transcript alone: the editor makes its words and paragraphs (half what openTranscript sends). */
  readonly opening = new RawCall((id: number) => verba().getTranscript(id));
  readonly audio = new AsyncCall((id: number) => verba().transcriptAudio(id));
  readonly removal = new AsyncCall((id: number) => verba().deleteTranscript(id));
  readonly restoration = new AsyncCall((id: number) => verba().restoreTranscript(id));
  readonly models = new AsyncCall(() => verba().retranscribeModels());
  readonly retranscription = new RawCall((request: RetranscribeRequest) => verba().retranscribeTranscript(request));
  again = $state<AgainProgress | null>(null);
  #jobs = 0;
  #toastTimer: ReturnType<typeof setTimeout> | null = null;
  #loads = 0;

  /** False only while the service says the library is not part of this version. */
  get available(): boolean {
    return this.page.errorName !== 'NotAvailableYet';
  }
  get filtered(): boolean {
    return this.search.trim() !== '' || this.kind !== 'all' || this.when !== 'any';
  }

  /** The first page for the current filters (a later call wins over an earlier one still running). */
  async load() {
    const ticket = ++this.#loads;
    const search = this.search.trim();
    const page = await this.page.run(0);
    if (page === null || ticket !== this.#loads) return;
    this.items = page.items;
    this.total = page.total;
    this.shownSearch = search;
  }

  async more() {
    const ticket = this.#loads;
    const page = await this.page.run(this.items.length);
    if (page === null || ticket !== this.#loads) return;
    this.items = [...this.items, ...page.items];
    this.total = page.total;
  }

  async open(id: number) {
    await this.close();
    this.retranscription.error = null;
    // Both at once: the audio URL is small, and a transcript without audio answers null.
    const [stored, audio] = await Promise.all([this.opening.take(id), this.audio.run(id)]);
    if (stored === null) return;
    this.editor = new TranscriptEditor(stored, transcriptWords(stored.transcript), audio);
  }

  /**
   * Transcribes the open transcript's audio again with `model` and `decoder`; the editor then shows the
   * new text (pending edits are saved first, and replaced). Progress arrives as onDidProgress events.
   */
  async retranscribe(model: string, decoder: RetranscribeRequest['decoder']) {
    const editor = this.editor;
    if (editor === null || this.again !== null) return;
    await editor.flush();
    const jobId = `again-${editor.stored.id}-${++this.#jobs}`;
    const again: AgainProgress = { jobId, seconds: 0, total: editor.stored.duration_s, cancelling: false };
    this.again = again;
    const unlisten = verba().onDidProgress((event) => {
      if (event.jobId !== jobId || this.again === null) return;
      this.again = {
        ...this.again,
        ...(event.totalSeconds !== undefined ? { total: event.totalSeconds } : {}),
        ...(event.seconds !== undefined ? { seconds: event.seconds } : {}),
      };
    });
    try {
      const saved = await this.retranscription.take({ id: editor.stored.id, jobId, model, decoder });
      if (saved !== null && this.editor === editor) {
        this.editor = new TranscriptEditor(saved, transcriptWords(saved.transcript), editor.audio);
        this.showToast(`Transcribed again with ${saved.model}, ${decoderLabel(saved.decoder)}.`);
      }
    } finally {
      unlisten();
      this.again = null;
    }
  }

  async cancelRetranscribe() {
    if (this.again === null || this.again.cancelling) return;
    this.again = { ...this.again, cancelling: true };
    await verba().cancelRetranscription(this.again.jobId);
  }

  /** Back to the history, with any pending edit saved and the list showing it. */
  async close() {
    const editor = this.editor;
    if (editor === null) return;
    await editor.flush();
    this.editor = null;
    await this.load();
  }

  /** Moves to the trash, with an Undo toast for a while. */
  async remove(id: number) {
    const title = this.editor?.stored.title ?? this.items.find((i) => i.id === id)?.title ?? 'Transcript';
    if (this.editor?.stored.id === id) {
      await this.editor.flush();
      this.editor = null;
    }
    if ((await this.removal.run(id)) === null) return;
    this.showToast(`Deleted “${title}”.`, () => void this.restore(id));
    await this.load();
  }

  async restore(id: number) {
    this.dismissToast();
    if ((await this.restoration.run(id)) !== null) await this.load();
  }

  showToast(message: string, undo: (() => void) | null = null) {
    this.dismissToast();
    this.toast = { message, undo };
    this.#toastTimer = setTimeout(() => this.dismissToast(), TOAST_MS);
  }

  dismissToast() {
    if (this.#toastTimer !== null) clearTimeout(this.#toastTimer);
    this.#toastTimer = null;
    this.toast = null;
  }
}

export const library = new LibraryState();
