import type { Fix } from '../types';
import { GITHUB_ISSUER, GITLAB_ISSUER } from '../facts/workspace-facts';
import { insertEntries, type AppIssue } from './issues';
import type { Call, Entry, Source } from './syntax';

/** sigstore-python: the verification policies of `sigstore.verify.policy`. */

const MODULE = ['sigstore', 'verify', 'policy'];

/** Policies that tie the signature to one repository or workflow (a commit digest or a ref alone does not: forks share them). */
const PINNING = new Set([
  'Identity',
  'GitHubWorkflowRepository',
  'OIDCSourceRepositoryURI',
  'OIDCSourceRepositoryIdentifier',
  'OIDCBuildSignerURI',
  'OIDCBuildConfigURI',
  'OIDCRunInvocationURI',
]);
const OPEN = new Set([
  'OIDCIssuer',
  'OIDCIssuerV2',
  'GitHubWorkflowTrigger',
  'GitHubWorkflowSHA',
  'GitHubWorkflowName',
  'GitHubWorkflowRef',
  'OIDCBuilderURI',
  'OIDCBuildSignerDigest',
  'OIDCRunnerEnvironment',
  'OIDCSourceRepositoryDigest',
  'OIDCSourceRepositoryRef',
  'OIDCSourceRepositoryOwnerURI',
  'OIDCSourceRepositoryOwnerIdentifier',
  'OIDCBuildConfigDigest',
  'OIDCBuildTrigger',
  'OIDCSourceRepositoryVisibilityAtSigning',
]);

interface Imports {
  readonly modules: Set<string>;
  readonly named: Map<string, string>;
}

export function pythonIssues(source: Source): AppIssue[] {
  const imports = importsOf(source);
  const issues: AppIssue[] = [];
  const calls = [...source.calls()];
  const callAt = new Map(calls.map((c) => [c.first, c]));
  for (const call of calls) {
    const name = policyName(call, imports);
    if (!name) continue;
    const range = { start: source.tokens[call.first]!.start, end: source.tokens[call.close]!.end };
    if (name === 'UnsafeNoOp') {
      issues.push({
        kind: 'identity',
        range,
        message: '`policy.UnsafeNoOp()` accepts a signature from anyone with a Fulcio certificate. Use `policy.Identity(identity=…, issuer=…)`.',
        severity: 'error',
        identity: 'sigstore-python:unsafe-noop',
      });
    } else if (name === 'Identity') {
      identity(source, call, range, issues);
    } else if (name === 'AllOf' || name === 'AnyOf') {
      combination(source, call, name, { imports, callAt }, range, issues);
    }
  }
  return issues;
}

function identity(source: Source, call: Call, range: AppIssue['range'], issues: AppIssue[]): void {
  const entries = source.entries(call.open);
  if (entries.filter((e) => e.key === undefined).length >= 2 || entries.some((e) => source.spanText(e.value).startsWith('*'))) return;
  const issuer = entries.find((e) => e.key === 'issuer');
  if (issuer && source.spanText(issuer.value) !== 'None') return;
  const identityEntry = entries.find((e) => e.key === 'identity') ?? entries.find((e) => e.key === undefined);
  const identityToken = identityEntry ? source.single(identityEntry.value) : undefined;
  const value = identityToken?.kind === 'string' ? identityToken.value : undefined;
  const fix = issuerFix(source, call, value, issuer);
  issues.push({
    kind: 'identity',
    range,
    message:
      '`policy.Identity` without `issuer`: the identity is accepted from any OIDC issuer, so any issuer that can mint a token with that identity passes. Add `issuer=`.',
    severity: 'error',
    identity: 'sigstore-python:identity-without-issuer',
    ...(fix ? { fixes: [fix] } : {}),
  });
}

/** Adds `issuer=…` (or replaces `issuer=None`). */
function issuerFix(source: Source, call: Call, identity: string | undefined, none: Entry | undefined): Fix | undefined {
  if (call.args.length === 0) return undefined;
  const known = identity?.startsWith('https://github.com/') ? GITHUB_ISSUER : identity?.startsWith('https://gitlab.com/') ? GITLAB_ISSUER : undefined;
  const issuer = known ?? '<OIDC issuer URL>';
  return {
    title: `Require the OIDC issuer${known ? '' : ' (fill in the placeholder)'}`,
    edits: [
      none ? { range: source.range(none.value), newText: JSON.stringify(issuer) } : insertEntries(source, call.open, [`issuer=${JSON.stringify(issuer)}`]),
    ],
    safety: 'review',
    pinsIdentity: true,
    ...(known ? {} : { needsInput: true, note: 'Fill in the OIDC issuer that signs for this identity.' }),
  };
}

/** `AllOf([…])` must pin the signer in one of its policies; each branch of `AnyOf([…])` must. */
function combination(
  source: Source,
  call: Call,
  name: 'AllOf' | 'AnyOf',
  { imports, callAt }: { imports: Imports; callAt: ReadonlyMap<number, Call> },
  range: AppIssue['range'],
  issues: AppIssue[],
): void {
  const list = call.args[0];
  if (!list || !source.is(list.from, '[') || source.close(list.from) !== list.to - 1) return;
  const members: { name: string | undefined; call: Call | undefined }[] = [];
  for (const element of source.split(list.from, list.to - 1)) {
    const candidate = callAt.get(element.from);
    const member = candidate?.close === element.to - 1 ? candidate : undefined;
    members.push({ name: member ? policyName(member, imports) : undefined, call: member });
  }
  if (members.some((m) => m.name === undefined || m.name === 'AllOf' || m.name === 'AnyOf' || m.name === 'UnsafeNoOp') || members.length === 0) return;
  if (name === 'AllOf') {
    if (members.some((m) => PINNING.has(m.name!))) return;
    issues.push({
      kind: 'identity',
      range,
      message: `\`policy.AllOf\` of ${members.map((m) => m.name).join(', ')} only: no policy names the repository or signer, so a workflow in anyone's repository passes. Add \`policy.Identity(identity=…, issuer=…)\`.`,
      severity: 'error',
      identity: 'sigstore-python:allof-without-signer',
    });
    return;
  }
  for (const member of members) {
    if (!OPEN.has(member.name!)) continue;
    const at = member.call!;
    issues.push({
      kind: 'identity',
      range: { start: source.tokens[at.first]!.start, end: source.tokens[at.close]!.end },
      message: `\`policy.AnyOf\` branch \`${member.name}\` alone does not name the repository or signer: any signature that satisfies it passes. Make the branch an \`AllOf\` with \`policy.Identity\`.`,
      severity: 'error',
      identity: `sigstore-python:anyof-open-${member.name}`,
    });
  }
}

function policyName(call: Call, imports: Imports): string | undefined {
  const { callee } = call;
  if (callee.length === 1) return imports.named.get(callee[0]!);
  if (callee.length === 2 && imports.modules.has(callee[0]!)) return callee[1];
  if (callee.length === 4 && MODULE.every((part, i) => callee[i] === part)) return callee[3];
  return undefined;
}

/** `from sigstore.verify import policy [as p]`, `import sigstore.verify.policy as p`, `from sigstore.verify.policy import A, B as C`. */
function importsOf(source: Source): Imports {
  const imports: Imports = { modules: new Set(), named: new Map() };
  const { tokens } = source;
  const dotted = (at: number): { parts: string[]; end: number } => {
    const parts = [tokens[at]?.text ?? ''];
    let j = at + 1;
    while (source.is(j, '.') && tokens[j + 1]?.kind === 'ident') {
      parts.push(tokens[j + 1]!.text);
      j += 2;
    }
    return { parts, end: j };
  };
  for (let i = 0; i < tokens.length; i++) {
    if (source.is(i, 'import') && !source.is(i - 1, '.')) {
      const { parts, end } = dotted(i + 1);
      if (parts.join('.') === MODULE.join('.') && source.is(end, 'as') && tokens[end + 1]?.kind === 'ident') imports.modules.add(tokens[end + 1]!.text);
    }
    if (!source.is(i, 'from')) continue;
    const { parts, end } = dotted(i + 1);
    const module = parts.join('.');
    if (!source.is(end, 'import') || (module !== 'sigstore.verify' && module !== MODULE.join('.'))) continue;
    for (let j = end + 1; j < tokens.length; j++) {
      const t = tokens[j]!;
      if (source.is(j, '(') || source.is(j, ',')) continue;
      if (t.kind !== 'ident' || t.text === 'from' || t.text === 'import') break;
      const local = source.is(j + 1, 'as') && tokens[j + 2]?.kind === 'ident' ? tokens[j + 2]!.text : t.text;
      if (module === 'sigstore.verify') {
        if (t.text === 'policy') imports.modules.add(local);
      } else imports.named.set(local, t.text);
      if (local !== t.text) j += 2;
      if (!source.is(j + 1, ',')) break;
    }
  }
  return imports;
}
