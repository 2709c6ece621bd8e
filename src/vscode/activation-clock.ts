/**
 * When VS Code started evaluating dist/extension.js. extension.ts imports this module first, so in the
 * bundle this line runs before any other module's code: activation time is measured from here to the
 * end of `activate()` (see metrics.ts).
 */
export const bundleEvaluationStarted = performance.now();
