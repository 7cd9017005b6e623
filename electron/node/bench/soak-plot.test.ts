import assert from 'node:assert/strict';
import test from 'node:test';
import { soakPlot } from './soak-plot.ts';

test('the soak plot draws one line per series through every finite sample', () => {
  const rows = [0, 1, 2].map((minute) => ({ minute, hostRssMb: 100 + minute, workerRssMb: 40, hostFds: 30 }));
  const svg = soakPlot([...rows, { minute: 3, hostRssMb: NaN, workerRssMb: 41, hostFds: 31 }], 'a <title>');
  const lines = [...svg.matchAll(/<polyline [^>]*points="([^"]*)"/g)].map((m) => m[1]!.split(' ').length);
  assert.deepEqual(lines, [3, 4, 4]);
  assert.match(svg, /a title/);
  assert.doesNotMatch(svg, /NaN/);
});

test('a file soak is plotted over hours of audio, without a capture-worker line', () => {
  const rows = [0, 1, 2].map((minute) => ({
    minute,
    audioDoneS: minute * 7200,
    hostRssMb: 250,
    workerRssMb: NaN,
    hostFds: 24,
  }));
  const svg = soakPlot(rows, 'file');
  assert.equal([...svg.matchAll(/<polyline /g)].length, 2);
  assert.doesNotMatch(svg, /capture worker/);
  assert.match(svg, /hours of audio transcribed \(0 – 4\)/);
});
