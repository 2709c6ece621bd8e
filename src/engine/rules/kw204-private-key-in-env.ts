import { effectiveFlag, type CosignCommand } from '../cosign/command';
import { commandLabel, finding, keySigningCause } from './helpers/cosign-findings';
import { keylessSigningFix } from '../fixes/cosign-fixes';
import { classifyKeyRef } from '../cosign/key-ref';
import { COSIGN_ANCHORS, fixContextOf } from '../cosign/view';
import { keylessMigrationFix } from '../workflows/keyless-migration';
import { basename } from '../shell/invocation';
import type { LocatedInvocation } from '../shell/view';
import type { Fix } from '../types';
import { MIGRATE_JOB_FIX, SIGN_KEYLESS_FIX } from './helpers/fix-declarations';
import type { FileContext, Rule } from './rule';
import { cosignRuleFrame } from './helpers/cosign-rule-frame';

/** Variables that hold a cosign private key (the names `cosign generate-key-pair` uses, and the common ones). */
const KEY_VARIABLE = /^(COSIGN_PRIVATE_KEY|COSIGN_KEY|[A-Z0-9_]*SIGNING_KEY|[A-Z0-9_]*COSIGN[A-Z0-9_]*PRIVATE[A-Z0-9_]*)$/;
/** A reference to such a variable in shell, make or CI template syntax. */
const KEY_REFERENCE =
  /\$\{\{\s*(?:secrets|env|vars)\.(COSIGN_PRIVATE_KEY|COSIGN_KEY)\s*\}\}|\$\{?(COSIGN_PRIVATE_KEY|COSIGN_KEY)\b|\$\((COSIGN_PRIVATE_KEY|COSIGN_KEY)\)/;
const OUTPUT_REDIRECTS = new Set(['>', '>>', '>|', '&>', '&>>']);

export const privateKeyInEnv: Rule = {
  meta: {
    id: 'KW204',
    name: 'private-key-in-env',
    title: 'cosign private key passed through the environment or written to disk',
    severity: 'warning',
    threats: ['T5'],
    kind: 'config',
    summary:
      '`--key env://COSIGN_PRIVATE_KEY` or `echo "$COSIGN_PRIVATE_KEY" > cosign.key` puts the private signing key into the process environment or onto the runner disk, where other steps, tools and logs can read it.',
    docs: `
**Risk (T5, exposed keys).** A private key in an environment variable is visible to every process of the job (and their crash dumps and debug logs); written to a file, it stays on the runner's disk, in caches and artifacts. Third-party actions and build tools running in the same job can copy it.

\`\`\`sh
cosign sign --key env://COSIGN_PRIVATE_KEY "$IMAGE"            # warning
echo "$COSIGN_PRIVATE_KEY" > cosign.key                        # warning
printf '%s' "\${{ secrets.COSIGN_PRIVATE_KEY }}" > /tmp/cosign.key   # warning
\`\`\`

**Fix: Sign keyless** (same migration as KW201): no key exists, so none can leak; the job needs an OIDC token (\`id-token: write\` on GitHub, \`id_tokens\` on GitLab). If a key is required, use a KMS URI (\`--key gcpkms://…\`), which keeps the private key in the key service.
`,
    fixes: [MIGRATE_JOB_FIX, SIGN_KEYLESS_FIX],
  },
  gate: { anchors: COSIGN_ANCHORS },
  check(file) {
    const { view, ids, out } = cosignRuleFrame(file);
    if (view.shell.invocations.length === 0) return [];
    const context = fixContextOf(file, view);
    for (const command of view.commands) {
      const key = effectiveFlag(command, 'key');
      const ref = key?.value !== undefined ? classifyKeyRef(key.value) : undefined;
      if (!key || !key.valueRange || ref?.kind !== 'env' || !ref.envName || !KEY_VARIABLE.test(ref.envName)) continue;
      out.push(
        finding({
          ruleId: 'KW204',
          range: key.valueRange,
          severity: 'warning',
          documentation: command.documentation,
          host: command.segment.host,
          identity: ids.next(`env-key|${command.subcommand}|${ref.envName}`),
          message: `\`${commandLabel(command)}\` reads the private key from the environment variable ${ref.envName}: every process of the job can read it. Sign keyless instead.`,
          rootCause: keySigningCause(command),
          // In a GitHub Actions or GitLab CI job, the whole migration (token, env cleanup) comes first.
          fixes: withMigration(file, command, keylessSigningFix(command, context)),
        }),
      );
    }
    for (const stages of pipelines(view.shell.invocations)) {
      const first = stages[0] as LocatedInvocation;
      const last = stages[stages.length - 1] as LocatedInvocation;
      const sinks: string[] = [];
      const sources: string[] = [];
      for (const { invocation } of stages) {
        const command = invocation.command;
        for (const { redirect, target } of command.redirects) {
          if (OUTPUT_REDIRECTS.has(redirect.op) && target && !/^\/dev\/(null|stdout|stderr)$/.test(target.value)) sinks.push(target.value);
          if (redirect.op === '<<<' && target) sources.push(target.raw);
          if (redirect.heredoc?.expands) sources.push(redirect.heredoc.text);
        }
        const program = invocation.argv[0] ? basename(invocation.argv[0].value) : '';
        // Word by word, never `push(...argv)`: a 1.4 MB command line has more words than a call may take arguments.
        if (program === 'tee') for (const word of invocation.argv.slice(1)) if (!word.value.startsWith('-')) sinks.push(word.value);
        for (const word of invocation.argv) sources.push(word.raw);
      }
      if (sinks.length === 0) continue;
      const match = KEY_REFERENCE.exec(sources.join(' '));
      if (!match) continue;
      const variable = match[1] ?? match[2] ?? match[3] ?? 'COSIGN_PRIVATE_KEY';
      const target = sinks[0] ?? 'a file';
      out.push(
        finding({
          ruleId: 'KW204',
          range: first.segment.source.toOriginal({ start: first.invocation.command.start, end: last.invocation.command.end }),
          severity: 'warning',
          documentation: first.segment.documentation,
          host: first.segment.host,
          identity: ids.next(`key-to-file|${variable}|${target}`),
          message: `This writes the private signing key from ${variable} to ${target}: it stays on the runner's disk where other steps, caches and artifacts can pick it up. Sign keyless instead.`,
        }),
      );
    }
    return out;
  },
};

/** Groups commands into pipelines (`echo "$K" | base64 -d > key` is one pipeline of two stages). */
function pipelines(invocations: readonly LocatedInvocation[]): LocatedInvocation[][] {
  const out: LocatedInvocation[][] = [];
  // The latest group at each nesting depth: nested `$(…)` commands are listed between pipeline stages.
  const open = new Map<number, LocatedInvocation[]>();
  for (const located of invocations) {
    const command = located.invocation.command;
    const key = command.depth;
    const previous = open.get(key);
    if (previous && (command.after === '|' || command.after === '|&') && previous[0]?.segment === located.segment) {
      previous.push(located);
      continue;
    }
    const group = [located];
    out.push(group);
    open.set(key, group);
  }
  return out;
}

function withMigration(file: FileContext, command: CosignCommand, keyless: Fix | undefined): (Fix | undefined)[] {
  return [keylessMigrationFix(file, command, keyless), keyless];
}
