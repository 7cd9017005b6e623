/**
 * CaptureBackend over naudiodon (PortAudio). Each list/open forks naudiodon-worker.ts so PortAudio's
 * native threads can neither block this event loop nor crash this process; a hung or dead worker is
 * reported as a lost device, never as a crash.
 *
 *   const backend = naudiodonBackend();
 *   const mics = await backend.listInputDevices();
 */
import { fork, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { AUDIO_DEFAULTS } from '../../common/defaults.ts';
import { VerbaError } from '../../common/result.ts';
import type {
  CaptureBackend,
  CaptureRequest,
  InputDevice,
  RawCapture,
  RawCaptureEvents,
  WorkerCaptureRequest,
  WorkerMessage,
} from './capture-backend.ts';

const WORKER = fileURLToPath(new URL('./naudiodon-worker.ts', import.meta.url));
const STARTUP_TIMEOUT_MS = AUDIO_DEFAULTS.captureStartTimeoutMs;
const STOP_TIMEOUT_MS = AUDIO_DEFAULTS.captureStopTimeoutMs;
/** ALSA/JACK probing chatter that PortAudio prints on every initialisation; not useful in errors. */
const NOISE =
  /^(ALSA lib|Cannot connect to server|jack server|JackShm|PortAudio V|Input audio options|Input device name|Finishing input)/;

export interface NaudiodonBackendOptions {
  /** Worker entry; a bundled app passes its compiled worker here. */
  workerPath?: string;
  /** Extra environment for the worker (tests pick a PulseAudio source with PULSE_SOURCE). */
  env?: NodeJS.ProcessEnv;
}

function spawnWorker(
  options: NaudiodonBackendOptions,
  args: string[],
): { child: ChildProcess; stderrTail: () => string } {
  // Audio comes on a pipe of its own (index 4, the worker's AUDIO_FD); stdout carries only the
  // native library's printf chatter, which is read with stderr for error messages.
  const child = fork(options.workerPath ?? WORKER, args, {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc', 'pipe'],
    // naudiodon registers a segfault handler that writes crash.log into the working directory.
    cwd: tmpdir(),
    env: { ...process.env, ...options.env },
  });
  const lines: string[] = [];
  for (const text of [child.stdout, child.stderr]) {
    text?.setEncoding('utf8');
    text?.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) if (line.trim() && !NOISE.test(line)) lines.push(line.trim());
      lines.splice(0, Math.max(0, lines.length - 5));
    });
  }
  return { child, stderrTail: () => lines.join(' | ') };
}

const exitText = (code: number | null, signal: NodeJS.Signals | null) =>
  signal ? `signal ${signal}` : `exit code ${String(code)}`;

export function naudiodonBackend(options: NaudiodonBackendOptions = {}): CaptureBackend {
  return {
    name: 'naudiodon',
    listInputDevices: () => listInputDevices(options),
    open: (request, events) => openCapture(options, request, events),
  };
}

function listInputDevices(options: NaudiodonBackendOptions): Promise<InputDevice[]> {
  return new Promise((resolve, reject) => {
    const { child, stderrTail } = spawnWorker(options, ['list']);
    let settled = false;
    const finish = (error: VerbaError | null, devices?: InputDevice[]) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(devices ?? []);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(
        new VerbaError(
          'CaptureUnavailable',
          'Listing microphones timed out: the audio system (PortAudio) did not answer.',
        ),
      );
    }, STARTUP_TIMEOUT_MS);
    child.on('message', (m: WorkerMessage) => {
      if (m.type === 'devices') finish(null, m.devices);
      else if (m.type === 'fatal')
        finish(new VerbaError('CaptureUnavailable', `Microphones cannot be used: ${m.message}.`));
    });
    child.on('error', (e) =>
      finish(new VerbaError('CaptureUnavailable', `The audio capture process could not start: ${e.message}.`)),
    );
    child.on('exit', (code, signal) =>
      finish(
        new VerbaError(
          'CaptureUnavailable',
          `The audio capture process stopped (${exitText(code, signal)}) before listing microphones${stderrTail() ? `: ${stderrTail()}` : ''}.`,
        ),
      ),
    );
  });
}

function openCapture(
  options: NaudiodonBackendOptions,
  request: CaptureRequest,
  events: RawCaptureEvents,
): Promise<RawCapture> {
  return new Promise((resolve, reject) => {
    const workerRequest: WorkerCaptureRequest = {
      ...request,
      maxQueue: AUDIO_DEFAULTS.captureMaxQueue,
      quitGraceMs: AUDIO_DEFAULTS.captureQuitGraceMs,
      flushMs: AUDIO_DEFAULTS.captureFlushMs,
    };
    const { child, stderrTail } = spawnWorker(options, ['capture', JSON.stringify(workerRequest)]);
    let started: { device: InputDevice; sampleRate: number; channels: number } | null = null;
    /** Set by stop(): from then on the worker's exit is the end asked for, not a loss. */
    let stopped: Promise<void> | null = null;
    let ended = false;
    let pending = Buffer.alloc(0);
    let lastData = Date.now();
    let watchdog: NodeJS.Timeout | undefined;
    // 'close', not 'exit': the worker's last buffers may still be in the audio pipe when it exits, and
    // stop() must not resolve before they were delivered.
    const exited = new Promise<void>((done) => child.once('close', () => done()));

    const fail = (message: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new VerbaError('CaptureUnavailable', message));
    };
    const lose = (reason: string) => {
      if (ended || stopped !== null) return;
      ended = true;
      clearInterval(watchdog);
      child.kill('SIGKILL');
      events.onLost(reason);
    };
    const timer = setTimeout(
      () =>
        fail(
          `The microphone did not start within ${STARTUP_TIMEOUT_MS / 1000} s: the audio system (PortAudio) did not answer.`,
        ),
      STARTUP_TIMEOUT_MS,
    );

    const audio = child.stdio[4] as Readable;
    const audioEnded = new Promise<void>((done) => audio.once('close', () => done()));
    audio.on('data', (chunk: Buffer) => {
      if (started === null || ended) return;
      lastData = Date.now();
      const bytes = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
      const frameBytes = 4 * started.channels;
      const usable = bytes.length - (bytes.length % frameBytes);
      pending = Buffer.from(bytes.subarray(usable));
      if (usable === 0) return;
      // Copy into a fresh, aligned ArrayBuffer: pipe chunks may start at any byte offset.
      const samples = new Float32Array(usable / 4);
      new Uint8Array(samples.buffer).set(bytes.subarray(0, usable));
      events.onData(samples);
    });
    child.on('message', (m: WorkerMessage) => {
      if (m.type === 'started') {
        clearTimeout(timer);
        started = { device: m.device, sampleRate: m.sampleRate, channels: m.channels };
        lastData = Date.now();
        let anyData = false;
        audio.once('data', () => (anyData = true));
        watchdog = setInterval(() => {
          const limit = anyData ? AUDIO_DEFAULTS.deviceStallMs : AUDIO_DEFAULTS.firstAudioTimeoutMs;
          if (Date.now() - lastData > limit) lose(`no audio arrived from ${m.device.name} for ${limit} ms`);
        }, AUDIO_DEFAULTS.captureWatchdogMs);
        const capture: RawCapture = {
          device: m.device,
          sampleRate: m.sampleRate,
          channels: m.channels,
          audioAfterStopMs: workerRequest.flushMs,
          ...(child.pid !== undefined ? { processId: child.pid } : {}),
          stop() {
            if (ended) return exited;
            if (stopped !== null) return stopped;
            clearInterval(watchdog);
            // The recording ends with the audio pipe (the worker flushes, then ends it); PortAudio's quit
            // may take half a second more, and the process is left to exit (or be killed) on its own.
            stopped = Promise.race([audioEnded, exited]);
            if (child.connected) child.send('stop');
            const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
            void exited.then(() => clearTimeout(killer));
            return stopped;
          },
        };
        resolve(capture);
      } else if (m.type === 'fatal') {
        if (started === null) fail(`The microphone cannot be used: ${m.message}.`);
        else lose(m.message);
      } else if (m.type === 'lost') {
        lose(m.message);
      }
    });
    child.on('error', (e) =>
      started === null ? fail(`The audio capture process could not start: ${e.message}.`) : lose(e.message),
    );
    child.on('exit', (code, signal) => {
      if (started === null)
        fail(
          `The audio capture process stopped (${exitText(code, signal)}) before the microphone opened${stderrTail() ? `: ${stderrTail()}` : ''}.`,
        );
      else lose(`the audio capture process stopped (${exitText(code, signal)})`);
    });
  });
}
