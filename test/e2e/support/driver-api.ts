// What the driver (scripts/e2e/run.mjs, plain Node) loads from the TypeScript side, bundled to support.js (see scripts/e2e/lib/build-tests.mjs).
export { ENV } from './env';
export { benchScenarios, findScenario, scenarios, uiJourneyScenario } from './scenarios';
export type { Scenario } from './scenarios';
export { prepareWorkspace } from './workspace';
export type { PreparedWorkspace } from './workspace';
export type { RunResults } from './results';
