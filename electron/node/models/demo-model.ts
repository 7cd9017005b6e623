/**
 * Verba's offline demo model: a small SEW-D trained on synthetic speech only, shipped in
 * models/verba-demo-sewd (provenance and measured error rates in its README). It is what Verba runs
 * when no model was chosen and the default hub model is neither cached nor reachable, so a fresh
 * install transcribes something checkable offline; it is converted into the cache like any checkpoint.
 *
 *   const model = await resolveModel(undefined, { progress }); // falls back to DEMO_MODEL_DIR offline
 *   if (model.name === DEMO_MODEL_ID) showBanner(DEMO_MODEL_NOTICE);
 */
import { resourcePath } from '../resources.ts';
import { DEFAULT_MODEL_ID } from './hub.ts';

/** The name transcripts carry (`Transcript.model`) and the catalog's id for it. */
export const DEMO_MODEL_ID = 'verba-demo-sewd';

/** The Hugging Face-format checkpoint folder (config.json, model.safetensors, vocab.json, …). */
export const DEMO_MODEL_DIR = resourcePath('models/verba-demo-sewd');

/** Its word 3-gram LM, built from the model's training text only (for `--lm`). */
export const DEMO_MODEL_LM = resourcePath('models/verba-demo-sewd/demo-3gram.arpa');

/** Said once whenever the demo model stands in for a real one. */
export const DEMO_MODEL_NOTICE =
  'Using the demo model verba-demo-sewd, which only understands synthetic (text-to-speech) voices; ' +
  `for real speech, run once with internet access to download ${DEFAULT_MODEL_ID}, ` +
  'or import a Hugging Face checkpoint folder you downloaded with --model <dir>.';
