import { jsonStringEncode, type ShellSegment } from '../segment';
import { mapJsonString, parseJsonRanges } from './json-ranges';

/** npm scripts: every string value of the top-level `scripts` object, with JSON escapes decoded. */
export function packageJsonSegments(text: string): ShellSegment[] {
  const root = parseJsonRanges(text);
  if (root?.type !== 'object') return [];
  const segments: ShellSegment[] = [];
  for (const entry of root.entries) {
    if (text.slice(entry.key.start + 1, entry.key.end - 1) !== 'scripts' || entry.value.type !== 'object') continue;
    for (const script of entry.value.entries) {
      if (script.value.type !== 'string') continue;
      segments.push({
        host: 'package-json',
        documentation: false,
        source: mapJsonString(text, script.value),
        lexOptions: {},
        syntax: 'shell',
        encode: jsonStringEncode,
        acceptsCommentLines: false,
      });
    }
  }
  return segments;
}
