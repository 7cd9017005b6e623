import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { SampleRing } from './ring-buffer.ts';

test('keeps exactly the most recent samples, oldest first, whatever the push sizes', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 50 }),
      fc.array(fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 80 }), { maxLength: 30 }),
      (capacity, pushes) => {
        const ring = new SampleRing(capacity);
        const all: number[] = [];
        for (const p of pushes) {
          ring.push(Float32Array.from(p));
          all.push(...p);
        }
        // Reference: the tail of everything pushed.
        assert.deepEqual(Array.from(ring.read()), all.slice(Math.max(0, all.length - capacity)));
        assert.equal(ring.size, Math.min(capacity, all.length));
      },
    ),
  );
});

test('clear empties it; a non-positive capacity is refused', () => {
  const ring = new SampleRing(4);
  ring.push(Float32Array.of(1, 2, 3));
  ring.clear();
  assert.deepEqual(ring.read(), new Float32Array(0));
  assert.throws(() => new SampleRing(0), RangeError);
});
