/**
 * The capture seam: a backend lists input devices and opens one, delivering raw interleaved Float32
 * at whatever rate the device gave. `Microphone` (microphone.ts) turns that into 16 kHz mono frames.
 * The naudiodon backend runs PortAudio in a child process (naudiodon-worker.ts).
 *
 *   const backend = naudiodonBackend();
 *   const devices = await backend.listInputDevices();
 *   const raw = await backend.open({ deviceId: -1, sampleRate: 16_000, bufferMs: 20 }, {
 *     onData: (interleaved) => …, onLost: (reason) => …,
 *   });
 *   await raw.stop();
 */

import type { InputDevice } from '../../common/ipc-types.ts';

export type { InputDevice };

export interface CaptureRequest {
  deviceId: number;
  /** Preferred rate; the backend falls back to the device's default rate when it is refused. */
  sampleRate: number;
  /** Callback granularity in milliseconds (latency vs. wake-ups). */
  bufferMs: number;
}

export interface RawCaptureEvents {
  /** Interleaved Float32 frames at `RawCapture.sampleRate` × `RawCapture.channels`. */
  onData(interleaved: Float32Array): void;
  /** The device went away or the backend died; the capture is already stopped when this fires. */
  onLost(reason: string): void;
}

export interface RawCapture {
  readonly device: InputDevice;
  readonly sampleRate: number;
  readonly channels: number;
  /** The OS process that talks to the device, when it is not this one (diagnostics and tests). */
  readonly processId?: number;
  /**
   * Audio the capture still delivers after stop() is called, in ms (absent: none). A caller that wants
   * a recording to end at a moment calls stop() this much before it.
   */
  readonly audioAfterStopMs?: number;
  /** Idempotent; resolves once the device is released. */
  stop(): Promise<void>;
}

export interface CaptureBackend {
  readonly name: string;
  listInputDevices(): Promise<InputDevice[]>;
  open(request: CaptureRequest, events: RawCaptureEvents): Promise<RawCapture>;
}

/**
 * What the parent passes the capture worker (argv[3], JSON): the request plus the worker's own tunables,
 * which come from AUDIO_DEFAULTS on the parent side so the worker imports nothing but types (it may run
 * as a lone compiled file).
 */
export interface WorkerCaptureRequest extends CaptureRequest {
  /** Undelivered PortAudio buffers naudiodon may queue. */
  maxQueue: number;
  /** The worker exits this long after asking PortAudio to quit, whether or not quit returned. */
  quitGraceMs: number;
  /** After 'stop', audio PortAudio had captured is still piped this long; then the audio pipe ends. */
  flushMs: number;
}

/** Messages from the worker process to the parent (IPC channel). */
export type WorkerMessage =
  | { type: 'devices'; devices: InputDevice[] }
  | { type: 'started'; device: InputDevice; sampleRate: number; channels: number }
  | { type: 'lost'; message: string }
  | { type: 'fatal'; message: string };
