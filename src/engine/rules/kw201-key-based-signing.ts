import { effectiveFlag, type CosignCommand } from '../cosign/command';
import { bindingRange, commandLabel, finding, keySigningCause } from './helpers/cosign-findings';
import { keylessSigningFix } from '../fixes/cosign-fixes';
import { isManagedKey, type KeyRef } from '../cosign/key-ref';
import { resolveKeyRef } from '../cosign/key-variable';
import { isOn } from '../cosign/occurrences';
import { SIGNING_COMMANDS } from '../cosign/subcommands';
import { COSIGN_ANCHORS, fixContextOf } from '../cosign/view';
import { keylessMigrationFix } from '../workflows/keyless-migration';
import type { Fix } from '../types';
import { MIGRATE_JOB_FIX, SIGN_KEYLESS_FIX } from './helpers/fix-declarations';
import type { FileContext, Rule } from './rule';
import { cosignRuleFrame } from './helpers/cosign-rule-frame';

export const keyBasedSigning: Rule = {
  meta: {
    id: 'KW201',
    name: 'key-based-signing',
    title: 'cosign signs with a long-lived key',
    severity: 'warning',
    threats: ['T5'],
    kind: 'config',
    summary:
      '`cosign sign|sign-blob|attest|attest-blob --key …` signs with a private key that lives in a file, a CI secret or a cluster, where anyone who copies it can sign as you.',
    docs: `
**Risk (T5, exposed keys).** A key-based signature is only as safe as every place the private key has ever been: the repository and its history, each CI runner that decrypted it, the secret store, backups. Whoever copies it can sign anything as you, and verifiers cannot tell. Keyless signing (Sigstore) replaces the key with a short-lived Fulcio certificate bound to the CI job's OIDC identity and records every signature in Rekor.

Found in shell scripts, Makefiles, Dockerfile \`RUN\`, justfiles, Taskfiles, npm scripts, GitHub Actions \`run:\`, GitLab \`script:\`, Tekton and Argo steps, and Markdown shell blocks (information there). \`COSIGN_KEY\` (the environment form of \`--key\`) counts too.

\`\`\`sh
cosign sign --key cosign.key ghcr.io/acme/app@sha256:…          # warning
cosign sign-blob --key env://COSIGN_PRIVATE_KEY --output-signature app.sig app.tgz
cosign sign --key awskms:///alias/release ghcr.io/acme/app@…     # information: KMS key
\`\`\`

KMS and HSM keys (\`awskms://\`, \`gcpkms://\`, \`azurekms://\`, \`hashivault://\`, \`openbao://\`, \`pkcs11:\`) and \`--sk\` hardware keys are the acceptable key-based form: the private key never leaves the device. They are reported as information only; review the key's access policy. This holds also through a shell variable (\`--key "$KEY"\`) when every value the file assigns to it before the command is such a URI; one assignment to a file or a secret keeps the warning. \`k8s://\` keys stay a warning: a Kubernetes secret holds an exportable private key.

**Fix: Sign keyless.** \`cosign sign --key X IMAGE\` becomes \`cosign sign --yes IMAGE\` (digests, annotations and other flags kept); blobs become \`cosign sign-blob --yes --bundle ARTIFACT.sigstore.json ARTIFACT\`. The job then needs an OIDC token: GitHub Actions \`permissions: id-token: write\`, GitLab \`id_tokens: { SIGSTORE_ID_TOKEN: { aud: sigstore } }\`. The fix says which secrets (\`COSIGN_PRIVATE_KEY\`, \`COSIGN_PASSWORD\`) and key files can then be deleted — and rotate the old key: its signatures stay valid for anyone holding it.
`,
    fixes: [MIGRATE_JOB_FIX, SIGN_KEYLESS_FIX],
  },
  gate: { anchors: COSIGN_ANCHORS },
  check(file) {
    const { view, ids, out } = cosignRuleFrame(file);
    if (view.commands.length === 0) return [];
    const context = fixContextOf(file, view);
    for (const command of view.commands) {
      if (!SIGNING_COMMANDS.has(command.subcommand)) continue;
      const key = effectiveFlag(command, 'key');
      const label = commandLabel(command);
      if (!key) {
        const sk = effectiveFlag(command, 'sk');
        if (isOn(sk) && sk) {
          out.push(
            finding({
              ruleId: 'KW201',
              range: sk.range,
              severity: 'information',
              documentation: command.documentation,
              host: command.segment.host,
              identity: ids.next(`${command.subcommand}|sk`),
              message: `\`${label}\` signs with a hardware security key (--sk): an acceptable key-based form, the private key stays on the device. Keyless signing would also record the signer identity.`,
            }),
          );
        }
        continue;
      }
      const resolved = resolveKeyRef(command, key, view.variables);
      const ref = resolved.ref;
      const range = key.binding ? bindingRange(key.binding) : key.range;
      const identity = ids.next(`${command.subcommand}|${ref.kind}|${displayKey(key.value)}`);
      if (isManagedKey(ref)) {
        const through = resolved.variable ? `, set through ${resolved.variable}` : '';
        out.push(
          finding({
            ruleId: 'KW201',
            range,
            severity: 'information',
            documentation: command.documentation,
            host: command.segment.host,
            identity,
            message: `\`${label}\` signs with a ${ref.kind === 'kms' ? 'KMS' : 'PKCS#11 (HSM)'} key (${displayKey(resolved.value)}${through}): the acceptable key-based form, the private key never leaves the key service. Review who may use the key; keyless signing would also need no key at all.`,
          }),
        );
        continue;
      }
      out.push(
        finding({
          ruleId: 'KW201',
          range,
          severity: 'warning',
          documentation: command.documentation,
          host: command.segment.host,
          identity,
          message: `\`${label}\` signs with ${describeKey(ref, key.value, key.binding?.name)}: a long-lived private key that anyone who copies it can sign with. Sign keyless with the CI job's OIDC identity instead.`,
          rootCause: keySigningCause(command),
          // In a GitHub Actions or GitLab CI job, the whole migration (token, env cleanup) comes first.
          fixes: withMigration(file, command, keylessSigningFix(command, context)),
        }),
      );
    }
    return out;
  },
};

/** Key references are paths and URIs, not secrets; an inline PEM (never valid here) is not echoed. */
function displayKey(value: string | undefined): string {
  if (value === undefined || value === '') return '(empty)';
  if (/-----BEGIN|\n/.test(value)) return '(inline key, not shown)';
  return value.length > 80 ? `${value.slice(0, 77)}…` : value;
}

function describeKey(ref: KeyRef, value: string | undefined, variable: string | undefined): string {
  const via = variable ? ` (set through ${variable})` : '';
  switch (ref.kind) {
    case 'env':
      return `the private key in the environment variable ${ref.envName ?? ''}${via}, a CI secret copied onto every runner`;
    case 'k8s':
      return `the private key in the Kubernetes secret ${displayKey(value)}${via}`;
    case 'gitlab':
    case 'github':
      return `the private key stored as CI variables by ${displayKey(value)}${via}`;
    case 'file':
      return `the key file \`${displayKey(value)}\`${via}`;
    default:
      return `the key from \`${displayKey(value)}\`${via}`;
  }
}

function withMigration(file: FileContext, command: CosignCommand, keyless: Fix | undefined): (Fix | undefined)[] {
  return [keylessMigrationFix(file, command, keyless), keyless];
}
