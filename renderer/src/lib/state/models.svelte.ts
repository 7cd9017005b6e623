/**
 * The Models panel's state: the catalog with what is installed and in use, downloads with their live
 * progress (onDidDownloadProgress), cancel/resume, import, delete and the choice of model. Errors are
 * kept per model, so a failed download says so on its own row.
 *
 *   $effect(() => models.connect());
 *   await models.download('asapp/sew-d-tiny-100k-ft-ls100h');
 */
import type { DownloadProgressEvent, ModelEntry } from '../../../../electron/common/contract/models.ts';
import type { EngineChoice, EngineReport } from '../../../../electron/common/engine-choice.ts';
import type { Result } from '../../../../electron/common/result.ts';
import { AsyncCall } from '../async-call.svelte.ts';
import { verba } from '../verba.ts';

/** 96_500_000 → '96.5 MB'. Decimal units, as download sizes are usually written. */
export function bytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB'];
  let value = n / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

/** 95 → '1 min 35 s left'; null → '' (speed not measured yet). */
export function eta(seconds: number | null): string {
  if (seconds === null) return '';
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s left`;
  const m = Math.floor(seconds / 60);
  return m >= 60 ? `${Math.floor(m / 60)} h ${m % 60} min left` : `${m} min ${Math.round(seconds % 60)} s left`;
}

/** 24_127_423 → '24.1 M'. */
export const parameters = (n: number) => `${(n / 1e6).toFixed(1)} M`;

class ModelsState {
  readonly list = new AsyncCall(() => verba().listModels());
  /** Live progress of the downloads this window started or sees, by model id. */
  progress = $state<Record<string, DownloadProgressEvent>>({});
  /** Downloads running now (set at once on click, before the first progress event). */
  running = $state<Record<string, true>>({});
  /** One sentence per model whose last action failed. */
  errors = $state<Record<string, string>>({});
  /** A failure of Import folder… (not tied to a row). */
  importError = $state<string | null>(null);
  importing = $state(false);

  get items(): ModelEntry[] {
    return this.list.value ?? [];
  }

  get inUse(): ModelEntry | undefined {
    return this.items.find((m) => m.selected);
  }

  /** First run: the demo stands in and the default model is not installed. */
  get offer(): ModelEntry | undefined {
    if (this.inUse?.demo !== true) return undefined;
    return this.items.find((m) => m.isDefault && !m.installed);
  }

  isRunning = (m: ModelEntry) => this.running[m.id] === true || m.downloading;

  load = () => this.list.run();

  /** Starts (or resumes) a download; resolves when it is installed, cancelled or failed. */
  async download(id: string): Promise<void> {
    delete this.errors[id];
    this.running[id] = true;
    const call = new AsyncCall(() => verba().downloadModel(id));
    await call.run();
    delete this.running[id];
    delete this.progress[id];
    if (call.error !== null && call.errorName !== 'DownloadCancelled') this.errors[id] = call.error;
    await this.load();
  }

  async cancel(id: string): Promise<void> {
    await this.#act(id, () => verba().cancelDownload(id));
  }

  async select(id: string): Promise<void> {
    await this.#act(id, () => verba().selectModel(id));
    await engine.load(); // the speed shown was the previous model's
  }

  async remove(id: string): Promise<void> {
    await this.#act(id, () => verba().deleteModel(id));
  }

  /** The OS folder dialog, then a copy into Verba's model folder; returns the new entry's id. */
  async importFolder(): Promise<string | null> {
    this.importError = null;
    const pick = new AsyncCall(() => verba().pickFiles({ purpose: 'model' }));
    const [folder] = (await pick.run()) ?? [];
    if (pick.error !== null) this.importError = pick.error;
    if (folder === undefined) return null;
    this.importing = true;
    const call = new AsyncCall(() => verba().importModel(folder));
    const imported = await call.run();
    this.importing = false;
    this.importError = call.error;
    await this.load();
    return imported?.id ?? null;
  }

  async #act<T>(id: string, run: () => Promise<Result<T>>): Promise<void> {
    delete this.errors[id];
    const call = new AsyncCall(run);
    await call.run();
    if (call.error !== null) this.errors[id] = call.error;
    await this.load();
  }

  /** Subscribes to download progress and loads the list; returns the unsubscribe. */
  connect(): () => void {
    const stop = verba().onDidDownloadProgress((e) => {
      this.progress[e.id] = e;
    });
    void this.load();
    return stop;
  }
}

export const models = new ModelsState();

/** Settings → Models → Processor: the choice (saved at once), and the speed measured with it. */
class EngineStateHolder {
  readonly state = new AsyncCall(() => verba().getEngine());
  readonly measuring = new AsyncCall(() => verba().measureEngine());
  saveError = $state<string | null>(null);

  /** The choice as saved; null until loaded. */
  get choice(): EngineChoice | null {
    return this.state.value?.choice ?? null;
  }

  /** The measurement of the model in use with the current choice, as main keeps it (none after a change). */
  get report(): EngineReport | null {
    return this.state.value?.report ?? null;
  }

  load = () => this.state.run();

  /** Saves one field of the choice; a measurement of the previous choice no longer applies. */
  async set(change: Partial<EngineChoice>): Promise<void> {
    const current = this.choice;
    if (current === null) return;
    const save = new AsyncCall(() => verba().setEngine({ ...current, ...change }));
    const next = await save.run();
    this.saveError = save.error;
    if (next !== null) this.state.value = next;
  }

  /** Measures in the inference host; main keeps the report with the model and choice it is for, as here. */
  measure = async (): Promise<void> => {
    const report = await this.measuring.run();
    if (report !== null && this.state.value !== null) this.state.value = { ...this.state.value, report };
  };
}

export const engine = new EngineStateHolder();

/** 'webgpu' → 'WebGPU': provider names as their makers write them. */
export const providerLabel = (p: string): string =>
  ({ auto: 'Automatic', cpu: 'CPU', webgpu: 'WebGPU', cuda: 'CUDA', dml: 'DirectML', coreml: 'Core ML' })[p] ?? p;

/** 'auto' → 'Automatic', int8 → 'int8 (fastest on a CPU)'. */
export const variantLabel = (v: string): string =>
  ({
    auto: 'Automatic (int8 on a CPU, fp16 on a GPU)',
    fp32: 'fp32 (exact)',
    int8: 'int8 (fastest on a CPU)',
    fp16: 'fp16 (for GPUs)',
  })[v] ?? v;
