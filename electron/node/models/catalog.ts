/**
 * The model catalog (models/catalog.json; models/catalog.md says what each value rests on): the
 * checkpoints Verba offers, with the hub id, the revision to download, files and sizes, parameter
 * count, the WER the card reports and the licence. Unverified values are null, never guessed.
 *
 *   const catalog = await loadCatalog();
 *   const tiny = catalogEntry(catalog, catalog.default);   // → { id, revision, files, … }
 *   estimatedBytes(tiny);                                   // for "needs 97 MB" before a download
 */
import { readFile } from 'node:fs/promises';
import { VerbaError } from '../../common/result.ts';
import { resourcePath } from '../resources.ts';

export interface CatalogFile {
  path: string;
  /** Rounded size from the hub's page, for disk-space estimates. */
  approxBytes: number;
  /** Exact size and sha256 where verified; otherwise the hub's tree listing supplies them at download. */
  bytes: number | null;
  sha256: string | null;
}

export interface CatalogModel {
  id: string;
  name: string;
  architecture: 'sew-d' | 'sew' | 'wav2vec2';
  /** Branch, ref or commit to download; null for a bundled model. */
  revision: string | null;
  /** The full commit when verified. */
  commit: string | null;
  parameters: number | null;
  werReported: { testClean: number; testOther: number; decoding: string } | null;
  licence: string | null;
  files: CatalogFile[];
  recommended?: boolean;
  /** The offline demo model: recognises synthetic speech only. */
  demo?: boolean;
  /** Repository path of a model shipped with Verba (no download). */
  bundled?: string;
}

export interface Catalog {
  format: 1;
  default: string;
  models: CatalogModel[];
}

export const CATALOG_PATH = resourcePath('models/catalog.json');

const bad = (why: string) => new VerbaError('CorruptCatalog', `The model catalog is damaged: ${why}.`);
const HEX40 = /^[0-9a-f]{40}$/;
const HEX64 = /^[0-9a-f]{64}$/;

/** Checks the parsed catalog, so a bad edit fails at load with the entry's name, not at download. */
export function validateCatalog(value: unknown): Catalog {
  const c = value as Partial<Catalog> | null;
  if (c === null || typeof c !== 'object' || c.format !== 1 || !Array.isArray(c.models)) throw bad('no format 1 model list');
  const ids = new Set<string>();
  for (const m of c.models) {
    const where = `entry ${JSON.stringify(m?.id)}`;
    if (typeof m?.id !== 'string' || !/^[\w.-]+\/[\w.-]+$/.test(m.id)) throw bad(`${where} has no owner/name id`);
    if (ids.has(m.id)) throw bad(`${where} is listed twice`);
    ids.add(m.id);
    if (!['sew-d', 'sew', 'wav2vec2'].includes(m.architecture)) throw bad(`${where} has an unknown architecture`);
    if (m.commit !== null && !HEX40.test(m.commit)) throw bad(`${where} has a commit that is not 40 hex digits`);
    if (HEX40.test(m.revision ?? '') && m.commit !== m.revision) throw bad(`${where} pins a revision its commit field does not repeat`);
    if (m.revision === null && m.bundled === undefined) throw bad(`${where} has neither a revision nor a bundled folder`);
    if (m.parameters !== null && !(Number.isInteger(m.parameters) && m.parameters > 0)) throw bad(`${where} has a bad parameter count`);
    const weights = m.files.filter((f) => f.path === 'model.safetensors' || f.path === 'pytorch_model.bin');
    if (weights.length !== 1 || !m.files.some((f) => f.path === 'config.json')) throw bad(`${where} needs config.json and one weights file`);
    for (const f of m.files) {
      if (!(f.approxBytes > 0)) throw bad(`${where}: ${f.path} has no size estimate`);
      if (f.sha256 !== null && !HEX64.test(f.sha256)) throw bad(`${where}: ${f.path} has a malformed sha256`);
      if (f.bytes !== null && !Number.isInteger(f.bytes)) throw bad(`${where}: ${f.path} has a fractional size`);
    }
  }
  if (!ids.has(c.default ?? '')) throw bad(`the default model ${JSON.stringify(c.default)} is not listed`);
  return c as Catalog;
}

export async function loadCatalog(path = CATALOG_PATH): Promise<Catalog> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new VerbaError('CorruptCatalog', `The model catalog ${path} could not be read; reinstall Verba.`, { cause: error });
  }
  try {
    return validateCatalog(JSON.parse(text));
  } catch (error) {
    if (error instanceof VerbaError) throw error;
    throw bad('it is not valid JSON');
  }
}

export function catalogEntry(catalog: Catalog, id: string): CatalogModel {
  const m = catalog.models.find((x) => x.id === id);
  if (m === undefined) throw new VerbaError('ModelNotFound', `${id} is not in Verba's model catalog.`);
  return m;
}

/** Download size of an entry's files (exact where known, else the page's rounded size). */
export const estimatedBytes = (m: CatalogModel): number => m.files.reduce((s, f) => s + (f.bytes ?? f.approxBytes), 0);
