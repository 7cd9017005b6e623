/**
 * The model manager's service (application layer): catalog, installed models with their disk use,
 * resumable downloads with progress and cancel, import of a checkpoint or converted folder, delete,
 * and conversion to a variant in a child process. Typed so the lead can wire it to
 * common/contract/models.ts; nothing here touches Electron.
 *
 *   const models = createModelService({ cacheDir: cacheDir() });
 *   for (const m of await models.catalog()) show(m.name, m.installed, m.estimatedBytes);
 *   await models.download(id, { onProgress: (p) => bar.set(p), signal });
 *   await models.convert(id, 'int8', (stage) => status.set(stage));
 */
import { cp, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { VerbaError } from '../../common/result.ts';
import { CONVERTER_VERSION } from '../convert/converter-version.ts';
import { readManifest, variantOf, type ModelVariant } from '../convert/manifest.ts';
import { type Catalog, type CatalogModel, catalogEntry, estimatedBytes, loadCatalog } from '../models/catalog.ts';
import { type ConversionStage, convertInChild } from '../models/convert-process.ts';
import { type DownloadProgress, discardDownload, downloadModel } from '../models/downloads.ts';
import { HUB_ENDPOINT, WEIGHT_FILES } from '../models/hub.ts';

export interface InstalledModel {
  /** Hub id for downloads, `imported/<folder>` for imports. */
  id: string;
  name: string;
  source: 'hub' | 'imported';
  /** The Hugging Face checkpoint folder, when one is kept (null for an imported converted model). */
  checkpointDir: string | null;
  /** Converted folders by variant (each holds model.onnx + manifest.json). */
  converted: Partial<Record<ModelVariant, string>>;
  /** Disk use of everything kept for this model, bytes. */
  bytes: number;
}

export interface CatalogListing extends CatalogModel {
  installed: boolean;
  estimatedBytes: number;
  /** Bytes kept from a cancelled or cut download (the next download resumes from them). */
  partialBytes: number;
}

export interface ModelServiceOptions {
  cacheDir: string;
  catalogPath?: string;
  endpoint?: string;
  env?: NodeJS.ProcessEnv;
}

export interface ModelService {
  /** The catalog with what is installed; pass `installed` when it was just listed, to read it once. */
  catalog(installed?: readonly InstalledModel[]): Promise<CatalogListing[]>;
  listInstalled(): Promise<InstalledModel[]>;
  download(
    id: string,
    options?: { onProgress?: (p: DownloadProgress) => void; signal?: AbortSignal },
  ): Promise<InstalledModel>;
  /** Stops a running download (its bytes are kept for a resume); false when none runs. */
  cancel(id: string): boolean;
  importFolder(path: string): Promise<InstalledModel>;
  remove(id: string): Promise<void>;
  convert(id: string, variant: ModelVariant, onStage?: (stage: ConversionStage) => void): Promise<string>;
}

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

/** Disk use of a folder tree, bytes (files only; a vanished entry counts 0). */
export async function diskUse(path: string): Promise<number> {
  const s = await stat(path).catch(() => null);
  if (s === null) return 0;
  if (!s.isDirectory()) return s.size;
  let total = 0;
  for (const entry of await readdir(path)) total += await diskUse(join(path, entry));
  return total;
}

const revisionDir = (revision: string) => encodeURIComponent(revision);
const convertedName = (variant: ModelVariant) =>
  `converted-${CONVERTER_VERSION}${variant === 'fp32' ? '' : `-${variant}`}`;

export function createModelService(options: ModelServiceOptions): ModelService {
  const hubRoot = join(options.cacheDir, 'hub');
  const importRoot = join(options.cacheDir, 'imported');
  const running = new Map<string, AbortController>();
  let catalog: Promise<Catalog> | null = null;
  const getCatalog = () => (catalog ??= loadCatalog(options.catalogPath));

  /** The folder a hub model lives in: the same layout model-store.ts reads (hub/<owner--name>/<revision>/). */
  const hubFolder = (m: CatalogModel) => join(hubRoot, m.id.replace('/', '--'), revisionDir(m.revision ?? 'main'));

  async function describe(
    id: string,
    name: string,
    source: InstalledModel['source'],
    root: string,
  ): Promise<InstalledModel> {
    const converted: InstalledModel['converted'] = {};
    for (const entry of await readdir(root).catch(() => [] as string[])) {
      if (!entry.startsWith('converted') || entry.endsWith('.download')) continue;
      const manifest = await readManifest(join(root, entry)).catch(() => null);
      if (manifest !== null) converted[variantOf(manifest)] = join(root, entry);
    }
    const checkpoint = join(root, 'checkpoint');
    return {
      id,
      name,
      source,
      checkpointDir: (await exists(join(checkpoint, 'config.json'))) ? checkpoint : null,
      converted,
      bytes: await diskUse(root),
    };
  }

  async function listInstalled(): Promise<InstalledModel[]> {
    const out: InstalledModel[] = [];
    const c = await getCatalog();
    for (const m of c.models) {
      if (m.revision === null) continue;
      const root = hubFolder(m);
      if (
        (await exists(join(root, 'checkpoint'))) ||
        (await readdir(root).catch(() => [])).some((e) => e.startsWith('converted'))
      )
        out.push(await describe(m.id, m.name, 'hub', root));
    }
    for (const entry of await readdir(importRoot).catch(() => [] as string[])) {
      if (entry.includes('.tmp-')) continue;
      out.push(await describe(`imported/${entry}`, entry, 'imported', join(importRoot, entry)));
    }
    return out;
  }

  async function rootOf(id: string): Promise<string> {
    if (id.startsWith('imported/')) {
      const folder = id.slice('imported/'.length);
      if (folder.length === 0 || folder.includes('/') || folder.startsWith('.'))
        throw new VerbaError('ModelNotFound', `${id} is not an imported model.`);
      return join(importRoot, folder);
    }
    const m = catalogEntry(await getCatalog(), id);
    if (m.revision === null)
      throw new VerbaError('ModelNotFound', `${m.name} ships with Verba and cannot be downloaded or deleted.`);
    return hubFolder(m);
  }

  return {
    async catalog(listed) {
      const installed = new Set((listed ?? (await listInstalled())).map((m) => m.id));
      return Promise.all(
        (await getCatalog()).models.map(async (m) => ({
          ...m,
          installed: installed.has(m.id) || m.bundled !== undefined,
          estimatedBytes: estimatedBytes(m),
          partialBytes: m.revision === null ? 0 : await diskUse(join(hubFolder(m), 'checkpoint.download')),
        })),
      );
    },
    listInstalled,
    async download(id, o = {}) {
      const m = catalogEntry(await getCatalog(), id);
      if (m.revision === null)
        throw new VerbaError('ModelNotFound', `${m.name} ships with Verba; there is nothing to download.`);
      if (running.has(id)) throw new VerbaError('DownloadRunning', `${m.name} is already downloading.`);
      const controller = new AbortController();
      running.set(id, controller);
      const root = hubFolder(m);
      try {
        const dest = join(root, 'checkpoint');
        if (!(await exists(join(dest, 'config.json'))))
          await downloadModel(id, m.revision, dest, {
            endpoint: options.endpoint ?? options.env?.HF_ENDPOINT ?? HUB_ENDPOINT,
            ...(options.env ? { env: options.env } : {}),
            signal: o.signal ? AbortSignal.any([o.signal, controller.signal]) : controller.signal,
            ...(o.onProgress ? { onProgress: o.onProgress } : {}),
          });
        return await describe(id, m.name, 'hub', root);
      } finally {
        running.delete(id);
      }
    },
    cancel(id) {
      const controller = running.get(id);
      controller?.abort();
      return controller !== undefined;
    },
    async importFolder(path) {
      const source = resolve(path);
      const isConverted = await exists(join(source, 'manifest.json'));
      if (isConverted) await readManifest(source);
      else {
        const weights = await Promise.all(WEIGHT_FILES.map((w) => exists(join(source, w))));
        if (!(await exists(join(source, 'config.json'))) || !weights.some(Boolean))
          throw new VerbaError(
            'ModelNotFound',
            `${source} is neither a converted Verba model (manifest.json) nor a Hugging Face checkpoint (config.json with model.safetensors or pytorch_model.bin).`,
          );
      }
      const folder =
        basename(source)
          .replace(/[^\w.-]/g, '_')
          .replace(/^\.+/, '') || 'model';
      const target = join(importRoot, folder);
      if (await exists(target))
        throw new VerbaError(
          'ModelExists',
          `A model named ${folder} is already imported; delete it first or rename the folder.`,
        );
      const inner = isConverted ? convertedName(variantOf(await readManifest(source))) : 'checkpoint';
      // Copy into a temporary sibling and rename: a cancelled or failed copy never shows as a model.
      const tmp = `${target}.tmp-${process.pid}`;
      try {
        await mkdir(tmp, { recursive: true });
        await cp(source, join(tmp, inner), { recursive: true });
        await rename(tmp, target);
      } catch (error) {
        await rm(tmp, { recursive: true, force: true });
        throw new VerbaError(
          'ImportFailed',
          `${source} could not be copied into the model folder (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`,
          { cause: error },
        );
      }
      return describe(`imported/${folder}`, folder, 'imported', target);
    },
    async remove(id) {
      running.get(id)?.abort();
      const root = await rootOf(id);
      await discardDownload(join(root, 'checkpoint'));
      await rm(root, { recursive: true, force: true });
    },
    async convert(id, variant, onStage) {
      const root = await rootOf(id);
      const checkpoint = join(root, 'checkpoint');
      if (!(await exists(join(checkpoint, 'config.json'))))
        throw new VerbaError('ModelNotFound', `${id} has no checkpoint to convert; download or import it first.`);
      const out = join(root, convertedName(variant));
      if (await exists(join(out, 'manifest.json'))) return out;
      const tmp = `${out}.tmp-${process.pid}`;
      try {
        await convertInChild(checkpoint, tmp, { variant, ...(onStage ? { onStage } : {}) });
        await rename(tmp, out);
      } finally {
        await rm(tmp, { recursive: true, force: true });
      }
      return out;
    },
  };
}
