/** The agent tools (VS Code language-model tools, `keyward mcp`): one implementation, two front ends. */
export { explainRule, type ExplainResult } from './explain-tool';
export { AGENT_MAX_FINDINGS, runAgentScan, type AgentScanInput, type AgentScanReport } from './scan-tool';
export { containsKeyMaterial, secretFreeJson } from './secret-free';
export { runAgentVerify, type AgentVerifyAnswer, type AgentVerifyInput } from './verify-tool';
export { AGENT_TOOLS, checkToolInput, type AgentToolName, type AgentToolSpec } from './tool-specs';
