// First import: its module is evaluated before any other code of the bundle (activation is timed from there).
import { bundleEvaluationStarted, bundleEvaluationStartedCpu, cpuMsSince } from './activation-clock';
import * as vscode from 'vscode';
import type { Finding } from '../engine/types';
import { registerAdvisoryHover } from './advisory-hover';
import { registerAgentTools } from './agent-tools';
import { BackgroundScan } from './background-scan';
import { KeywardCodeActions } from './code-actions';
import { affectsKeyward, readConfig } from './config';
import { publishDiagnostics } from './diagnostics';
import { DiskRefresh } from './disk-refresh';
import { DocumentChecker } from './document-checker';
import { engineLoad, onEngineLoaded } from './engine-loader';
import { KeywardFixAll } from './fix-all';
import { FileWatcher } from './file-watcher';
import { FindingsStore } from './findings-store';
import { registerFixCommands } from './fix-commands';
import { RuleDocs } from './rule-docs';
import { FolderStates } from './folder-state';
import { registerHistoryView } from './history-view';
import { createLog } from './log';
import { formatMs, type KeywardMetrics } from './metrics';
import { registerMigrateWorkspace } from './migrate-workspace';
import { RESTRICTED_MODE_NOTE, KeywardStatusBar, type StatusBarSnapshot } from './status-bar';
import { WorkspaceFactsReader } from './workspace-facts-reader';
import { registerVerify, type LastVerification } from './verify';

/** The last top-level statement of the bundle to run: every module above has been evaluated. */
const bundleEvaluationEnded = performance.now();
const bundleEvaluationCpuMs = cpuMsSince(bundleEvaluationStartedCpu);

/** What `activate` returns: used by the end-to-end tests, and by anyone scripting VS Code. */
export interface KeywardApi {
  /** Current findings of one file, or of the whole workspace. */
  getFindings(uri?: vscode.Uri): readonly Finding[];
  /** Findings the repository's suppressions currently hide, of one file or the whole workspace. */
  getSuppressed(uri?: vscode.Uri): readonly Finding[];
  /** Runs the workspace scan (as "Keyward: Scan Workspace") and resolves when it is done. */
  scanWorkspace(): Promise<void>;
  /** What the status-bar item shows right now. */
  statusBar(): StatusBarSnapshot;
  /** The last "Keyward: Verify Sigstore Bundle…" of this session: result, status and the result view's content. */
  lastVerification(): LastVerification | undefined;
  /** Activation time, engine load time and first scan time, as measured in this extension host. */
  metrics(): KeywardMetrics;
}

/**
 * Wires the adapter together. Nothing heavy happens here: the engine (dist/engine.js) is loaded by the
 * first document check or scan, which start after activation has returned, so VS Code's startup is not
 * held up by Keyward.
 */
export function activate(context: vscode.ExtensionContext): KeywardApi {
  const activateCalledAt = performance.now();
  const activateCalledCpu = process.cpuUsage();
  const log = createLog();
  const logger = log.logger;
  const store = new FindingsStore();
  const folders = new FolderStates(logger);
  const statusBar = new KeywardStatusBar(store);
  const disk = new DiskRefresh(store, folders, logger, statusBar);
  // Origin remote, default branch, signing workflows: identity fixes name the exact signer.
  const facts = new WorkspaceFactsReader(logger);
  const checker = new DocumentChecker(store, folders, disk, logger, facts, statusBar);
  const scan = new BackgroundScan(store, folders, checker, statusBar, logger, context.storageUri);
  const docs = new RuleDocs(context.extensionUri);
  const runScan = (): Promise<void> => scan.run();
  const verify = registerVerify(context, logger, facts);

  context.subscriptions.push(
    log,
    store,
    folders,
    statusBar,
    checker,
    scan,
    publishDiagnostics(store, docs),
    vscode.languages.registerCodeActionsProvider(
      [{ scheme: 'file' }, { scheme: 'untitled' }],
      new KeywardCodeActions(store, folders),
      KeywardCodeActions.metadata,
    ),
    vscode.commands.registerCommand('keyward.scanWorkspace', runScan),
    vscode.commands.registerCommand('keyward.showOutput', () => log.channel.show()),
    registerFixCommands({ store, folders, checker, logger, extensionUri: context.extensionUri, docs }),
    facts,
    facts.onDidChange(() => void checker.checkOpenDocuments()),
    vscode.languages.registerCodeActionsProvider([{ scheme: 'file' }, { scheme: 'untitled' }], new KeywardFixAll(store, checker), KeywardFixAll.metadata),
    registerMigrateWorkspace({ store, folders, checker, facts, logger }),
    registerHistoryView(logger),
    new FileWatcher(store, folders, checker, disk, scan, logger),
    verify,
    registerAdvisoryHover(),
    registerAgentTools(context.extensionPath, logger),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!affectsKeyward(event)) return;
      logger.info('settings changed: re-scanning');
      folders.invalidateAll();
      void scan.run({ quiet: true });
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      // Now git may run and workspace settings apply: everything read so far is out of date.
      logger.info('workspace trusted: re-reading git state and settings');
      folders.invalidateAll();
      void runScan();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders((event) => {
      store.deleteWhere((entry) => event.removed.some((folder) => isInside(entry.uri, folder.uri)));
      if (event.added.length > 0) void runScan();
    }),
  );

  checker.listen();
  onEngineLoaded((ms) => logger.info(`scanning engine loaded in ${formatMs(ms)}`));

  // After activation returns: documents already open, then the workspace (if the user wants it on startup).
  // The first of them loads the engine.
  setTimeout(() => {
    void checker.checkOpenDocuments();
    if (folders.all().length > 0 && readConfig(undefined, vscode.workspace.isTrusted).scanOnStartup) void runScan();
  }, 0);

  const activatedAt = performance.now();
  const activationMs = bundleEvaluationEnded - bundleEvaluationStarted + (activatedAt - activateCalledAt);
  const activationCpuMs = bundleEvaluationCpuMs + cpuMsSince(activateCalledCpu);
  logger.info(
    `Keyward ${String(context.extension.packageJSON?.version ?? '')} activated in ${formatMs(activationMs)} (CPU ${formatMs(activationCpuMs)}; ` +
      `${vscode.workspace.isTrusted ? 'trusted workspace' : RESTRICTED_MODE_NOTE})`,
  );

  return {
    getFindings(uri?: vscode.Uri): readonly Finding[] {
      if (uri !== undefined) return store.get(uri)?.findings ?? [];
      return [...store.all()].flatMap((entry) => entry.findings);
    },
    getSuppressed(uri?: vscode.Uri): readonly Finding[] {
      if (uri !== undefined) return store.get(uri)?.suppressed ?? [];
      return [...store.all()].flatMap((entry) => entry.suppressed ?? []);
    },
    scanWorkspace: runScan,
    statusBar: () => statusBar.snapshot(),
    lastVerification: () => verify.lastVerification(),
    metrics: (): KeywardMetrics => {
      const engine = engineLoad();
      const firstScan = scan.firstScanMs;
      return {
        activationMs,
        activationCpuMs,
        bundleEvaluationMs: bundleEvaluationEnded - bundleEvaluationStarted,
        activateMs: activatedAt - activateCalledAt,
        activationWallMs: activatedAt - bundleEvaluationStarted,
        activatedAt,
        ...(engine === undefined ? {} : { engineLoadMs: engine.ms, engineLoadCpuMs: engine.cpuMs, engineLoadStartedAt: engine.startedAt }),
        ...(firstScan === undefined ? {} : { firstScanMs: firstScan }),
        ...(scan.lastScan === undefined ? {} : { lastScan: scan.lastScan }),
        ...(scan.firstScanStartedAt === undefined ? {} : { firstScanStartedAt: scan.firstScanStartedAt }),
        ...(scan.lastKeysFirst === undefined ? {} : { lastKeysFirst: scan.lastKeysFirst }),
      };
    },
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

function isInside(uri: vscode.Uri, container: vscode.Uri): boolean {
  const child = uri.toString();
  const parent = container.toString();
  return child === parent || child.startsWith(parent.endsWith('/') ? parent : `${parent}/`);
}
