/**
 * The soak run's picture: memory (MB) and open descriptors over minutes, one SVG with two panels, so a
 * leak shows as a line that climbs. Plain SVG text: no plotting dependency for one chart.
 *
 *   await writeFile('soak.svg', soakPlot(rows, 'Verba soak (dictation)'));
 */
export interface SoakSample {
  minute: number;
  /** File soaks: audio transcribed so far, seconds (the x axis is then hours of audio). */
  audioDoneS?: number;
  hostRssMb: number;
  workerRssMb: number;
  hostFds: number;
}

const W = 760;
const PANEL = 200;
const LEFT = 60;
const COLORS = ['#4f46e5', '#d97706', '#059669'];

type Axis = (r: SoakSample) => number;

function panel(
  top: number,
  rows: readonly SoakSample[],
  all: { name: string; value: (r: SoakSample) => number }[],
  unit: string,
  xOf: Axis,
): string {
  // A series with no sample (the capture worker of a file soak) gets neither a line nor a legend.
  const series = all.filter((s) => rows.some((r) => Number.isFinite(s.value(r))));
  const xs = rows.map(xOf);
  const ys = series.flatMap((s) => rows.map(s.value)).filter(Number.isFinite);
  const xMax = Math.max(1, ...xs);
  const yMax = Math.max(1, ...ys) * 1.15;
  const x = (v: number) => LEFT + (v / xMax) * (W - LEFT - 20);
  const y = (v: number) => top + PANEL - (v / yMax) * PANEL;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const v = f * yMax;
    return `<line x1="${LEFT}" x2="${W - 20}" y1="${y(v)}" y2="${y(v)}" stroke="#e5e7eb"/><text x="${LEFT - 6}" y="${y(v) + 4}" text-anchor="end">${v.toFixed(0)}</text>`;
  });
  const lines = series.map((s, i) => {
    const points = rows
      .filter((r) => Number.isFinite(s.value(r)))
      .map((r) => `${x(xOf(r)).toFixed(1)},${y(s.value(r)).toFixed(1)}`)
      .join(' ');
    const legend = `<text x="${LEFT + 10 + i * 190}" y="${top - 6}" fill="${COLORS[i]}">— ${s.name}</text>`;
    return `<polyline fill="none" stroke="${COLORS[i]}" stroke-width="2" points="${points}"/>${legend}`;
  });
  const axis = `<text x="14" y="${top + PANEL / 2}" transform="rotate(-90 14 ${top + PANEL / 2})" text-anchor="middle">${unit}</text>`;
  return [...ticks, ...lines, axis].join('\n');
}

export function soakPlot(rows: readonly SoakSample[], title: string): string {
  const height = 2 * PANEL + 130;
  const byAudio = rows.some((r) => r.audioDoneS !== undefined);
  const xOf: Axis = byAudio ? (r) => (r.audioDoneS ?? 0) / 3600 : (r) => r.minute;
  const xMax = Math.max(1, ...rows.map(xOf));
  const xLabel = byAudio ? 'hours of audio transcribed' : 'minutes';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="#fff"/>
<text x="${W / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${title.replace(/[<&>]/g, '')}</text>
${panel(
  50,
  rows,
  [
    { name: 'host RSS', value: (r) => r.hostRssMb },
    { name: 'capture worker RSS', value: (r) => r.workerRssMb },
  ],
  'MB',
  xOf,
)}
${panel(PANEL + 90, rows, [{ name: 'host open descriptors', value: (r) => r.hostFds }], 'descriptors', xOf)}
<text x="${W / 2}" y="${height - 10}" text-anchor="middle">${xLabel} (0 – ${xMax.toFixed(0)})</text>
</svg>
`;
}
