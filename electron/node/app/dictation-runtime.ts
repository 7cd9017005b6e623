/**
 * The one push-to-talk controller of a process, shared by the window (Start/Stop), main's hotkeys, tray
 * and `verba ctl`: a DictationController over the inference host's dictation session, built from the
 * stored dictation settings (rebuilt when they change and no dictation runs). It tells the page what
 * happens (state and final events; partial and level come straight from the host's event routes) and
 * stores every finished dictation in the transcript library after the journal has it.
 *
 *   const tap = hostEventTap();                              // the host's onEvent calls tap.emit too
 *   createServices({ ..., dictation: { journalPath, settingsPath, hostEvents: tap, ready: (d) => tray(d) } });
 *   runtime.on('state', (s) => tray.look(s.phase));  await runtime.command('toggle');
 */
import { EventEmitter } from 'node:events';
import type { DictationSettings, DictationStatus } from '../../common/contract/dictation.ts';
import { isResting, type PushToTalkCommand, type PushToTalkState } from '../../common/dictation/push-to-talk.ts';
import type { HostEventListener } from '../../common/host-client.ts';
import type { DictationResult, HostArgsOf, HostResultOf, StartDictationRequest } from '../../common/host-contract.ts';
import { type Result, VerbaError, toErrorValue } from '../../common/result.ts';
import { discardSpool } from '../audio/spool.ts';
import { naudiodonBackend } from '../audio/naudiodon-backend.ts';
import { DictationController } from '../dictation/controller.ts';
import { type HostCall, HostDictationBackend } from '../dictation/host-backend.ts';
import type { Hotkeys } from '../dictation/hotkeys.ts';
import { DictationJournal } from '../dictation/journal.ts';
import type { TextInserter } from '../dictation/text-insertion.ts';
import type { AppContext } from './context.ts';
import { DictationSettingsStore } from './dictation-settings.ts';
import { modelInUse, withChoice } from './models.ts';
import { modelDirName } from '../models/model-paths.ts';

/** Where the host's events reach the dictation runtime (the host client takes one onEvent listener). */
export interface HostEventTap {
  listen(listener: HostEventListener): void;
}

/** A tap to call from the host's onEvent: `onEvent: (m) => { forward(m); tap.emit(m); }`. */
export function hostEventTap(): HostEventTap & { emit: HostEventListener } {
  const listeners: HostEventListener[] = [];
  return { listen: (listener) => listeners.push(listener), emit: (m) => listeners.forEach((l) => l(m)) };
}

/** What a process gives the dictation slice: files, the host's events and (main only) desktop extras. */
export interface DictationWiring {
  journalPath: string;
  settingsPath: string;
  hostEvents: HostEventTap;
  /** Electron main: the global hotkey hook (uiohook). Absent: the window, the tray and `verba ctl` only. */
  startHotkeys?: (chord: string) => Promise<Hotkeys>;
  /** Electron main: insertion into the app that had the focus. Absent: the text stays in Verba. */
  inserter?: TextInserter;
  /** Called once with the runtime the services built (main adds the tray and the indicator). */
  ready?: (runtime: DictationRuntime) => void;
}

type RuntimeEvents = {
  state: [PushToTalkState];
  partial: [{ stable: string; unstable: string }];
  level: [{ rms: number }];
  notify: [{ level: 'info' | 'warning' | 'error'; message: string }];
  settings: [DictationSettings];
};

export class DictationRuntime extends EventEmitter<RuntimeEvents> {
  readonly settings: DictationSettingsStore;
  readonly #app: AppContext;
  readonly #wiring: DictationWiring;
  #journal: Promise<DictationJournal> | null = null;
  #built: Promise<DictationController> | null = null;
  #controller: DictationController | null = null;
  #backend: HostDictationBackend | null = null;
  #hotkeys: Hotkeys | null = null;
  #hotkeyProblem: string | null = null;
  /** Settings changed while a dictation ran: the controller is rebuilt once it rests. */
  #stale = false;
  /** The host's final results by session, until the controller's final text (after the journal) stores them. */
  #results = new Map<string, DictationResult>();
  #model: string | null = null;

  constructor(app: AppContext, wiring: DictationWiring) {
    super();
    this.#app = app;
    this.#wiring = wiring;
    this.settings = new DictationSettingsStore(wiring.settingsPath);
    wiring.hostEvents.listen((message) => this.#backend?.onHostEvent(message));
  }

  /** Opens the journal, reads the settings and starts the hotkey (main calls it at launch). */
  ready(): Promise<DictationController> {
    return this.#built ?? this.#rebuild();
  }

  get state(): PushToTalkState | null {
    return this.#controller?.state ?? null;
  }

  async status(): Promise<DictationStatus> {
    const settings = await this.settings.load();
    let reason: string | null = null;
    await this.ready().catch((error: unknown) => (reason = toErrorValue(error).message));
    return {
      available: reason === null,
      reason,
      hotkey: settings.hotkey,
      hotkeyProblem: this.#hotkeyProblem,
      mode: settings.mode,
      microphone: settings.microphone?.name ?? null,
      // The model of the last dictation, else the one the next will use (Settings → Models).
      model: this.#model ?? (await this.#nextModelName()),
    };
  }

  async #nextModelName(): Promise<string | null> {
    const folder = await modelInUse(this.#app).catch(() => undefined);
    return folder === undefined ? null : modelDirName(folder);
  }

  /** A command from the window, the tray or `verba ctl`; answers the session's id. */
  async command(command: PushToTalkCommand): Promise<string> {
    const controller = await this.ready();
    controller.command(command);
    return controller.sessionName(controller.state.sessionId);
  }

  async saveSettings(value: unknown): Promise<DictationSettings> {
    const saved = await this.settings.save(value);
    this.emit('settings', saved);
    if (this.#controller === null) return saved;
    if (isResting(this.#controller.state.phase)) await this.#rebuild();
    else this.#stale = true;
    return saved;
  }

  async close(): Promise<void> {
    await this.#controller?.shutdown();
    this.#hotkeys?.stop();
    await (await this.#journal?.catch(() => null))?.close();
  }

  #rebuild(): Promise<DictationController> {
    return (this.#built = this.#build().catch((error: unknown) => {
      this.#built = null;
      throw error;
    }));
  }

  async #build(): Promise<DictationController> {
    const settings = await this.settings.load();
    const journal = await (this.#journal ??= DictationJournal.open(this.#wiring.journalPath));
    this.#hotkeys?.stop();
    this.#hotkeys = null;
    this.#hotkeyProblem = null;
    if (this.#wiring.startHotkeys !== undefined) {
      try {
        this.#hotkeys = await this.#wiring.startHotkeys(settings.hotkey);
      } catch (error) {
        // Native Wayland has no global key releases; the window, the tray and `verba ctl` still work.
        this.#hotkeyProblem = toErrorValue(error).message;
      }
    }
    const backend = new HostDictationBackend(this.#call, {
      settings: () => this.#app.settings.load(),
      // The host died mid-dictation and it was finished from its spool: stored like any other.
      recovered: (result) => this.#finished(result),
    });
    const controller = new DictationController({
      backend,
      inserter: this.#wiring.inserter ?? null,
      journal,
      hotkeys: this.#hotkeys,
      insert: settings.insert,
      config: { mode: settings.mode },
      // The library takes the recording (saveDictation moves it); this runtime discards only empty ones.
      keepAudio: true,
    });
    controller.on('state', (state) => this.#onState(controller, state));
    controller.on('partial', (p) => this.emit('partial', p));
    controller.on('level', (l) => this.emit('level', l));
    controller.on('notify', (n) => this.emit('notify', n));
    controller.on('final', (f) => void this.#store(controller.sessionName(f.sessionId), f.text, f.inserted));
    await this.#controller?.idle();
    this.#controller = controller;
    this.#backend = backend;
    return controller;
  }

  #onState(controller: DictationController, state: PushToTalkState): void {
    if (controller !== this.#controller) return;
    this.#app.emit('onDidChangeDictationState', {
      sessionId: controller.sessionName(state.sessionId),
      state: state.phase,
      ...(state.message !== null ? { message: state.message } : {}),
    });
    this.emit('state', state);
    if (this.#stale && isResting(state.phase)) {
      this.#stale = false;
      this.#rebuild().catch((error: unknown) =>
        this.emit('notify', { level: 'error', message: toErrorValue(error).message }),
      );
    }
  }

  /** Host calls of the dictation session, with the user's microphone, model and words added and results kept. */
  readonly #call: HostCall = async (name, ...args) => {
    const host = this.#app.host;
    if (name === 'startDictation') {
      const [request, settings] = args as unknown as HostArgsOf<'startDictation'>;
      // The model chosen in Settings → Models (as file transcription uses), else the host's default.
      const started = await host.call(
        'startDictation',
        await withChoice(this.#app, await this.#withMicrophone(request)),
        settings ?? (await this.#app.settings.load()),
      );
      return started as Result<HostResultOf<typeof name>>;
    }
    if (name === 'transcribeFile') {
      // A dictation finished from its spool (the host died): with the model dictation uses.
      const [jobId, request, settings] = args as unknown as HostArgsOf<'transcribeFile'>;
      const transcript = await host.call('transcribeFile', jobId, await withChoice(this.#app, request), settings);
      return transcript as Result<HostResultOf<typeof name>>;
    }
    const result = await host.call(name, ...args);
    if (name === 'stopDictation' && result.ok) await this.#finished(result.value as DictationResult);
    return result;
  };

  /** The remembered microphone by name (ids change as devices come and go); gone is an error, not a fallback. */
  async #withMicrophone(request: StartDictationRequest): Promise<StartDictationRequest> {
    const chosen = (await this.settings.load()).microphone;
    if (chosen === null) return request;
    const capture = naudiodonBackend(
      this.#app.captureWorkerPath !== undefined ? { workerPath: this.#app.captureWorkerPath } : {},
    );
    const devices = await capture.listInputDevices();
    const device =
      devices.find((d) => d.name === chosen.name && d.id === chosen.id) ?? devices.find((d) => d.name === chosen.name);
    if (device === undefined)
      throw new VerbaError(
        'MicrophoneMissing',
        `The microphone “${chosen.name}” is not connected; plug it in, or choose another one in Settings → Dictation.`,
      );
    return { ...request, deviceId: device.id };
  }

  async #finished(result: DictationResult): Promise<void> {
    this.#model = result.transcript.model;
    if (result.text.trim() !== '' || result.audioPath === null) this.#results.set(result.sessionId, result);
    // Nothing was said: nothing to store (the controller closes the journal entry as dropped).
    else await discardSpool(result.audioPath).catch(() => undefined);
  }

  /** After the journal: the transcript into the library (which moves the spool in), then the page is told. */
  async #store(sessionId: string, text: string, inserted: boolean): Promise<void> {
    const result = this.#results.get(sessionId);
    this.#results.delete(sessionId);
    let transcriptId: number | undefined;
    let message: string | undefined;
    if (result !== undefined && result.audioPath !== null) {
      try {
        const library = await this.#app.library();
        transcriptId = await library.saveDictation({ transcript: result.transcript, spoolPath: result.audioPath });
      } catch (error) {
        // The journal has the text and the spool stays with the unsaved recordings.
        message = `Kept in the dictation journal, but not stored with your transcripts: ${toErrorValue(error).message}`;
      }
    }
    this.#app.emit('onDidFinishDictation', {
      sessionId,
      text,
      duration: result?.transcript.duration_s ?? 0,
      inserted,
      ...(message !== undefined ? { message } : {}),
      ...(transcriptId !== undefined ? { transcriptId } : {}),
    });
  }
}
