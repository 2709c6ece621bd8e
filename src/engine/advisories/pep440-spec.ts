import { satisfiesOrder } from './order';
import { comparePep440, parsePep440, type Pep440 } from './pep440';

/**
 * PEP 440 version specifiers (`>=3.0,<4`, `==3.1.*`, `~=3.5`, `!=3.2.0`) and Poetry constraints
 * (`^3.0`, `~3.1`, a bare `3.0.0` meaning `==`), reduced to what the advisory rule asks: the lowest version
 * the specifier names, and whether it allows a given version.
 */
interface Clause {
  readonly op: '==' | '!=' | '<' | '<=' | '>' | '>=' | '===' | 'prefix' | '!prefix';
  readonly version: Pep440;
}

export interface PySpec {
  readonly clauses: readonly Clause[];
  /** The version the specifier starts from (`>=`, `==`, `~=`, `^`, `~`), if any. */
  readonly minimum?: string;
  /** True when the specifier is one `==` / `===` version. */
  readonly exact: boolean;
}

export function parsePySpec(text: string, poetry = false): PySpec | undefined {
  const clauses: Clause[] = [];
  let minimum: string | undefined;
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return undefined;
  for (const part of parts) {
    const m = /^(===|==|!=|~=|<=|>=|<|>|\^|~)?\s*(\S+)$/.exec(part);
    if (!m) return undefined;
    let op = m[1] ?? (poetry ? '==' : '');
    const raw = m[2] as string;
    if (op === '') return undefined;
    if ((op === '==' || op === '!=') && raw.endsWith('.*')) {
      const v = parsePep440(raw.slice(0, -2));
      if (!v) return undefined;
      clauses.push({ op: op === '==' ? 'prefix' : '!prefix', version: v });
      if (op === '==') minimum ??= raw.slice(0, -2);
      continue;
    }
    const v = parsePep440(raw);
    if (!v) return undefined;
    if (op === '~=' || op === '^' || op === '~') {
      // ~=1.4.5 → >=1.4.5, ==1.4.*; ^1.2 → <2.0 (Poetry: first non-zero part); ~1.2 → <1.3.
      const release = v.release;
      let upper: number[];
      if (op === '~=') upper = bump(release.slice(0, Math.max(1, release.length - 1)));
      else if (op === '~') upper = bump(release.length > 1 ? release.slice(0, 2) : release.slice(0, 1));
      else {
        const firstNonZero = release.findIndex((n) => n !== 0);
        upper = bump(release.slice(0, firstNonZero < 0 ? release.length : firstNonZero + 1));
      }
      clauses.push({ op: '>=', version: v }, { op: '<', version: { epoch: v.epoch, release: upper, dev: 0 } });
      minimum ??= raw;
      continue;
    }
    op = op as Clause['op'];
    clauses.push({ op: op as Clause['op'], version: v });
    if (op === '>=' || op === '==' || op === '===') minimum ??= raw;
  }
  const exact = clauses.length === 1 && (clauses[0]?.op === '==' || clauses[0]?.op === '===');
  return { clauses, exact, ...(minimum !== undefined ? { minimum } : {}) };
}

function bump(release: readonly number[]): number[] {
  const out = [...release];
  out[out.length - 1] = (out[out.length - 1] ?? 0) + 1;
  return out;
}

export function pySpecAllows(spec: PySpec, version: string): boolean {
  const v = parsePep440(version);
  if (!v) return false;
  return spec.clauses.every((c) => {
    const d = comparePep440(v, c.version);
    switch (c.op) {
      case '==':
      case '===':
        return d === 0;
      case '!=':
        return d !== 0;
      case '<':
      case '<=':
      case '>':
      case '>=':
        return satisfiesOrder(c.op, d);
      case 'prefix':
        return hasPrefix(v, c.version);
      case '!prefix':
        return !hasPrefix(v, c.version);
    }
  });
}

function hasPrefix(v: Pep440, prefix: Pep440): boolean {
  return v.epoch === prefix.epoch && prefix.release.every((n, i) => (v.release[i] ?? 0) === n);
}
