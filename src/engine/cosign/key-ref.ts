/**
 * What a `--key` value points at. KMS and hardware keys never leave their device (the acceptable
 * key-based form); files, environment variables, Kubernetes and CI secrets hold the private key where
 * a runner, a cluster admin or anyone with the repository can copy it.
 */
export type KeyRefKind = 'kms' | 'pkcs11' | 'env' | 'k8s' | 'gitlab' | 'github' | 'url' | 'file' | 'unknown';

export interface KeyRef {
  readonly kind: KeyRefKind;
  /** For `env://NAME`: the variable name. */
  readonly envName?: string;
}

const KMS = /^(awskms|gcpkms|azurekms|hashivault|openbao):\/\//;

export function classifyKeyRef(value: string): KeyRef {
  if (KMS.test(value)) return { kind: 'kms' };
  if (value.startsWith('pkcs11:')) return { kind: 'pkcs11' };
  const env = /^env:\/\/([A-Za-z_][A-Za-z0-9_]*)/.exec(value);
  if (env) return { kind: 'env', envName: env[1] ?? '' };
  if (value.startsWith('k8s://')) return { kind: 'k8s' };
  if (value.startsWith('gitlab://')) return { kind: 'gitlab' };
  if (value.startsWith('github://')) return { kind: 'github' };
  if (/^https?:\/\//.test(value)) return { kind: 'url' };
  if (value === '' || /^[$`{]/.test(value)) return { kind: 'unknown' };
  return { kind: 'file' };
}

/** KMS and PKCS#11 keys stay in their HSM: information only. */
export function isManagedKey(ref: KeyRef): boolean {
  return ref.kind === 'kms' || ref.kind === 'pkcs11';
}
