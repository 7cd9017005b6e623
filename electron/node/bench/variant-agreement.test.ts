/**
 * The int8 and fp16 variants of the demo model (a SEW-D that recognises synthetic speech) against its
 * fp32 conversion, on sentences spoken by voices it was trained on. Bounds (README "Models and GPU"):
 * greedy frame agreement ≥ 99 %, CER within 0.5 points of fp32; max logit difference ≤ 2 (int8,
 * measured 0.8) and ≤ 0.25 (fp16, measured 0.06) — logits of this model span about ±20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { convertCheckpoint } from '../convert/convert.ts';
import { requireTools } from '../testing/media.ts';
import { editDistance, synthesiseClips, variantAgreement } from './variant-agreement.ts';

const DEMO = fileURLToPath(new URL('../../../models/verba-demo-sewd/', import.meta.url));

test('edit distance counts insertions, deletions and substitutions', () => {
  assert.equal(editDistance('KITTEN', 'SITTING'), 3);
  assert.equal(editDistance('', 'ABC'), 3);
  assert.equal(editDistance('SAME', 'SAME'), 0);
});

test('int8 and fp16 variants of the demo model agree with fp32 on synthesised speech', async (t) => {
  if (!requireTools(t, 'espeak-ng', 'flite', 'sox')) return;
  const dir = await mkdtemp(join(tmpdir(), 'verba-variants-'));
  try {
    const clips = await synthesiseClips(dir);
    for (const variant of ['fp32', 'int8', 'fp16'] as const)
      await convertCheckpoint(DEMO, join(dir, variant), { variant });
    const bounds = { int8: 2, fp16: 0.25 };
    for (const variant of ['int8', 'fp16'] as const) {
      const a = await variantAgreement(join(dir, 'fp32'), join(dir, variant), clips);
      t.diagnostic(`${variant}: ${JSON.stringify(a)}`);
      // The model must actually recognise this speech, or agreement would say little.
      assert.ok(a.cerReference < 35, `fp32 CER ${a.cerReference} %: the demo model does not recognise these voices`);
      assert.ok(a.frameAgreement >= 0.99, `${variant} greedy frame agreement ${a.frameAgreement}`);
      assert.ok(
        Math.abs(a.cerVariant - a.cerReference) <= 0.5,
        `${variant} CER ${a.cerVariant} vs fp32 ${a.cerReference}`,
      );
      assert.ok(a.maxLogitDiff <= bounds[variant], `${variant} max logit difference ${a.maxLogitDiff}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
