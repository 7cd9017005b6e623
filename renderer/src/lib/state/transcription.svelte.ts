/**
 * The files the user handed to Files (picked in the open dialog, dropped, or recovered after a
 * crash) and what became of each: transcribed one at a time in the inference host, with the host's
 * progress on the running one. The model applies to the next runs; the text options are the stored
 * settings (Settings → Text), which the host applies per call.
 *
 *   transcription.add(['/home/ada/talk.m4a']);
 *   await transcription.runAll();
 */
import type { Transcript } from '../../../../electron/common/transcript.ts';
import { AsyncCall } from '../async-call.svelte.ts';
import { verba } from '../verba.ts';

export interface FileJob {
  /** Unique in the list (the same file can be added again after it ran). */
  key: number;
  path: string;
  name: string;
  status: 'ready' | 'running' | 'done' | 'failed';
  progress: string | null;
  transcript: Transcript | null;
  error: string | null;
}

const baseName = (path: string) => path.split(/[\\/]/).pop() || path;

class TranscriptionState {
  jobs = $state<FileJob[]>([]);
  /** A model folder (chosen in Settings) or hub id; the default model when empty. */
  model = $state('');
  /** The job whose transcript is open. */
  selected = $state<number | null>(null);
  running = $state(false);
  #next = 1;
  readonly pick = new AsyncCall(() => verba().pickFiles({ purpose: 'transcribe', multiple: true }));

  get pending(): number {
    return this.jobs.filter((job) => job.status === 'ready').length;
  }

  /** Adds files not already waiting; returns how many were added. */
  add(paths: string[]): number {
    const waiting = new Set(this.jobs.filter((j) => j.status === 'ready').map((j) => j.path));
    const fresh = [...new Set(paths)].filter((path) => path !== '' && !waiting.has(path));
    for (const path of fresh)
      this.jobs.push({
        key: this.#next++,
        path,
        name: baseName(path),
        status: 'ready',
        progress: null,
        transcript: null,
        error: null,
      });
    return fresh.length;
  }

  async chooseFiles(): Promise<number> {
    return this.add((await this.pick.run()) ?? []);
  }

  remove(key: number) {
    this.jobs = this.jobs.filter((job) => job.key !== key || job.status === 'running');
    if (this.selected === key) this.selected = null;
  }

  /** Runs every ready file in order; a file that fails says why and the rest go on. */
  async runAll() {
    if (this.running) return;
    this.running = true;
    try {
      for (let job = this.#nextReady(); job !== undefined; job = this.#nextReady()) await this.#run(job);
    } finally {
      this.running = false;
    }
  }

  #nextReady = () => this.jobs.find((job) => job.status === 'ready');

  async #run(job: FileJob) {
    job.status = 'running';
    const model = this.model.trim();
    const call = new AsyncCall(() => verba().transcribeFile({ path: job.path, ...(model ? { model } : {}) }));
    // Host progress has no job id yet, so it is shown on the one running job (files run one at a time).
    const stop = verba().onDidProgress((event) => {
      if (event.task === 'transcribe') job.progress = event.message;
    });
    try {
      job.transcript = await call.run();
    } finally {
      stop();
    }
    job.status = job.transcript !== null ? 'done' : 'failed';
    job.error = call.error;
    job.progress = null;
    if (job.transcript !== null) this.selected = job.key;
  }
}

export const transcription = new TranscriptionState();
