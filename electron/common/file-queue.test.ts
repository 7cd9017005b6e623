import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ETA_MIN_ELAPSED_S, jobFraction, percent, remainingSeconds } from './file-queue.ts';

test('the fraction is the host’s when it knows one, else audio seconds over the length', () => {
  assert.equal(jobFraction({ fraction: 0.25 }, null), 0.25);
  assert.equal(jobFraction({ fraction: 1, seconds: 80 }, 75), 1);
  assert.equal(jobFraction({ fraction: -1, seconds: 30 }, 75), 0.4);
  // Unknown without a length, or without seconds.
  assert.equal(jobFraction({ fraction: -1, seconds: 30 }, null), null);
  assert.equal(jobFraction({ fraction: -1 }, 75), null);
  assert.equal(jobFraction({ fraction: -1, seconds: 5 }, 0), null);
  // Decoded audio can run past the header's length: still not done until the host says so.
  assert.equal(jobFraction({ fraction: -1, seconds: 76 }, 75), 0.99);
});

test('the ETA is elapsed time scaled by what is left, once the rate means something', () => {
  assert.ok(Math.abs(remainingSeconds(0.4, 12)! - 18) < 1e-9);
  assert.equal(remainingSeconds(0.5, 10), 10);
  assert.equal(remainingSeconds(1, 10), 0);
  assert.equal(remainingSeconds(null, 10), null);
  assert.equal(remainingSeconds(0.01, 10), null, 'too early: model loading dominates');
  assert.equal(remainingSeconds(0.5, ETA_MIN_ELAPSED_S / 2), null);
  // Property: at a steady rate r (fraction per second), the ETA is exactly (1 - f) / r.
  for (const rate of [0.01, 0.05, 0.3]) {
    for (let t = 2; rate * t < 1; t += 3) {
      const f = rate * t;
      assert.ok(Math.abs(remainingSeconds(f, t)! - (1 - f) / rate) < 1e-9, `${rate} ${t}`);
    }
  }
});

test('a progress bar shows whole percents and 100 only when done', () => {
  assert.equal(percent(0), 0);
  assert.equal(percent(0.4), 40);
  assert.equal(percent(0.29), 29);
  assert.equal(percent(0.996), 99);
  assert.equal(percent(1), 100);
  assert.equal(percent(1.2), 100);
  assert.equal(percent(-1), 0);
});
