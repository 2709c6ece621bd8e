/**
 * The engine as the editor uses it at run time, in one module: scripts/build.mjs bundles this file into
 * dist/engine.js, which src/vscode/engine-loader.ts requires on first use (the first document check,
 * scan, hover or code action), after activation has returned. dist/extension.js itself holds only the
 * adapter, so VS Code evaluates a small bundle when it activates Keyward. The adapter imports engine
 * *types* directly (`import type`, erased at build time) and every run-time value through this facade.
 */
export { assessPin } from './advisories/assess';
export { DATASET } from './advisories/dataset-data';
export { normalizePackage } from './advisories/match';
export { findPins } from './advisories/pins';
export { inRange } from './advisories/versions';
export { createPathFilter, DEFAULT_MAX_FILE_SIZE } from './discovery/discover';
export { isKeyContainerName } from './discovery/key-containers';
export { migrationFixesOf, MIGRATION_RULE_IDS, safeFixesOf } from './fixes/applicable';
export { addToGitignoreEdits, gitignoreEntry } from './fixes/gitignore';
export { describeNotShown } from './findings/finding-caps';
export { inlineIgnoreEdit } from './fixes/ignore-comment';
export { KEYWARDIGNORE_FILE, keywardIgnoreEdits } from './fixes/keywardignore';
export { committedState, GitError, readGitState, UNKNOWN_GIT_STATE, untrackFile } from './process/git';
export { scanHistory } from './history/history-scan';
export { hostFixKinds } from './rules/helpers/fix-declarations';
export { ruleById } from './rules/registry';
export { errorClass, scanFile } from './scan/scanner';
export { TextScanWorker } from './scan/text-scan-worker';
export { applyFileSuppressions, NO_FILE_SUPPRESSIONS } from './findings/suppress';
export { decodeFile } from './text/decode';
export { LineIndex } from './text/line-index';
export { readWorkspaceFacts, WORKSPACE_FACTS_GLOB } from './facts/workspace-facts-files';
export { signerIdentityOrPlaceholder } from './facts/workspace-facts';
export { loadKeywardIgnore, scanWorkspace } from './scan/workspace-scan';
export { scanKeysFirst } from './scan/keys-first';
// The engine's glob matcher, for `keyward.verify.policies`: the adapter uses this copy instead of bundling
// its own into dist/extension.js.
export { Minimatch } from 'minimatch';
// The agent tools (VS Code language-model tools): scan, explain, the secret-free answer gate, verify.
export { explainRule, runAgentScan, runAgentVerify, secretFreeJson } from './agent';
