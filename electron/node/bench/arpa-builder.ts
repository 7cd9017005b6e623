/**
 * A small word 3-gram ARPA builder (absolute discounting with Katz-style back-off), for the accuracy
 * bench's "LM from other text". Good enough for a few thousand sentences; not a KenLM replacement.
 *
 *   writeFileSync('other.arpa', buildArpa(lines, { discount: 0.7 }));
 */

type Counts = Map<string, number>;

const key = (words: readonly string[]) => words.join(' ');
const log10 = (p: number) => (p > 0 ? Math.log10(p) : -99).toFixed(6);

export function buildArpa(sentences: readonly string[], options: { discount?: number } = {}): string {
  const d = options.discount ?? 0.7;
  const grams: [Counts, Counts, Counts] = [new Map(), new Map(), new Map()];
  for (const sentence of sentences) {
    const words = ['<s>', ...sentence.toUpperCase().split(/\s+/).filter(Boolean), '</s>'];
    for (let n = 1; n <= 3; n++)
      for (let i = 0; i + n <= words.length; i++) {
        if (n === 1 && words[i] === '<s>') continue;
        const g = key(words.slice(i, i + n));
        grams[n - 1].set(g, (grams[n - 1].get(g) ?? 0) + 1);
      }
  }
  // Context counts and distinct followers per history, for the discounted mass.
  const history = (n: number) => {
    const total: Counts = new Map();
    const kinds: Counts = new Map();
    for (const [g, c] of grams[n - 1]) {
      const h = g.slice(0, g.lastIndexOf(' '));
      total.set(h, (total.get(h) ?? 0) + c);
      kinds.set(h, (kinds.get(h) ?? 0) + 1);
    }
    return { total, kinds };
  };
  const tokens = [...grams[0].values()].reduce((a, b) => a + b, 0);
  const p1 = new Map([...grams[0]].map(([w, c]) => [w, c / tokens]));
  const h2 = history(2);
  const h3 = history(3);
  const p2 = new Map<string, number>();
  for (const [g, c] of grams[1]) p2.set(g, (c - d) / h2.total.get(g.slice(0, g.lastIndexOf(' ')))!);
  const backoff1 = new Map<string, number>();
  for (const [h, total] of h2.total) {
    const left = (d * h2.kinds.get(h)!) / total;
    let lowerSeen = 0;
    for (const [g] of grams[1]) if (g.startsWith(`${h} `)) lowerSeen += p1.get(g.slice(h.length + 1)) ?? 0;
    backoff1.set(h, left / Math.max(1e-9, 1 - lowerSeen));
  }
  const bigramProb = (w1: string, w2: string) => p2.get(`${w1} ${w2}`) ?? (backoff1.get(w1) ?? 1) * (p1.get(w2) ?? 0);
  const p3 = new Map<string, number>();
  for (const [g, c] of grams[2]) p3.set(g, (c - d) / h3.total.get(g.slice(0, g.lastIndexOf(' ')))!);
  const backoff2 = new Map<string, number>();
  const followers = new Map<string, string[]>();
  for (const g of grams[2].keys()) {
    const h = g.slice(0, g.lastIndexOf(' '));
    followers.set(h, [...(followers.get(h) ?? []), g.slice(h.length + 1)]);
  }
  for (const [h, total] of h3.total) {
    const left = (d * h3.kinds.get(h)!) / total;
    const w1 = h.split(' ')[1]!;
    const lowerSeen = followers.get(h)!.reduce((s, w) => s + bigramProb(w1, w), 0);
    backoff2.set(h, left / Math.max(1e-9, 1 - lowerSeen));
  }
  const lines = [
    '\\data\\',
    `ngram 1=${grams[0].size + 1}`,
    `ngram 2=${grams[1].size}`,
    `ngram 3=${grams[2].size}`,
    '',
  ];
  lines.push('\\1-grams:', `-99.000000\t<s>\t${log10(backoff1.get('<s>') ?? 1)}`);
  for (const [w, p] of p1) lines.push(`${log10(p)}\t${w}${backoff1.has(w) ? `\t${log10(backoff1.get(w)!)}` : ''}`);
  lines.push('', '\\2-grams:');
  for (const [g, p] of p2) lines.push(`${log10(p)}\t${g}${backoff2.has(g) ? `\t${log10(backoff2.get(g)!)}` : ''}`);
  lines.push('', '\\3-grams:');
  for (const [g, p] of p3) lines.push(`${log10(p)}\t${g}`);
  lines.push('', '\\end\\', '');
  return lines.join('\n');
}
