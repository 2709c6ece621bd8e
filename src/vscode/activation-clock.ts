/**
 * When VS Code started evaluating dist/extension.js. extension.ts imports this module first, so in the
 * bundle these lines run before any other module's code: activation is measured from here to the end of
 * `activate()` (see metrics.ts), in wall time and in CPU time (steadier on a busy machine).
 */
export const bundleEvaluationStarted = performance.now();
export const bundleEvaluationStartedCpu = process.cpuUsage();

/** CPU milliseconds (user + system) of this process since `since`. */
export function cpuMsSince(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}
