/**
 * Text shown to a person (terminal output, logs, notifications) can carry names a repository chose: file
 * names, workflow values. Raw, a control character in one can clear a terminal, move the cursor to fake a
 * "no findings" line, set an OSC 8 hyperlink or write the clipboard (OSC 52), and a bidi override can make a
 * name read as another. This escapes, visibly: C0 and C1 controls (newlines and tabs included), DEL, the
 * bidi embeddings, overrides and isolates (U+202A–202E, U+2066–2069) and the bidi marks (U+200E, U+200F,
 * U+061C). Dependency-free: the editor's log uses it before the engine bundle is loaded.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const SHORT: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function escapeForDisplay(text: string): string {
  return text.replace(UNSAFE, (char) => {
    const short = SHORT[char];
    if (short !== undefined) return short;
    const code = char.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
