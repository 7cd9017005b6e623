/**
 * The Node-side implementation of the IPC contract. Electron main and the e2e test transport both serve
 * exactly this object, so what the tests exercise is what the app runs.
 *
 *   const services = createServices({ appVersion: '0.1.0', emit, host, spoolDir, settingsPath });
 *   await services.getSystemInfo();
 *
 * Nothing here loads onnxruntime: every ONNX question goes to the inference host.
 */
import { randomUUID } from 'node:crypto';
import type { HostClient } from '../../common/host-client.ts';
import type { HostArgsOf, HostMethodName, HostResultOf } from '../../common/host-contract.ts';
import type { EmitEvent, VerbaServices } from '../../common/ipc-contract.ts';
import { VerbaError } from '../../common/result.ts';
import { formatText } from './format-text.ts';
import { SettingsStore } from './settings-store.ts';
import { parseWordsFile, serialiseWordsFile } from '../text/words-file.ts';
import { normalisePhrase } from '../../common/text-settings.ts';
import { naudiodonBackend } from '../audio/naudiodon-backend.ts';
import { discardSpool, listOrphanedSpools, repairSpool } from '../audio/spool.ts';

export interface ServiceContext {
  appVersion: string;
  emit: EmitEvent;
  /** The compiled capture worker in a bundled app (out/main/naudiodon-worker.js); sources otherwise. */
  captureWorkerPath?: string;
  /** The inference host process, which owns the ONNX sessions (utilityProcess in the app). */
  host: HostClient;
  /** Where recordings are spooled while they are made (defaultSpoolDir() in the app and the CLI). */
  spoolDir: string;
  /** The JSON file of the user's text settings. */
  settingsPath: string;
}

export function createServices(context: ServiceContext): VerbaServices {
  const settings = new SettingsStore(context.settingsPath);
  const hostCall = async <K extends HostMethodName>(name: K, ...args: HostArgsOf<K>): Promise<HostResultOf<K>> => {
    const result = await context.host.call(name, ...args);
    if (!result.ok) throw new VerbaError(result.error.name, result.error.message);
    return result.value;
  };
  const capture = naudiodonBackend(
    context.captureWorkerPath !== undefined ? { workerPath: context.captureWorkerPath } : {},
  );
  return {
    async getSystemInfo() {
      const engine = await hostCall('ping');
      return {
        appVersion: context.appVersion,
        platform: process.platform,
        arch: process.arch,
        node: process.versions.node,
        onnxRuntime: engine.onnxRuntime,
        backends: engine.backends,
      };
    },
    async listInputDevices() {
      return capture.listInputDevices();
    },
    async formatText(request) {
      return formatText(request, await settings.load());
    },
    getTextSettings: () => settings.load(),
    saveTextSettings: (value) => settings.save(value),
    async importWords(text) {
      const words = parseWordsFile(text, 'the imported words file');
      const current = await settings.load();
      const vocabulary = [...new Set([...current.vocabulary, ...words.vocabulary])];
      const finds = new Set(words.replacements.map((r) => normalisePhrase(r.find)));
      const replacements = [
        ...current.replacements.filter((r) => !finds.has(normalisePhrase(r.find))),
        ...words.replacements,
      ];
      return settings.save({
        ...current,
        vocabulary,
        replacements,
        commandPhrases: { ...current.commandPhrases, ...words.commandPhrases },
      });
    },
    async exportWords() {
      const { vocabulary, replacements, commandPhrases } = await settings.load();
      return serialiseWordsFile({ vocabulary, replacements, commandPhrases });
    },
    async listUnsavedRecordings() {
      const spools = await listOrphanedSpools(context.spoolDir);
      // A crash leaves the WAV sizes at 0: fix each header so any player (and the decoder) reads it.
      for (const spool of spools) await repairSpool(spool.path);
      return spools.map(({ path, startedAt, duration }) => ({ path, startedAt, duration }));
    },
    async discardUnsavedRecording(path) {
      const known = (await listOrphanedSpools(context.spoolDir)).some((spool) => spool.path === path);
      if (!known)
        throw new VerbaError(
          'NotAnUnsavedRecording',
          'That file is not one of the unsaved recordings, so Verba left it alone.',
        );
      await discardSpool(path);
      return true as const;
    },
    async transcribeFile(request) {
      // The host writes with the user's current words and switches (digits from the request wins).
      return hostCall('transcribeFile', `transcribe-${randomUUID()}`, request, await settings.load());
    },
  };
}
