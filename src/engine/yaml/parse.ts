import { parseAllDocuments, type Document } from 'yaml';
import { MAX_YAML_NESTING, yamlNestingDepth } from './nesting';

/** Why the last text refused by {@link parseYaml} was not parsed (one slot: the scanner asks right after a file's rules ran). */
let lastRefusal: { readonly text: string; readonly reason: string } | undefined;

/**
 * Every document of a YAML file, parsed once with source tokens (ranges, comments, scalar styles).
 * The one entry point to the `yaml` parser: text nested deeper than {@link MAX_YAML_NESTING} levels is
 * not parsed (no documents), and {@link yamlRefusal} tells the scanner why.
 */
export function parseYaml(text: string): Document.Parsed[] {
  if (lastRefusal?.text === text) return [];
  if (yamlNestingDepth(text) > MAX_YAML_NESTING) {
    lastRefusal = { text, reason: `YAML nested deeper than ${MAX_YAML_NESTING} levels: not parsed, so its configuration was not checked` };
    return [];
  }
  return parseAllDocuments(text, { keepSourceTokens: true, uniqueKeys: false, strict: false }) as Document.Parsed[];
}

/** Why `text` was not parsed as YAML since the last {@link forgetYamlRefusals}, if it was refused. */
export function yamlRefusal(text: string | undefined): string | undefined {
  return text !== undefined && lastRefusal?.text === text ? lastRefusal.reason : undefined;
}

/** Starts a file: a refusal of an earlier file with the same text must not be reported for this one. */
export function forgetYamlRefusals(): void {
  lastRefusal = undefined;
}
