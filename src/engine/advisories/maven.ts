/**
 * Maven version order (a small version of ComparableVersion): numbers and qualifiers split on `.`, `-`
 * and digit/letter boundaries; trailing zeros and release qualifiers (`final`, `ga`, `release`) are
 * dropped; qualifiers order alpha < beta < milestone < rc < snapshot < (release) < sp, unknown qualifiers
 * after sp alphabetically; a number sorts after any qualifier in the same position (1.0-sp < 1.0.1).
 */
type Item = number | string;

const QUALIFIER_RANK: Readonly<Record<string, number>> = {
  alpha: 0,
  a: 0,
  beta: 1,
  b: 1,
  milestone: 2,
  m: 2,
  rc: 3,
  cr: 3,
  snapshot: 4,
  '': 5,
  ga: 5,
  final: 5,
  release: 5,
  sp: 6,
};

export function parseMaven(text: string): readonly Item[] | undefined {
  const t = text.trim().toLowerCase();
  if (!/^[0-9a-z][0-9a-z.\-_+]*$/.test(t)) return undefined;
  const items: Item[] = [];
  for (const part of t.split(/[.\-_+]/)) {
    for (const token of part.match(/\d+|[a-z]+/g) ?? []) items.push(/^\d/.test(token) ? Number(token) : token);
  }
  // 1.0.0 == 1.0 == 1-final: trailing zeros and release qualifiers carry no order.
  while (items.length > 0) {
    const last = items[items.length - 1];
    if (last === 0 || (typeof last === 'string' && QUALIFIER_RANK[last] === 5)) items.pop();
    else break;
  }
  return items;
}

export function compareMaven(a: readonly Item[], b: readonly Item[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = compareItem(a[i], b[i]);
    if (d) return d;
  }
  return 0;
}

function compareItem(x: Item | undefined, y: Item | undefined): number {
  if (x === y) return 0;
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  if (typeof x === 'number') return y === undefined ? (x === 0 ? 0 : 1) : 1;
  if (typeof y === 'number') return x === undefined ? (y === 0 ? 0 : -1) : -1;
  return qualifierKey(x) < qualifierKey(y) ? -1 : qualifierKey(x) > qualifierKey(y) ? 1 : 0;
}

function qualifierKey(q: string | undefined): string {
  const rank = QUALIFIER_RANK[q ?? ''];
  return rank === undefined ? `7-${q ?? ''}` : String(rank);
}
