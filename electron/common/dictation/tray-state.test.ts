import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dotBitmap, trayLook } from './tray-state.ts';

describe('tray look', () => {
  it('follows the session: idle, listening, transcribing, error', () => {
    assert.equal(trayLook('idle').state, 'idle');
    assert.equal(trayLook('cancelled').state, 'idle');
    assert.equal(trayLook('starting').action, 'Stop dictation');
    assert.equal(trayLook('listening').state, 'listening');
    assert.equal(trayLook('finishing').state, 'transcribing');
    assert.equal(trayLook('inserting').action, 'Start dictation');
    assert.equal(trayLook('failed', 'Focus moved.').tooltip, 'Verba: Focus moved.');
  });

  it('draws an opaque dot in the state colour on a transparent square (BGRA)', () => {
    const size = 16;
    const px = dotBitmap([220, 40, 40], size);
    assert.equal(px.length, size * size * 4);
    const at = (x: number, y: number) => Array.from(px.subarray((y * size + x) * 4, (y * size + x) * 4 + 4));
    assert.deepEqual(at(8, 8), [40, 40, 220, 255]);
    assert.equal(at(0, 0)[3], 0);
  });
});
