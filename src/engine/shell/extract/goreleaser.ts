import { isSeq, type Document } from 'yaml';
import { goreleaserSignsOf, signProgramStart } from '../../release/goreleaser';
import { nodeRange } from '../../workflows/yaml-edit';
import type { ShellSegment } from '../segment';
import { argvSegment, argvWords, programWord } from './yaml';

/**
 * goreleaser runs `signs[].cmd` / `docker_signs[].cmd` with `args:` as its argv, without a shell. When the
 * command is cosign (the default for `docker_signs`), the argv is a cosign command line for the KW2xx
 * rules; its program word is the `cmd:` value, or the `args` key when the cmd is goreleaser's default.
 */
export function goreleaserSegments(text: string, docs: readonly Document.Parsed[]): ShellSegment[] {
  const segments: ShellSegment[] = [];
  for (const sign of goreleaserSignsOf(docs)) {
    if (!/(^|\/)cosign$/.test(sign.cmd) || !sign.argsPair || !isSeq(sign.argsPair.value)) continue;
    const args = argvWords(text, sign.argsPair.value.items);
    const start = signProgramStart(sign);
    const program = sign.cmdPair ? nodeRange(sign.cmdPair.value) : nodeRange(sign.argsPair.key);
    if (!args || start === undefined || !program) continue;
    segments.push(argvSegment(text, 'yaml', [programWord(text, program.start, program.end), ...args]));
  }
  return segments;
}
