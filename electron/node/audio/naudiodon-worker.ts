/**
 * Child-process side of the naudiodon capture backend. PortAudio runs native threads and can hang in
 * quit or crash in a driver; in its own process neither can block or take down the app.
 *
 * Protocol: argv[2] is 'list' or 'capture'. 'list' sends { type: 'devices', … } over IPC and exits.
 * 'capture' reads argv[3] (JSON WorkerCaptureRequest), opens the device, sends { type: 'started', … }, then
 * streams interleaved little-endian Float32 frames on file descriptor 4 (a pipe the parent opens) until the
 * parent sends 'stop' or disconnects. Not stdout: naudiodon's native code printf()s there (PortAudio's
 * version and the stream options), C stdio flushes that text at exit, and it was read as the last samples
 * of the utterance (values near 1e30 that wiped out the final transcript).
 * Any failure is sent as { type: 'fatal', message } before exiting with code 3.
 */
import { createRequire } from 'node:module';
import { Socket } from 'node:net';
import { nativeLoadFailure } from './native-load-error.ts';
import type * as Naudiodon from 'naudiodon';
import type { WorkerCaptureRequest, WorkerMessage, InputDevice } from './capture-backend.ts';

// Not named `require`: bundlers inject their own ESM shim of that name.
const requireNative = createRequire(import.meta.url);
/** The audio pipe's descriptor: stdio index 4 of the parent's fork (0–2 standard, 3 IPC). */
export const AUDIO_FD = 4;
const send = (message: WorkerMessage) => process.send?.(message);
const firstLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? String(e);

/** Thrown to unwind after a fatal message was sent; the process exits once the message is flushed. */
class Fatal extends Error {}

function fatal(message: string): never {
  if (process.send) process.send({ type: 'fatal', message } satisfies WorkerMessage, () => process.exit(3));
  else process.exit(3);
  throw new Fatal(message);
}

function load(): typeof Naudiodon {
  try {
    return requireNative('naudiodon') as typeof Naudiodon;
  } catch (error) {
    return fatal(nativeLoadFailure('naudiodon', error));
  }
}

function listDevices(pa: typeof Naudiodon): InputDevice[] {
  const hosts = pa.getHostAPIs();
  const defaultId = hosts.HostAPIs[hosts.defaultHostAPI]?.defaultInput ?? -1;
  return pa
    .getDevices()
    .filter((d) => d.maxInputChannels > 0)
    .map((d) => ({
      id: d.id,
      name: d.name,
      channels: d.maxInputChannels,
      defaultSampleRate: d.defaultSampleRate,
      hostApi: d.hostAPIName,
      isDefault: d.id === defaultId,
    }));
}

function capture(pa: typeof Naudiodon, request: WorkerCaptureRequest): void {
  const devices = listDevices(pa);
  const device =
    request.deviceId === -1 ? devices.find((d) => d.isDefault) : devices.find((d) => d.id === request.deviceId);
  if (device === undefined) {
    fatal(
      request.deviceId === -1 ? 'there is no default microphone' : `there is no microphone with id ${request.deviceId}`,
    );
  }
  // Ask for the engine's rate first; PortAudio refuses rates the device cannot do, then we take its own.
  const rates = [request.sampleRate, device.defaultSampleRate].filter((r, i, all) => all.indexOf(r) === i);
  // Mono first; some drivers only open their native stereo, which the parent mixes down.
  const layouts = [1, Math.min(2, device.channels)].filter((c, i, all) => all.indexOf(c) === i);
  let stream: Naudiodon.IoStreamRead | null = null;
  let rate = 0;
  let channels = 0;
  const failures: string[] = [];
  for (const candidate of rates.flatMap((r) => layouts.map((c) => [r, c] as const))) {
    const [sampleRate, channelCount] = candidate;
    const framesPerBuffer = Math.max(64, Math.round((sampleRate * request.bufferMs) / 1000));
    try {
      stream = pa.AudioIO({
        inOptions: {
          deviceId: device.id,
          channelCount,
          sampleFormat: pa.SampleFormatFloat32,
          sampleRate,
          framesPerBuffer,
          maxQueue: request.maxQueue,
          highwaterMark: framesPerBuffer * channelCount * 4,
          // Overflows are logged, not fatal: a hiccup must not end a dictation. Loss is caught by the stall watchdog.
          closeOnError: false,
        },
      });
      rate = sampleRate;
      channels = channelCount;
      break;
    } catch (error) {
      failures.push(`${sampleRate} Hz × ${channelCount}: ${firstLine(error)}`);
    }
  }
  if (stream === null) fatal(`${device.name} could not be opened (${failures.join('; ')})`);
  const input = stream;
  const audio = new Socket({ fd: AUDIO_FD, readable: false, writable: true });
  const piped = new Promise<void>((done) => audio.once('close', () => done()));
  const endPipe = () => {
    if (!audio.writableEnded) audio.end();
  };
  input.on('data', (chunk: Buffer) => {
    if (!audio.writableEnded) audio.write(chunk);
  });
  input.on('error', (error: unknown) => send({ type: 'lost', message: firstLine(error) }));
  input.on('end', () => send({ type: 'lost', message: 'the audio stream ended' }));
  try {
    input.start();
  } catch (error) {
    fatal(`${device.name} could not be started: ${firstLine(error)}`);
  }
  send({ type: 'started', device, sampleRate: rate, channels });
  const stop = () => {
    // The parent takes the end of the audio pipe as the end of the recording, so the pipe ends once the
    // audio PortAudio had captured was piped (flushMs), not when quit returns: quit can take half a second
    // and the user is waiting for the final text. quit() can also hang inside PortAudio on some drivers:
    // the process exits after quitGraceMs anyway, and the parent kills it if it overstays.
    setTimeout(endPipe, request.flushMs);
    const exit = () => {
      endPipe();
      void piped.then(() => process.exit(0));
    };
    input.quit(exit);
    setTimeout(exit, request.quitGraceMs).unref();
  };
  process.on('message', (m) => {
    if (m === 'stop') stop();
  });
  // The parent may have died while PortAudio was opening (its 'disconnect' is then already past).
  onParentGone = stop;
  if (!process.connected) stop();
}

/** Until capture runs there is nothing to flush: a parent that dies (even SIGKILLed) ends us at once. */
let onParentGone: () => void = () => process.exit(0);
process.on('disconnect', () => onParentGone());

function main(mode: string | undefined): void {
  const pa = load();
  if (mode === 'list') {
    let devices: InputDevice[];
    try {
      devices = listDevices(pa);
    } catch (error) {
      fatal(`PortAudio could not list devices: ${firstLine(error)}`);
    }
    process.send?.({ type: 'devices', devices } satisfies WorkerMessage, () => process.exit(0));
  } else if (mode === 'capture') {
    capture(pa, JSON.parse(process.argv[3] ?? '{}') as WorkerCaptureRequest);
  } else {
    fatal(`unknown worker mode ${String(mode)}`);
  }
}

try {
  main(process.argv[2]);
} catch (error) {
  // A Fatal already told the parent and exits when the message is out; anything else is a bug worth a stack.
  if (!(error instanceof Fatal)) throw error;
}
