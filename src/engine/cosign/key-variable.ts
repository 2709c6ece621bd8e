import type { EnvBinding } from '../shell/env-bindings';
import { isYamlHost } from '../shell/hosts';
import type { CosignCommand, CosignFlag } from './command';
import { classifyKeyRef, isManagedKey, type KeyRef } from './key-ref';

/**
 * `KEY=gcpkms://…; cosign sign --key "$KEY"`: a `--key` that is one variable reference is classified by
 * the values the file assigns to that variable before the command (or, in YAML, anywhere in its `env:`
 * maps, which may follow the step). Only a variable that EVERY reaching assignment sets to a KMS or
 * PKCS#11 URI counts as a managed key: one assignment to a file or a secret keeps the key a long-lived one.
 */
export interface ResolvedKeyRef {
  readonly ref: KeyRef;
  /** The variable the value came through, when it came through one. */
  readonly variable?: string;
  /** The assigned value (for messages); the flag's own value otherwise. */
  readonly value: string | undefined;
}

/** `$NAME`, `${NAME}`, `$(NAME)` (make), `${{ env.NAME }}` (GitHub Actions). */
const REFERENCE =
  /^(?:\$([A-Za-z_][A-Za-z0-9_]*)|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$\(([A-Za-z_][A-Za-z0-9_]*)\)|\$\{\{\s*env\.([A-Za-z_][A-Za-z0-9_-]*)\s*\}\})$/;

export function resolveKeyRef(command: CosignCommand, key: CosignFlag, variables: readonly EnvBinding[]): ResolvedKeyRef {
  const direct: ResolvedKeyRef = { ref: classifyKeyRef(key.value ?? ''), value: key.value };
  if (key.literal || key.value === undefined) return direct;
  const match = REFERENCE.exec(key.value);
  const name = match?.slice(1).find((g) => g !== undefined);
  if (!name) return direct;
  const yaml = isYamlHost(command.segment.host);
  const reaching = variables.filter(
    (b) => b.name === name && (b.scope === 'command' ? b.invocation === command.invocation : yaml || b.nameRange.start < command.range.start),
  );
  if (reaching.length === 0 || !reaching.every((b) => b.value !== undefined && isManagedKey(classifyKeyRef(b.value)))) return direct;
  const last = reaching[reaching.length - 1] as EnvBinding;
  return { ref: classifyKeyRef(last.value ?? ''), variable: name, value: last.value };
}
