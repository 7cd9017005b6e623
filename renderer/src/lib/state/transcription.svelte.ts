/**
 * The Files queue: recordings handed to Files (picked in the open dialog, dropped, or recovered after a
 * crash), run one after another in the inference host, each as its own job (its id names its progress
 * events and its cancel). Files added while the queue runs join it; a file that fails says why and the
 * rest go on. Finished transcripts are stored in the library by the service. The model applies to the
 * next runs; the text options are the stored settings (Settings → Text), which the host applies per call.
 *
 *   transcription.add(['/home/ada/talk.m4a']);
 *   await transcription.runAll();       // elsewhere: transcription.cancel(key), transcription.cancelAll()
 */
import type { ProgressEvent } from '../../../../electron/common/ipc-types.ts';
import type { Transcript } from '../../../../electron/common/transcript.ts';
import { jobFraction, remainingSeconds } from '../../../../electron/common/file-queue.ts';
import { AsyncCall } from '../async-call.svelte.ts';
import { verba } from '../verba.ts';

export type FileJobStatus = 'ready' | 'running' | 'done' | 'failed' | 'cancelled';

export interface FileJob {
  /** Unique in the list (the same file can be added again after it ran). */
  key: number;
  /** The service's job id for the current run (progress events and cancel name it). */
  jobId: string;
  path: string;
  name: string;
  status: FileJobStatus;
  /** 0..1 done; null while unknown (a container whose length needs a decode). */
  fraction: number | null;
  /** The recording's length from its header, when the service could read it. */
  totalSeconds: number | null;
  /** Audio done so far, seconds. */
  audioSeconds: number;
  /** Date.now() when this run started, and when it ended. */
  startedAt: number | null;
  endedAt: number | null;
  /** A cancel was asked for and the host has not stopped yet. */
  cancelling: boolean;
  transcript: Transcript | null;
  /** The library's id of the stored transcript; null when not (yet) stored. */
  savedId: number | null;
  /** One sentence when the transcript could not be stored. */
  warning: string | null;
  error: string | null;
}

/** What a row shows about time: seconds since the run started, and the estimate of what is left. */
export interface JobTiming {
  elapsed: number;
  remaining: number | null;
}

const baseName = (path: string) => path.split(/[\\/]/).pop() || path;
/** Job ids unique across reloads of the page (the service refuses a second job with a running id). */
const RUN = Math.random().toString(36).slice(2, 10);
/** How often the elapsed time and ETA of the running row are refreshed. */
const TICK_MS = 500;

class TranscriptionState {
  jobs = $state<FileJob[]>([]);
  /** A model folder (chosen in Settings) or hub id; the default model when empty. */
  model = $state('');
  /** The job whose transcript is open. */
  selected = $state<number | null>(null);
  running = $state(false);
  /** The clock rows read elapsed time from (ticks while a file runs, so the page never polls otherwise). */
  now = $state(Date.now());
  #next = 1;
  #runs = 0;
  /** Progress is heard from the first run on, for the page's lifetime (one listener for every job). */
  #listening = false;
  readonly pick = new AsyncCall(() => verba().pickFiles({ purpose: 'transcribe', multiple: true }));

  get pending(): number {
    return this.jobs.filter((job) => job.status === 'ready').length;
  }

  /** Adds files not already waiting; returns how many were added. */
  add(paths: string[]): number {
    const waiting = new Set(this.jobs.filter((j) => j.status === 'ready').map((j) => j.path));
    const fresh = [...new Set(paths)].filter((path) => path !== '' && !waiting.has(path));
    for (const path of fresh) this.jobs.push(this.#fresh({ key: this.#next++, path, name: baseName(path) }));
    return fresh.length;
  }

  async chooseFiles(): Promise<number> {
    return this.add((await this.pick.run()) ?? []);
  }

  remove(key: number) {
    this.jobs = this.jobs.filter((job) => job.key !== key || job.status === 'running');
    if (this.selected === key) this.selected = null;
  }

  /** A failed or cancelled file goes back into the queue (run next if the queue is running). */
  retry(key: number) {
    const index = this.jobs.findIndex((job) => job.key === key);
    const job = this.jobs[index];
    if (job === undefined || (job.status !== 'failed' && job.status !== 'cancelled')) return;
    this.jobs[index] = this.#fresh(job);
  }

  /** A waiting file is taken out of the run; the running one is stopped in the host (within a window). */
  async cancel(key: number) {
    const job = this.jobs.find((j) => j.key === key);
    if (job?.status === 'ready') job.status = 'cancelled';
    if (job?.status !== 'running' || job.cancelling) return;
    job.cancelling = true;
    await verba().cancelTranscription(job.jobId);
  }

  async cancelAll() {
    for (const job of this.jobs) if (job.status === 'ready') job.status = 'cancelled';
    await Promise.all(this.jobs.filter((j) => j.status === 'running').map((j) => this.cancel(j.key)));
  }

  timing(job: FileJob): JobTiming | null {
    if (job.startedAt === null) return null;
    const elapsed = Math.max(0, ((job.endedAt ?? this.now) - job.startedAt) / 1000);
    return { elapsed, remaining: job.status === 'running' ? remainingSeconds(job.fraction, elapsed) : null };
  }

  /** Runs every ready file in order, and those added meanwhile; a file that fails says why and the rest go on. */
  async runAll() {
    if (this.running) return;
    this.running = true;
    if (!this.#listening) {
      verba().onDidProgress((event) => this.#progress(event));
      this.#listening = true;
    }
    const tick = setInterval(() => (this.now = Date.now()), TICK_MS);
    try {
      for (let job = this.#nextReady(); job !== undefined; job = this.#nextReady()) await this.#run(job);
    } finally {
      clearInterval(tick);
      this.now = Date.now();
      this.running = false;
    }
  }

  #fresh = (from: Pick<FileJob, 'key' | 'path' | 'name'>): FileJob => ({
    key: from.key,
    path: from.path,
    name: from.name,
    jobId: '',
    status: 'ready',
    fraction: null,
    totalSeconds: null,
    audioSeconds: 0,
    startedAt: null,
    endedAt: null,
    cancelling: false,
    transcript: null,
    savedId: null,
    warning: null,
    error: null,
  });

  #nextReady = () => this.jobs.find((job) => job.status === 'ready');

  #progress(event: ProgressEvent) {
    if (event.task !== 'transcribe' || event.jobId === undefined) return;
    const job = this.jobs.find((j) => j.jobId === event.jobId && j.status === 'running');
    if (job === undefined) return;
    if (event.totalSeconds !== undefined) job.totalSeconds = event.totalSeconds;
    if (event.seconds !== undefined) job.audioSeconds = event.seconds;
    job.fraction = jobFraction(event, job.totalSeconds) ?? job.fraction;
  }

  async #run(job: FileJob) {
    job.jobId = `file-${RUN}-${++this.#runs}`;
    job.status = 'running';
    job.startedAt = this.now = Date.now();
    const model = this.model.trim();
    const call = new AsyncCall(() =>
      verba().transcribeFile({ path: job.path, jobId: job.jobId, ...(model ? { model } : {}) }),
    );
    const result = await call.run();
    job.endedAt = this.now = Date.now();
    job.cancelling = false;
    if (result !== null) {
      Object.assign(job, { status: 'done', fraction: 1, ...result });
      this.selected ??= job.key;
    } else if (call.errorName === 'Cancelled') {
      job.status = 'cancelled';
    } else {
      job.status = 'failed';
      job.error = call.error;
    }
  }
}

export const transcription = new TranscriptionState();
