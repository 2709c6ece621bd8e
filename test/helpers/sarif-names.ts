/**
 * File names that a naive URI builder gets wrong (`#` a fragment, `?` a query, `c:` a scheme, `%` an escape),
 * shared by test/unit/cli/sarif-uris.test.ts (the formatter) and test/integration/sarif-uris-cli.test.ts (the CLI).
 */
export const AWKWARD_NAMES = [
  'a#b.pem',
  'q?x=1.pem',
  'c:key.pem',
  '100%.pem',
  '%41.pem',
  'with space.pem',
  'clé 鍵.pem',
  'dir:x/sub#1/k?.pem',
  "semi;colon&amp'.pem",
  '[br].pem',
];

export interface SarifLog {
  runs: { originalUriBaseIds: { SRCROOT: { uri: string } }; results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
}

/** The artifact URI of each result's first location. */
export const sarifUris = (log: SarifLog): string[] => log.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri);
