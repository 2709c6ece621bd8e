/**
 * cosign's command-line flags, as far as parsing needs them (cobra/pflag semantics, cosign v2–v3
 * `cmd/cosign/cli/options`): boolean flags never take a separate value (`--tlog-upload=false` is the
 * only way to pass one), every other flag takes the next word or `=value`. cosign 2.0+ also reads any
 * flag from `COSIGN_` + the flag name in upper snake case.
 */

/** Boolean flags of the cosign subcommands. An unknown flag is assumed to take a value. */
export const BOOLEAN_FLAGS: ReadonlySet<string> = new Set([
  'yes',
  'recursive',
  'upload',
  'no-upload',
  'tlog-upload',
  'insecure-ignore-tlog',
  'insecure-ignore-sct',
  'private-infrastructure',
  'allow-insecure-registry',
  'allow-http-registry',
  'offline',
  'check-claims',
  'use-signed-timestamps',
  'new-bundle-format',
  'experimental-oci11',
  'local-image',
  'sk',
  'issue-certificate',
  'record-creation-timestamp',
  'use-signing-config',
  'b64',
  'insecure-skip-verify',
  'oidc-disable-ambient-providers',
  'verbose',
  'force',
  'replace',
  'base-image-only',
  'k8s-keychain',
  'sig-only',
  'skip-confirmation',
  'include-tlog',
  'help',
  'version',
  'json',
]);

/** Single-letter shorthands. `-k` is not a cosign shorthand, but wrappers and older docs write it for `--key`. */
export const SHORTHANDS: Readonly<Record<string, string>> = {
  y: 'yes',
  r: 'recursive',
  a: 'annotations',
  o: 'output',
  d: 'verbose',
  t: 'timeout',
  f: 'force',
  k: 'key',
  h: 'help',
};

/** Global flags that may precede the subcommand, and whether they take a value. */
export const GLOBAL_FLAGS: Readonly<Record<string, boolean>> = { 'output-file': true, timeout: true, verbose: false, help: false };

/** `insecure-ignore-tlog` → `COSIGN_INSECURE_IGNORE_TLOG`. */
export function flagEnvName(flag: string): string {
  return `COSIGN_${flag.toUpperCase().replace(/-/g, '_')}`;
}

/** strconv.ParseBool, which pflag uses: undefined when the text is not a boolean. */
export function parseBool(value: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}
