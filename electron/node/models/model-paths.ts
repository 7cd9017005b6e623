/**
 * Where models live and what they are called, without the converter: Electron main and the services
 * need these, and must not load onnxruntime (it runs only in the inference host).
 *
 *   cacheDir();                          // $VERBA_CACHE_DIR, else $XDG_CACHE_HOME/verba, else ~/.cache/verba
 *   modelDirName('/…/hub/asapp--sew-d-tiny/abc/converted-1.1.0') // 'asapp/sew-d-tiny'
 */
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.VERBA_CACHE_DIR) return resolve(env.VERBA_CACHE_DIR);
  if (env.XDG_CACHE_HOME) return join(resolve(env.XDG_CACHE_HOME), 'verba');
  return join(homedir(), '.cache', 'verba');
}

/**
 * What a model folder is called in transcripts. The model manager keeps each model's files in
 * `hub/<owner>--<name>/<revision>/{checkpoint,converted-…}` or `imported/<folder>/{checkpoint,converted-…}`:
 * those are named by the model (owner/name, or the imported folder), not by 'checkpoint'.
 */
export function modelDirName(dir: string): string {
  const own = basename(dir);
  if (own !== 'checkpoint' && !own.startsWith('converted')) return own;
  const model = dirname(dir);
  const hubFolder = basename(dirname(model));
  if (basename(dirname(dirname(model))) === 'hub' && hubFolder.includes('--')) return hubFolder.replace('--', '/');
  return basename(model);
}
