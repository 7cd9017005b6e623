import { parseArgs } from 'node:util';
import { VerbaError, toErrorValue } from '../../common/result.ts';
import { naudiodonBackend } from '../../node/audio/naudiodon-backend.ts';
import type { InputDevice } from '../../node/audio/capture-backend.ts';
import { availableBackends, onnxRuntimeVersion } from '../../node/onnx/ort.ts';
import type { CliCommand } from '../cli-types.ts';

const usage = `Usage: verba devices [--json]

Lists microphones (PortAudio input devices; pass the id to \`verba record --device\`) and the inference
backends this build of onnxruntime offers (for \`verba transcribe --device\`).`;

export const command: CliCommand = {
  usage,
  async run(args) {
    let json: boolean;
    try {
      json = parseArgs({ args, options: { json: { type: 'boolean', default: false } }, strict: true }).values.json;
    } catch (error) {
      const first = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'invalid arguments';
      throw new VerbaError('BadArguments', `${first.replace(/\.$/, '')} (see \`verba devices --help\`).`);
    }
    let microphones: InputDevice[] = [];
    let microphoneError: string | null = null;
    try {
      microphones = await naudiodonBackend().listInputDevices();
    } catch (error) {
      microphoneError = toErrorValue(error).message;
    }
    const backends = availableBackends();
    if (json) {
      process.stdout.write(
        `${JSON.stringify({ microphones, microphoneError, inference: { onnxruntime: onnxRuntimeVersion(), backends } }, null, 2)}\n`,
      );
      return microphoneError === null ? 0 : 1;
    }
    const lines = ['Microphones:'];
    if (microphoneError !== null) lines.push(`  (unavailable: ${microphoneError})`);
    else if (microphones.length === 0) lines.push('  (none found)');
    for (const m of microphones) {
      lines.push(
        `  ${m.isDefault ? '*' : ' '} ${String(m.id).padStart(2)}  ${m.name}  (${m.channels} ch, ${m.defaultSampleRate} Hz, ${m.hostApi})`,
      );
    }
    lines.push('', `Inference (onnxruntime ${onnxRuntimeVersion()}):`, `  ${backends.join(', ')}`);
    if (microphones.some((m) => m.isDefault)) lines.push('', '* = system default');
    process.stdout.write(`${lines.join('\n')}\n`);
    return microphoneError === null ? 0 : 1;
  },
};
