/**
 * "Keyward: Verify Sigstore Bundle…": picks the artifact (or takes the explorer's file), finds its bundle
 * next to it, picks the policy (arguments, `keyward.verify.policies`, or asks), runs the verifier under a
 * progress notification, and shows the result view. Every expected problem is one line in an error
 * message; anything unexpected goes to the log with its stack and is shown as one line too.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../../engine/types';
import { isVerifyError } from '../../engine/verify/errors';
import type { VerificationStatus, VerifyPolicy } from '../../engine/verify/types';
import { artifactPathFor, BUNDLE_SUFFIXES, fileExists, findBundleNextTo, isBundlePath } from './bundle-files';
import type { LastVerification } from './last-verification';
import { trustableSigner } from './last-verification';
import { loadVerifier, VerifierMissingError } from './load-verifier';
import { matchPolicy } from './policy-match';
import type { ResultPanel } from './result-panel';
import { readTrustedRootFile, readVerifySettings } from './settings';
import { notificationText } from '../notification-text';
import { engine } from '../engine-loader';
import type { WorkspaceFactsReader } from '../workspace-facts-reader';
import type { PlaceholderIdentity as SignerIdentityOrPlaceholder } from '../../engine/facts/workspace-facts';

export const VERIFY_COMMAND = 'keyward.verifyBundle';

/**
 * Optional second argument (tests, scripts): with it the command never asks. Give identity + issuer (or
 * the two regexps), or nothing to use `keyward.verify.policies` and otherwise check the signature only.
 */
export interface VerifyCommandOptions {
  readonly identity?: string;
  readonly issuer?: string;
  readonly identityRegExp?: string;
  readonly issuerRegExp?: string;
  /** The bundle file, when it does not sit next to the artifact. */
  readonly bundle?: string | vscode.Uri;
}

export interface VerifyDeps {
  readonly extensionPath: string;
  /** The TUF metadata cache for `keyward.verify.online` (in the extension's global storage). */
  readonly tufCacheDir: string;
  readonly logger: Logger;
  readonly panel: ResultPanel;
  readonly setLast: (last: LastVerification) => void;
  /** The repository's remote and signing workflow, to pre-fill the expected signer. */
  readonly facts: WorkspaceFactsReader;
}

/** Thrown for problems the user can fix; shown as one line. */
class UserFacingError extends Error {}

export async function runVerifyCommand(deps: VerifyDeps, target: unknown, rawOptions: unknown): Promise<VerificationStatus | undefined> {
  // From the explorer the second argument is the list of selected files, not options.
  const options = isOptions(rawOptions) ? rawOptions : undefined;
  try {
    const files = await resolveFiles(target, options);
    if (files === undefined) return undefined;
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(files.artifact));
    const settings = readVerifySettings(folder);
    if (settings.invalidPolicies > 0)
      deps.logger.warn(
        `keyward.verify.policies: ${settings.invalidPolicies} entr${settings.invalidPolicies === 1 ? 'y' : 'ies'} without a glob, an identity or an issuer ignored`,
      );
    const chosen = await choosePolicy(options, settings.policies, folder, files.artifact, deps.facts);
    if (chosen === undefined) return undefined;

    const notes: string[] = [];
    // An explicit trusted root (a private deployment) wins over the public-good TUF refresh.
    const online = settings.online && settings.trustedRootPath === undefined;
    if (settings.online && !online) notes.push('keyward.verify.online was not used: keyward.verify.trustedRoot names the trusted root to verify with.');
    let trustedRoot: string | undefined;
    if (settings.trustedRootPath !== undefined) {
      const read = readTrustedRootFile(settings.trustedRootPath);
      if (!read.ok) throw new UserFacingError(read.message);
      trustedRoot = read.text;
    }
    const bundleText = readFile(files.bundle, 'bundle');

    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Keyward: verifying ${path.basename(files.artifact)}…` },
      async (progress) => {
        // Let the notification paint before the (synchronous) verification runs.
        await new Promise((resolve) => setTimeout(resolve, 0));
        const verifier = loadVerifier(deps.extensionPath);
        const request = { bundle: bundleText, artifact: { path: files.artifact }, policy: chosen.policy, trustedRoot };
        let verified;
        if (online) {
          // The only network access of the extension, and only because the user turned it on.
          progress.report({ message: 'Refreshing Sigstore trusted root (TUF)…' });
          verified = await verifier.verifyBundleOnline(request, { cacheDir: deps.tufCacheDir });
        } else {
          verified = verifier.verifyBundle(request);
        }
        return { verified, text: verifier.renderResultText(verified, { color: false }) };
      },
    );
    const { verified } = result;
    deps.logger.info(`verify ${files.artifact} with ${files.bundle}: ${verified.summary}`);

    const draft: Omit<LastVerification, 'html'> = {
      status: verified.status,
      summary: verified.summary,
      result: verified,
      text: result.text,
      artifactPath: files.artifact,
      bundlePath: files.bundle,
      policySource: chosen.source,
    };
    const offerTrust = chosen.source !== 'settings' && trustableSigner({ ...draft, html: '' }) !== undefined;
    const html = deps.panel.show({
      result: verified,
      artifactLabel: label(files.artifact),
      bundleLabel: label(files.bundle),
      notes,
      offerTrust,
      title: path.basename(files.artifact),
    });
    deps.setLast({ ...draft, html });
    void announce(verified, files.bundle, offerTrust);
    return verified.status;
  } catch (error) {
    if (isVerifyError(error) && error.code === 'TUF_REFRESH_FAILED') {
      void offerOfflineSetting(error.message);
      return undefined;
    }
    if (error instanceof UserFacingError || error instanceof VerifierMissingError || isVerifyError(error)) {
      void vscode.window.showErrorMessage(notificationText(`Keyward: ${(error as Error).message}`));
    } else {
      deps.logger.error(`verification failed unexpectedly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      void vscode.window.showErrorMessage(
        notificationText(`Keyward: the verification could not run (${firstLine(error)}). Details are in the Keyward output.`),
      );
    }
    return undefined;
  }
}

/** A failed TUF refresh: say why in one line, and where to turn the online refresh off. */
async function offerOfflineSetting(message: string): Promise<void> {
  const choice = await vscode.window.showErrorMessage(
    `Keyward: ${notificationText(oneLine(message))}. Turn off keyward.verify.online to verify offline with the embedded trusted root.`,
    'Open Setting',
  );
  if (choice !== undefined) await vscode.commands.executeCommand('workbench.action.openSettings', 'keyward.verify.online');
}

/** The notification after the result view: the outcome in one line, and the next step. */
async function announce(
  result: { status: VerificationStatus; summary: string; failure?: { check: string; reason: string } },
  bundle: string,
  offerTrust: boolean,
): Promise<void> {
  if (result.status === 'verified') {
    void vscode.window.showInformationMessage(notificationText(`Keyward: ${result.summary}`));
    return;
  }
  if (result.status === 'failed') {
    const reason = result.failure?.reason ?? result.summary;
    const message =
      result.failure?.check === 'bundle-format' ? `${path.basename(bundle)} is not a readable Sigstore bundle: ${reason}` : `verification failed: ${reason}`;
    void vscode.window.showErrorMessage(notificationText(`Keyward: ${oneLine(message)}`));
    return;
  }
  const choice = await vscode.window.showWarningMessage(notificationText(`Keyward: ${result.summary}`), ...(offerTrust ? ['Trust This Signer…'] : []));
  if (choice !== undefined) await vscode.commands.executeCommand('keyward.trustSigner');
}

interface Files {
  readonly artifact: string;
  readonly bundle: string;
}

async function resolveFiles(target: unknown, options: VerifyCommandOptions | undefined): Promise<Files | undefined> {
  const interactive = options === undefined;
  let selected = target instanceof vscode.Uri ? target : undefined;
  if (selected !== undefined && selected.scheme !== 'file') throw new UserFacingError(`only files on disk can be verified, not ${selected.scheme}: resources`);
  if (selected === undefined) {
    // Start at the workspace root: release artifacts and their bundles are usually somewhere below it.
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    const picked = await vscode.window.showOpenDialog({
      title: 'Keyward: artifact (or Sigstore bundle) to verify',
      ...(root ? { defaultUri: root } : {}),
      canSelectMany: false,
      openLabel: 'Verify',
    });
    selected = picked?.[0];
    if (selected === undefined) return undefined;
  }
  const given = options?.bundle;
  const explicitBundle = given === undefined ? undefined : given instanceof vscode.Uri ? given.fsPath : given;

  if (explicitBundle === undefined && isBundlePath(selected.fsPath)) {
    // The bundle was selected: its artifact is the same name without the bundle suffix.
    const bundle = selected.fsPath;
    const guess = artifactPathFor(bundle) ?? '';
    if (fileExists(guess)) return { artifact: guess, bundle };
    if (!interactive) throw new UserFacingError(`no artifact next to the bundle: expected ${path.basename(guess)} in ${path.dirname(bundle)}`);
    const picked = await vscode.window.showOpenDialog({
      title: `Keyward: the artifact signed by ${path.basename(bundle)}`,
      defaultUri: vscode.Uri.file(path.dirname(bundle)),
      canSelectMany: false,
      openLabel: 'Verify',
    });
    return picked?.[0] === undefined ? undefined : { artifact: picked[0].fsPath, bundle };
  }

  const artifact = selected.fsPath;
  if (!fileExists(artifact)) throw new UserFacingError(`the artifact ${artifact} does not exist or is not a file`);
  const bundle = explicitBundle ?? findBundleNextTo(artifact);
  if (bundle !== undefined) return { artifact, bundle };
  if (!interactive)
    throw new UserFacingError(
      `no Sigstore bundle next to ${path.basename(artifact)} (looked for ${BUNDLE_SUFFIXES.map((s) => `${path.basename(artifact)}${s}`).join(', ')})`,
    );
  const picked = await vscode.window.showOpenDialog({
    title: `Keyward: the Sigstore bundle for ${path.basename(artifact)}`,
    defaultUri: vscode.Uri.file(path.dirname(artifact)),
    canSelectMany: false,
    openLabel: 'Use Bundle',
    filters: { 'Sigstore bundles': ['json', 'sigstore', 'bundle'], 'All files': ['*'] },
  });
  return picked?.[0] === undefined ? undefined : { artifact, bundle: picked[0].fsPath };
}

interface ChosenPolicy {
  readonly policy: VerifyPolicy | undefined;
  readonly source: LastVerification['policySource'];
}

async function choosePolicy(
  options: VerifyCommandOptions | undefined,
  entries: Parameters<typeof matchPolicy>[0],
  folder: vscode.WorkspaceFolder | undefined,
  artifact: string,
  facts: WorkspaceFactsReader,
): Promise<ChosenPolicy | undefined> {
  if (options?.identity !== undefined || options?.issuer !== undefined) {
    if (options.identity === undefined || options.issuer === undefined) throw new UserFacingError('give both identity and issuer');
    return { policy: { identity: options.identity, issuer: options.issuer }, source: 'arguments' };
  }
  if (options?.identityRegExp !== undefined || options?.issuerRegExp !== undefined) {
    if (options.identityRegExp === undefined || options.issuerRegExp === undefined) throw new UserFacingError('give both identityRegExp and issuerRegExp');
    return { policy: { identityRegExp: options.identityRegExp, issuerRegExp: options.issuerRegExp }, source: 'arguments' };
  }
  const relative = folder === undefined ? undefined : path.relative(folder.uri.fsPath, artifact).split(path.sep).join('/');
  const matched = matchPolicy(entries, relative, artifact);
  if (matched !== undefined) return { policy: matched.policy, source: 'settings' };
  if (options !== undefined) return { policy: undefined, source: 'none' };
  return askPolicy(await expectedSigner(folder, facts));
}

/**
 * The signer this repository's release workflow would have (its remote, default branch and signing workflow,
 * read from files as the migration fixes do): an exact identity is offered as the input's value, anything
 * less certain (a ref regexp, placeholders) only as its hint, so it is never verified against unseen.
 */
async function expectedSigner(folder: vscode.WorkspaceFolder | undefined, facts: WorkspaceFactsReader): Promise<SignerIdentityOrPlaceholder | undefined> {
  const root = folder ?? vscode.workspace.workspaceFolders?.[0];
  if (root === undefined || root.uri.scheme !== 'file') return undefined;
  return engine().signerIdentityOrPlaceholder(await facts.get(root.uri.fsPath));
}

/** Two input boxes; an empty identity means "check the signature only" (never reported as verified). */
async function askPolicy(expected: SignerIdentityOrPlaceholder | undefined): Promise<ChosenPolicy | undefined> {
  const prefilled = expected?.exact === true && expected.match === 'exact';
  const identity = await vscode.window.showInputBox({
    title: 'Keyward: expected signer identity (1/2)',
    prompt: `The certificate identity (SAN) that must have signed: a workflow URL or an e-mail address.${prefilled ? " Pre-filled from this repository's remote and release workflow." : ''} Leave empty to check the signature only (the signer is then NOT checked).`,
    ...(prefilled ? { value: expected.identity } : {}),
    placeHolder: expected?.identity ?? 'https://github.com/OWNER/REPO/.github/workflows/release.yml@refs/heads/main',
    ignoreFocusOut: true,
  });
  if (identity === undefined) return undefined;
  if (identity.trim() === '') return { policy: undefined, source: 'none' };
  const issuer = await vscode.window.showInputBox({
    title: 'Keyward: expected OIDC issuer (2/2)',
    prompt: 'The OIDC issuer that vouched for the identity.',
    value: expected?.issuer ?? 'https://token.actions.githubusercontent.com',
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() === '' ? 'an issuer is required with an identity' : undefined),
  });
  if (issuer === undefined) return undefined;
  return { policy: { identity: identity.trim(), issuer: issuer.trim() }, source: 'input' };
}

function readFile(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserFacingError(code === 'ENOENT' ? `no such ${what} file: ${file}` : `cannot read the ${what} file ${file} (${code ?? 'error'})`);
  }
}

function isOptions(value: unknown): value is VerifyCommandOptions {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof vscode.Uri);
}

function label(file: string): string {
  return vscode.workspace.asRelativePath(file, false);
}

function firstLine(error: unknown): string {
  return oneLine(error instanceof Error ? error.message : String(error));
}

function oneLine(text: string): string {
  return text.split(/\r?\n/)[0] ?? '';
}
