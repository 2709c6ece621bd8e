/**
 * PEP 440 versions (Python): `[N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]`, with the normalisations
 * pip applies (case, `-`/`_`/`.` separators, `alpha`/`beta`/`c`/`pre`/`preview`, `rev`/`r`, implicit
 * numbers, a leading `v`). Order: dev < pre (a < b < rc) < release < post; a local label sorts after the
 * same public version.
 */
export interface Pep440 {
  readonly epoch: number;
  readonly release: readonly number[];
  readonly pre?: readonly [0 | 1 | 2, number];
  readonly post?: number;
  readonly dev?: number;
  readonly local?: readonly (string | number)[];
}

const PEP440 =
  /^v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\d+)?)?(?:-(\d+)|[-_.]?(post|rev|r)[-_.]?(\d+)?)?(?:[-_.]?(dev)[-_.]?(\d+)?)?(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?$/;

export function parsePep440(text: string): Pep440 | undefined {
  const m = PEP440.exec(text.trim().toLowerCase());
  if (!m) return undefined;
  const [, epoch, release, preTag, preNum, implicitPost, postTag, postNum, devTag, devNum, local] = m;
  const pre =
    preTag === undefined ? undefined : ([preTag === 'a' || preTag === 'alpha' ? 0 : preTag === 'b' || preTag === 'beta' ? 1 : 2, Number(preNum ?? 0)] as const);
  const post = implicitPost !== undefined ? Number(implicitPost) : postTag !== undefined ? Number(postNum ?? 0) : undefined;
  return {
    epoch: Number(epoch ?? 0),
    release: (release as string).split('.').map(Number),
    ...(pre ? { pre } : {}),
    ...(post !== undefined ? { post } : {}),
    ...(devTag !== undefined ? { dev: Number(devNum ?? 0) } : {}),
    ...(local !== undefined ? { local: local.split(/[-_.]/).map((p) => (/^\d+$/.test(p) ? Number(p) : p)) } : {}),
  };
}

export function comparePep440(a: Pep440, b: Pep440): number {
  if (a.epoch !== b.epoch) return a.epoch - b.epoch;
  const n = Math.max(a.release.length, b.release.length);
  for (let i = 0; i < n; i++) {
    const d = (a.release[i] ?? 0) - (b.release[i] ?? 0);
    if (d) return d;
  }
  const pa = preKey(a);
  const pb = preKey(b);
  for (let i = 0; i < 2; i++) if (pa[i] !== pb[i]) return (pa[i] as number) - (pb[i] as number);
  const post = (a.post ?? -1) - (b.post ?? -1);
  if (post) return post;
  const dev = (a.dev ?? Infinity) - (b.dev ?? Infinity);
  if (dev && Number.isFinite(dev)) return dev;
  if (a.dev === undefined && b.dev !== undefined) return 1;
  if (b.dev === undefined && a.dev !== undefined) return -1;
  return compareLocal(a.local, b.local);
}

/**
 * The pre-release sort key: a dev release of a final version (1.0.dev1) sorts before its pre-releases,
 * a final release after them. Post-releases never carry this key below the final.
 */
function preKey(v: Pep440): readonly [number, number] {
  if (v.pre) return v.pre;
  if (v.dev !== undefined && v.post === undefined) return [-1, 0];
  return [3, 0];
}

function compareLocal(a: Pep440['local'], b: Pep440['local']): number {
  if (!a || !b) return (a ? 1 : 0) - (b ? 1 : 0);
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] as string | number;
    const y = b[i] as string | number;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    // Numeric segments sort after alphanumeric ones in local labels.
    if (typeof x === 'number') return 1;
    if (typeof y === 'number') return -1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}
