/**
 * The user's text settings, one copy for the whole window: the Words and Text cards edit it, the
 * writing preview formats with it. Each change is stored by the Node side and the stored value
 * comes back, so what is shown is what is saved.
 *
 *   await textSettings.load();
 *   await textSettings.save({ ...textSettings.value!, digits: true }, 'Numbers will be written as digits.');
 */
import type { TextSettings } from '../../../../electron/common/text-settings.ts';
import { AsyncCall } from '../async-call.svelte.ts';
import { verba } from '../verba.ts';

class TextSettingsState {
  readonly #load = new AsyncCall(() => verba().getTextSettings());
  readonly #save = new AsyncCall((next: TextSettings) => verba().saveTextSettings(next));
  readonly #import = new AsyncCall((text: string) => verba().importWords(text));
  readonly #export = new AsyncCall(() => verba().exportWords());
  value = $state<TextSettings | null>(null);
  /** What the last change did, in a sentence, and which card made it (that card shows the status line). */
  status = $state<string | null>(null);
  statusFrom = $state<'words' | 'text'>('words');
  /** Bumped after each stored change, so the preview can format again. */
  revision = $state(0);

  get error(): string | null {
    return this.#load.error ?? this.#save.error ?? this.#import.error ?? this.#export.error;
  }

  async load() {
    const loaded = await this.#load.run();
    if (loaded !== null) this.value = loaded;
  }

  async #stored(settings: TextSettings | null, done: string, from: 'words' | 'text') {
    this.statusFrom = from;
    if (settings === null) return false;
    this.value = settings;
    this.status = done;
    this.revision++;
    return true;
  }

  async save(next: TextSettings, done: string, from: 'words' | 'text' = 'words') {
    this.#import.error = null;
    return this.#stored(await this.#save.run(next), done, from);
  }

  async importWords(text: string, name: string) {
    this.#save.error = null;
    return this.#stored(await this.#import.run(text), `Imported ${name}.`, 'words');
  }

  /** The words file's text, or null (the error is shown). */
  exportWords(): Promise<string | null> {
    return this.#export.run();
  }

  addWord(word: string) {
    const v = this.value;
    if (v === null || word.trim() === '') return;
    if (v.vocabulary.includes(word.trim())) return void (this.status = `“${word.trim()}” is already in your words.`);
    return this.save({ ...v, vocabulary: [...v.vocabulary, word.trim()] }, `Added “${word.trim()}”.`);
  }

  removeWord(word: string) {
    const v = this.value;
    if (v === null) return;
    return this.save({ ...v, vocabulary: v.vocabulary.filter((w) => w !== word) }, `Removed “${word}”.`);
  }

  addReplacement(find: string, replace: string) {
    const v = this.value;
    if (v === null || find.trim() === '') return;
    const replacements = [...v.replacements.filter((r) => r.find !== find.trim()), { find: find.trim(), replace }];
    return this.save({ ...v, replacements }, `“${find.trim()}” will be written as “${replace}”.`);
  }

  removeReplacement(find: string) {
    const v = this.value;
    if (v === null) return;
    return this.save({ ...v, replacements: v.replacements.filter((r) => r.find !== find) }, `Removed “${find}”.`);
  }
}

export const textSettings = new TextSettingsState();
