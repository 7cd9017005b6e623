import { test } from 'node:test';
import assert from 'node:assert/strict';
import { c2pColumn, c2pIndexTable, logBucket } from './log-buckets.ts';

// SEW-D's published settings: 256 buckets over 512 positions.
const SEWD = { attSpan: 256, positionBuckets: 256, maxRelativePositions: 512 };

test('offsets inside ±mid keep their value', () => {
  for (let d = -128; d <= 128; d++) assert.equal(logBucket(d, 256, 512), d);
});

test('buckets are odd-symmetric and never decrease with the offset', () => {
  let previous = -Infinity;
  for (let d = -5000; d <= 5000; d++) {
    const b = logBucket(d, 256, 512);
    assert.equal(logBucket(-d, 256, 512) + b, 0);
    assert.ok(b >= previous, `bucket(${d}) = ${b} < bucket(${d - 1}) = ${previous}`);
    previous = b;
  }
});

test('buckets follow ceil(log(|d|/mid) / log((max−1)/mid) · (mid−1)) + mid away from integer ties', () => {
  for (let d = 129; d <= 5000; d++) {
    const exact = (Math.log(d / 128) / Math.log(511 / 128)) * 127;
    if (Math.abs(exact - Math.round(exact)) < 1e-6) continue;
    assert.equal(logBucket(d, 256, 512), Math.ceil(exact) + 128, `offset ${d}`);
  }
});

test('offset ±511 lands in bucket ±255: numerator and denominator are the same float32 log', () => {
  assert.equal(logBucket(511, 256, 512), 255);
  assert.equal(logBucket(-511, 256, 512), -255);
  assert.equal(logBucket(512, 256, 512), 256);
});

test('the c2p table covers every offset up to saturation and clamps to [0, 2·span)', () => {
  const table = c2pIndexTable(SEWD);
  assert.equal(table.saturation, 512);
  assert.equal(table.index.length, 2 * 512 + 1);
  assert.equal(table.index[0], 0);
  assert.equal(table.index.at(-1), 511);
  for (let d = -600; d <= 600; d++) {
    const expected = Math.min(Math.max(logBucket(d, 256, 512) + 256, 0), 511);
    assert.equal(c2pColumn(d, SEWD), expected);
    if (Math.abs(d) <= table.saturation) assert.equal(table.index[d + table.saturation], expected);
  }
  assert.equal(c2pColumn(10_000, SEWD), 511);
  assert.equal(c2pColumn(-10_000, SEWD), 0);
});

test('without bucketing the offsets are only clamped to the span', () => {
  const table = c2pIndexTable({ attSpan: 8, positionBuckets: 0, maxRelativePositions: 8 });
  assert.equal(table.saturation, 8);
  assert.deepEqual([...table.index], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 15]);
});
