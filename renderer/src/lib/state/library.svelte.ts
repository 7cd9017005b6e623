/**
 * The Transcripts screen's state: the history (newest first, filtered, paged, or a search with marked
 * hits), the transcript open in the editor (words, undo, debounced autosave, audio), and the Undo toast
 * after a delete. Every call goes through AsyncCall, so errors arrive as sentences.
 *
 *   await library.load();             // history with the current filters
 *   await library.open(12);           // editor: library.editor.words, .paragraphs, .audio
 *   library.editor?.edit(words);      // pushes an undo state and autosaves
 */
import type { LibraryTranscript, TranscriptAudio } from '../../../../electron/common/contract/library.ts';
import type { SearchHit, TranscriptKind, TranscriptSummary } from '../../../../electron/common/library.ts';
import { dateRange, type DateFilter } from '../../../../electron/common/library-view.ts';
import { paragraphs, UndoStack, withWords } from '../../../../electron/common/transcript-edit.ts';
import { EDITOR_DEFAULTS } from '../../../../electron/common/defaults.ts';
import type { TranscriptFormat } from '../../../../electron/common/transcript-format.ts';
import type { TranscriptWord } from '../../../../electron/common/transcript.ts';
import { AsyncCall } from '../async-call.svelte.ts';
import { verba } from '../verba.ts';

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
  readonly save = new AsyncCall((transcriptWords: TranscriptWord[]) =>
    verba().updateTranscript({ id: this.stored.id, transcript: withWords(this.stored.transcript, transcriptWords) }),
  );
  readonly rename = new AsyncCall((title: string) => verba().updateTranscript({ id: this.stored.id, title }));
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
    const saved = await this.save.run(words);
    if (saved !== null) this.stored = saved;
    // Another edit while saving is saved by its own timer.
    if (this.saving === 'saving') this.saving = saved === null ? 'pending' : 'saved';
  }

  async setTitle(title: string) {
    const trimmed = title.trim();
    if (trimmed === '' || trimmed === this.stored.title) return;
    const saved = await this.rename.run(trimmed);
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
  readonly opening = new AsyncCall((id: number) => verba().openTranscript(id));
  readonly audio = new AsyncCall((id: number) => verba().transcriptAudio(id));
  readonly removal = new AsyncCall((id: number) => verba().deleteTranscript(id));
  readonly restoration = new AsyncCall((id: number) => verba().restoreTranscript(id));
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
    const opened = await this.opening.run(id);
    if (opened === null) return;
    const audio = opened.stored.hasAudio ? await this.audio.run(id) : null;
    this.editor = new TranscriptEditor(opened.stored, opened.model.words, audio);
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
