/**
 * Model services: the catalog with what is installed, resumable downloads (progress as events),
 * import, delete, the user's choice of model and of processor (Settings → Models → Processor), all over
 * the model manager (model-manager.ts). The choices are kept in model-selection.json beside the settings
 * file; inUse() turns them into what the inference host loads when a request names no model. The hub endpoint comes from HF_ENDPOINT (tests
 * point it at a loopback server; hub.ts allows plain http to this machine only).
 *
 *   const services = modelsServices(context);
 *   await services.downloadModel('asapp/sew-d-tiny-100k-ft-ls100h'); // onDidDownloadProgress meanwhile
 *   await services.selectModel('asapp/sew-d-tiny-100k-ft-ls100h');
 *   const { model, engine } = await inUse(context); // → the folder and processor transcription uses
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { EngineState, ModelEntry, ModelsServices } from '../../common/contract/models.ts';
import {
  DEFAULT_ENGINE_CHOICE,
  ENGINE_DEVICES,
  type EngineChoice,
  type EngineReport,
  isEngineChoice,
} from '../../common/engine-choice.ts';
import { VerbaError } from '../../common/result.ts';
import { loadCatalog } from '../models/catalog.ts';
import { resourcePath } from '../resources.ts';
import type { AppContext } from './context.ts';
import { engineInfo, measureInHost } from './host-calls.ts';
import { createModelService, type CatalogListing, type InstalledModel, type ModelService } from './model-manager.ts';

type ModelsContext = Pick<AppContext, 'cacheDir' | 'settingsPath'>;

const selectionPath = (context: ModelsContext) => join(dirname(context.settingsPath), 'model-selection.json');

/** model-selection.json: the chosen model and the processor/precision choice (absent: the defaults). */
interface Selection {
  id: string | null;
  engine: EngineChoice;
}

async function readSelection(context: ModelsContext): Promise<Selection> {
  try {
    const value = JSON.parse(await readFile(selectionPath(context), 'utf8')) as { id?: unknown; engine?: unknown };
    return {
      id: typeof value.id === 'string' ? value.id : null,
      engine: isEngineChoice(value.engine) ? value.engine : DEFAULT_ENGINE_CHOICE,
    };
  } catch {
    return { id: null, engine: DEFAULT_ENGINE_CHOICE }; // never chosen, or a damaged file: the defaults apply
  }
}

async function writeSelection(context: ModelsContext, change: Partial<Selection>): Promise<void> {
  const path = selectionPath(context);
  const temp = `${path}.${process.pid}.tmp`;
  try {
    const next = { ...(await readSelection(context)), ...change };
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temp, `${JSON.stringify(next)}\n`);
    await rename(temp, path);
  } catch (error) {
    throw new VerbaError(
      'SettingsNotSaved',
      `Verba could not save your choice of ${change.engine !== undefined ? 'processor' : 'model'}; the previous one is kept.`,
      { cause: error },
    );
  }
}

// Read when a service is made and at each download (model-manager reads env.HF_ENDPOINT then).
const serviceFor = (context: ModelsContext) => createModelService({ cacheDir: context.cacheDir, env: process.env });

/**
 * The folder the host loads for an installed model: for fp32, the converted one when there is one; for
 * another precision (or 'auto'), the checkpoint, which the host converts to that variant on first use.
 */
export function folderOf(m: InstalledModel, variant: EngineChoice['variant'] = 'fp32'): string | null {
  const anyConverted = m.converted.fp32 ?? Object.values(m.converted)[0];
  if (variant === 'fp32') return anyConverted ?? m.checkpointDir;
  const exact = variant === 'auto' ? undefined : m.converted[variant];
  return exact ?? m.checkpointDir ?? anyConverted ?? null;
}

interface InUse {
  id: string;
  folder: string;
}

/** Where model `id` loads from for the chosen precision: shipped with Verba, or installed; else null. */
function folderFor(id: string, { catalog, installed, selection }: Snapshot): string | null {
  const bundled = catalog.find((m) => m.id === id)?.bundled;
  if (bundled !== undefined) return resourcePath(bundled);
  const here = installed.find((m) => m.id === id);
  return here === undefined ? null : folderOf(here, selection.engine.variant);
}

/** The user's choice while it is installed; else the catalog default when installed; else the demo. */
function resolveInUse(snap: Snapshot): InUse | null {
  const candidate = (id: string | null): InUse | null => {
    const folder = id === null ? null : folderFor(id, snap);
    return folder === null ? null : { id: id!, folder };
  };
  const fallbackId = snap.catalog.find((m) => m.isDefault)?.id ?? null;
  const demoId = snap.catalog.find((m) => m.demo === true)?.id ?? null;
  return candidate(snap.selection.id) ?? candidate(fallbackId) ?? candidate(demoId);
}

type Listing = CatalogListing & { isDefault: boolean };

async function listings(service: ModelService, installed?: readonly InstalledModel[]): Promise<Listing[]> {
  const [catalog, { default: defaultId }] = await Promise.all([service.catalog(installed), loadCatalog()]);
  return catalog.map((m) => ({ ...m, isDefault: m.id === defaultId }));
}

/** The processor part of inUse() alone (reads only the choice file). */
const engineInUse = async (context: ModelsContext): Promise<EngineChoice> => (await readSelection(context)).engine;

/**
 * What file jobs and dictation load, from one read of the choice file: the model a request names, else
 * the chosen one's folder (undefined when nothing can be named: the host then falls back as the CLI
 * does), and the processor and precision (Settings → Models).
 */
export async function inUse(
  context: ModelsContext,
  named?: string,
): Promise<{ model: string | undefined; engine: EngineChoice }> {
  // A request that names its model needs only the processor choice.
  if (named !== undefined) return { model: named, engine: await engineInUse(context) };
  const snap = await snapshot(context);
  return { model: resolveInUse(snap)?.folder, engine: snap.selection.engine };
}

/** `request` with the model and processor chosen in Settings → Models where it names none. */
export async function withChoice<R extends { model?: string; engine?: EngineChoice }>(
  context: ModelsContext,
  request: R,
): Promise<R & { engine: EngineChoice }> {
  const { model, engine } = await inUse(context, request.model);
  return { ...request, engine: request.engine ?? engine, ...(model !== undefined ? { model } : {}) };
}

/** The folder part of inUse(). */
export const modelInUse = async (context: ModelsContext): Promise<string | undefined> => (await inUse(context)).model;

/** One read of everything the model list is made of. */
interface Snapshot {
  catalog: Listing[];
  installed: InstalledModel[];
  selection: Selection;
}

async function snapshot(context: ModelsContext): Promise<Snapshot> {
  const service = serviceFor(context);
  const [installed, selection] = await Promise.all([service.listInstalled(), readSelection(context)]);
  return { catalog: await listings(service, installed), installed, selection };
}

/** The catalog's models, then the imported ones, as Settings → Models lists them. */
function entriesOf(snap: Snapshot, downloading: ReadonlySet<string>): ModelEntry[] {
  const { catalog, installed } = snap;
  const chosen = resolveInUse(snap);
  const fromCatalog = catalog.map((m): ModelEntry => {
    const here = installed.find((i) => i.id === m.id);
    const bundled = m.bundled !== undefined;
    return {
      id: m.id,
      name: m.name,
      source: bundled ? 'bundled' : 'catalog',
      parameters: m.parameters,
      wer: m.werReported === null ? null : { testClean: m.werReported.testClean, testOther: m.werReported.testOther },
      downloadBytes: bundled ? 0 : m.estimatedBytes,
      installed: m.installed,
      diskBytes: here?.bytes ?? 0,
      partialBytes: m.partialBytes,
      downloading: downloading.has(m.id),
      selected: chosen?.id === m.id,
      isDefault: m.isDefault,
      demo: m.demo === true,
    };
  });
  const imported = installed
    .filter((m) => m.source === 'imported')
    .map((m): ModelEntry => ({
      id: m.id,
      name: m.name,
      source: 'imported',
      parameters: null,
      wer: null,
      downloadBytes: 0,
      installed: true,
      diskBytes: m.bytes,
      partialBytes: 0,
      downloading: false,
      selected: chosen?.id === m.id,
      isDefault: false,
      demo: false,
    }));
  return [...fromCatalog, ...imported];
}

/**
 * Installed models with the folder each loads from for the chosen precision (and its checkpoint folder,
 * where a language model may sit), and the processor choice, from the same one read as the list.
 */
export async function installedFolders(context: ModelsContext): Promise<{
  models: { entry: ModelEntry; folder: string; checkpointDir: string | null }[];
  engine: EngineChoice;
}> {
  const snap = await snapshot(context);
  const models = entriesOf(snap, new Set()).flatMap((entry) => {
    const folder = entry.installed ? folderFor(entry.id, snap) : null;
    if (folder === null) return [];
    const checkpointDir = snap.installed.find((m) => m.id === entry.id)?.checkpointDir ?? null;
    return [{ entry, folder, checkpointDir }];
  });
  return { models, engine: snap.selection.engine };
}

export function modelsServices(context: AppContext): ModelsServices {
  const service = serviceFor(context);
  const downloading = new Set<string>();
  /** The last measurement, for the model and choice it was made with (another choice shows none). */
  let measured: { key: string; report: EngineReport } | null = null;

  async function engineState(): Promise<EngineState> {
    // A host that does not answer offers the CPU only; the page still shows and saves the choice.
    const [{ model, engine: choice }, info] = await Promise.all([
      inUse(context),
      engineInfo(context.host).catch(() => null),
    ]);
    const accelerators = (info?.backends ?? []).filter(
      (b): b is EngineChoice['device'] => b !== 'cpu' && (ENGINE_DEVICES as readonly string[]).includes(b),
    );
    const key = JSON.stringify([model ?? null, choice]);
    return {
      choice,
      devices: ['auto', 'cpu', ...accelerators],
      report: measured?.key === key ? measured.report : null,
    };
  }

  async function list(): Promise<ModelEntry[]> {
    return entriesOf(await snapshot(context), downloading);
  }

  async function entry(id: string): Promise<ModelEntry> {
    const found = (await list()).find((m) => m.id === id);
    if (found === undefined) throw new VerbaError('ModelNotFound', `${id} is neither in the catalog nor imported.`);
    return found;
  }

  return {
    listModels: list,
    async downloadModel(id) {
      downloading.add(id);
      try {
        await service.download(id, {
          onProgress: (p) =>
            context.emit('onDidDownloadProgress', {
              id,
              received: p.bytesDone,
              total: p.bytesTotal,
              bytesPerSecond: p.bytesPerSecond,
              etaSeconds: p.etaSeconds,
            }),
        });
      } finally {
        downloading.delete(id);
      }
      return entry(id);
    },
    cancelDownload: async (id) => service.cancel(id),
    async importModel(path) {
      const imported = await service.importFolder(path);
      return entry(imported.id);
    },
    async deleteModel(id) {
      await service.remove(id);
      if ((await readSelection(context)).id === id) await writeSelection(context, { id: null });
      return true;
    },
    async selectModel(id) {
      const model = await entry(id);
      if (!model.installed)
        throw new VerbaError('ModelNotInstalled', `${model.name} is not installed yet; download it first.`);
      await writeSelection(context, { id });
      return true;
    },
    getEngine: engineState,
    async setEngine(choice) {
      await writeSelection(context, { engine: choice });
      return engineState();
    },
    async measureEngine() {
      const { model, engine } = await inUse(context);
      const report = await measureInHost(context.host, { ...(model !== undefined ? { model } : {}), engine });
      measured = { key: JSON.stringify([model ?? null, engine]), report };
      return report;
    },
  };
}
