import { cosignInstallerPins } from './actions';
import { goModPins } from './go';
import { gradlePins, pomPins } from './maven';
import { packageJsonPins, packageLockPins, pnpmLockPins, yarnLockPins } from './npm';
import type { Pin } from './pin';
import { pipfileLockPins, poetryLockPins, pyprojectPins, requirementsPins } from './python';
import { textPins } from './text';

export type { Pin } from './pin';

interface Finder {
  /** Which files (base name or path) the finder reads. */
  readonly file: (base: string, path: string) => boolean;
  /** A fixed string every relevant file contains: most files are skipped before any parsing. */
  readonly needle: RegExp;
  readonly find: (path: string, text: string) => Pin[];
}

const NPM_NEEDLE = /"@?sigstore[/"]|^"?@?sigstore[/@]|^ {2}['"]?\/?@?sigstore[/@]/m;
const isWorkflow = (path: string): boolean => /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/i.test(path) || /(^|\/)action\.ya?ml$/i.test(path);

const FINDERS: readonly Finder[] = [
  { file: (b) => b === 'package.json', needle: /"@?sigstore[/"]/, find: packageJsonPins },
  { file: (b) => b === 'package-lock.json' || b === 'npm-shrinkwrap.json', needle: /node_modules\/@?sigstore|"@?sigstore[/"]/, find: packageLockPins },
  { file: (b) => b === 'yarn.lock', needle: NPM_NEEDLE, find: yarnLockPins },
  { file: (b) => b === 'pnpm-lock.yaml', needle: NPM_NEEDLE, find: pnpmLockPins },
  { file: (b) => b === 'go.mod', needle: /github\.com\/sigstore\//, find: goModPins },
  { file: (b) => /^requirements.*\.(?:txt|in)$/i.test(b), needle: /sigstore/i, find: requirementsPins },
  { file: (b) => b === 'pyproject.toml', needle: /sigstore/i, find: pyprojectPins },
  { file: (b) => b === 'poetry.lock', needle: /name = "sigstore"/i, find: poetryLockPins },
  { file: (b) => b === 'Pipfile.lock', needle: /"sigstore"/i, find: pipfileLockPins },
  { file: (b) => b === 'pom.xml', needle: /dev\.sigstore/, find: pomPins },
  { file: (b) => /^(?:build\.gradle(?:\.kts)?|settings\.gradle(?:\.kts)?|libs\.versions\.toml)$/.test(b), needle: /dev\.sigstore/, find: gradlePins },
  { file: (_b, p) => isWorkflow(p), needle: /sigstore\/cosign-installer@/, find: cosignInstallerPins },
];

/** Structured files never hold the free-text patterns (and their JSON/TOML would only duplicate pins). */
const STRUCTURED = new Set([
  'package.json',
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'go.mod',
  'go.sum',
  'poetry.lock',
  'Pipfile.lock',
  'pom.xml',
]);
const TEXT_NEEDLE = /projectsigstore\/cosign:|sigstore\/cosign\/|COSIGN_VERSION|policy-controller\/policy-controller/;

/**
 * For the rule gate: every needle above that is case-sensitive contains one of these. The files whose
 * needle ignores case (Python package names do) are gated by name instead.
 */
export const PIN_ANCHORS: readonly string[] = ['sigstore', 'COSIGN_VERSION', 'policy-controller'];

export function readsPinsCaseInsensitively(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return FINDERS.some((finder) => finder.needle.ignoreCase && finder.file(base, path));
}

/** Every Sigstore version pin in one file, in file order. */
export function findPins(path: string, text: string): Pin[] {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const pins: Pin[] = [];
  for (const finder of FINDERS) if (finder.file(base, path) && finder.needle.test(text)) pins.push(...finder.find(path, text));
  if (!STRUCTURED.has(base) && TEXT_NEEDLE.test(text)) pins.push(...textPins(path, text));
  const seen = new Set<number>();
  return pins.filter((p) => !seen.has(p.range.start) && seen.add(p.range.start)).sort((a, b) => a.range.start - b.range.start);
}
