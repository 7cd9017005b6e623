/**
 * The soak run's picture: memory (MB) and open descriptors over minutes, one SVG with two panels, so a
 * leak shows as a line that climbs. Plain SVG text: no plotting dependency for one chart.
 *
 *   await writeFile('soak.svg', soakPlot(rows, 'Verba soak (dictation)'));
 */
export interface SoakSample {
  minute: number;
  hostRssMb: number;
  workerRssMb: number;
  hostFds: number;
}

const W = 760;
const PANEL = 200;
const LEFT = 60;
const COLORS = ['#4f46e5', '#d97706', '#059669'];

function panel(
  top: number,
  rows: readonly SoakSample[],
  series: { name: string; value: (r: SoakSample) => number }[],
  unit: string,
): string {
  const xs = rows.map((r) => r.minute);
  const ys = series.flatMap((s) => rows.map(s.value)).filter(Number.isFinite);
  const xMax = Math.max(1, ...xs);
  const yMax = Math.max(1, ...ys) * 1.15;
  const x = (m: number) => LEFT + (m / xMax) * (W - LEFT - 20);
  const y = (v: number) => top + PANEL - (v / yMax) * PANEL;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const v = f * yMax;
    return `<line x1="${LEFT}" x2="${W - 20}" y1="${y(v)}" y2="${y(v)}" stroke="#e5e7eb"/><text x="${LEFT - 6}" y="${y(v) + 4}" text-anchor="end">${v.toFixed(0)}</text>`;
  });
  const lines = series.map((s, i) => {
    const points = rows
      .filter((r) => Number.isFinite(s.value(r)))
      .map((r) => `${x(r.minute).toFixed(1)},${y(s.value(r)).toFixed(1)}`)
      .join(' ');
    const legend = `<text x="${LEFT + 10 + i * 190}" y="${top - 6}" fill="${COLORS[i]}">— ${s.name}</text>`;
    return `<polyline fill="none" stroke="${COLORS[i]}" stroke-width="2" points="${points}"/>${legend}`;
  });
  const axis = `<text x="14" y="${top + PANEL / 2}" transform="rotate(-90 14 ${top + PANEL / 2})" text-anchor="middle">${unit}</text>`;
  return [...ticks, ...lines, axis].join('\n');
}

export function soakPlot(rows: readonly SoakSample[], title: string): string {
  const height = 2 * PANEL + 130;
  const xMax = Math.max(1, ...rows.map((r) => r.minute));
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
)}
${panel(PANEL + 90, rows, [{ name: 'host open descriptors', value: (r) => r.hostFds }], 'descriptors')}
<text x="${W / 2}" y="${height - 10}" text-anchor="middle">minutes (0 – ${xMax.toFixed(0)})</text>
</svg>
`;
}
