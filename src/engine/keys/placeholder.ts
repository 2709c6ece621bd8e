/**
 * Tells a placeholder body (documentation, templates, redacted examples) from a damaged key. Only
 * consulted after a body failed to decode as a key, so a real key can never be called a placeholder
 * just because its base64 happens to spell a word.
 */

/** Shorter than this, a body cannot be a meaningful piece of any key (an Ed25519 PKCS#8 key is 64). */
const MIN_KEY_CHARS = 64;
/** Random base64 of this length uses far more distinct characters; fewer means `AAAA…`, `xxxx…`, `abcabc…`. */
const MIN_DISTINCT = 16;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** Three words separated by single blanks. */
const PROSE = /(?<![A-Za-z])[A-Za-z]{2,} [A-Za-z]{2,} [A-Za-z]{2,}/;
const WORDS = /redacted|placeholder|example|changeme|your|insert|paste|dummy|fake|sample|secret|truncated|omitted|snip|todo|xxxx/i;
/**
 * A word counts only in a body shorter than this. Random base64 spells one of the words above about once
 * in a few thousand characters: a damaged 2048-bit RSA key (1,600 characters) would otherwise be taken for
 * a placeholder, and not reported, about one time in a hundred.
 */
const WORDS_MAX_CHARS = 256;

export function isPlaceholderBody(body: string): boolean {
  if (body.length < MIN_KEY_CHARS) return true;
  // `...`, `…`, `<your key here>`, `${KEY}`, `{{ .Values.key }}`, prose: not base64 at all.
  if (!BASE64.test(body)) return true;
  if (body.length < WORDS_MAX_CHARS && WORDS.test(body)) return true;
  if (decodesToText(body)) return true;
  return new Set(body).size < MIN_DISTINCT;
}

/**
 * `dGhlc2UgYXJlIGp1c3Qgc29tZSBmYWtl…` is base64 of "these are just some fake …": a sentence, not key bytes.
 * (Only sentences: a cosign key's body is base64 of JSON text, and a damaged one is still a damaged key.)
 * Every byte of a key's DER being printable text is impossible in practice ((95/256)^48 for the shortest
 * body), so a body that decodes entirely to text is a placeholder whatever its length.
 */
function decodesToText(body: string): boolean {
  const bytes = Buffer.from(body, 'base64');
  if (bytes.length < 16) return false;
  for (const byte of bytes) if ((byte < 0x20 || byte > 0x7e) && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return false;
  // Words separated by blanks: prose. A cosign key's body is JSON text (a damaged one must stay reported).
  // PROSE starts only where a run of letters starts: unanchored, it rescanned a long run from each of its
  // letters (a 128 KB body of `QUJD…`, "ABCABC…", took 20 s).
  const text = bytes.toString('latin1');
  return !text.trimStart().startsWith('{') && PROSE.test(text);
}
