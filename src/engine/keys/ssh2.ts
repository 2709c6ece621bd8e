import { decodeBase64Strict } from './base64';
import { SshReader } from './ssh-wire';
import { invalid, type KeyVerdict } from './verdict-types';

/**
 * The commercial SSH ("SSH2", ssh.com / Tectia) private key, `---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----`.
 * Its body starts with the magic 0x3f6ff9eb, a total length, the key type and the cipher name
 * ("none" or e.g. "3des-cbc"); the label says ENCRYPTED even when the cipher is "none".
 */

const MAGIC = 0x3f6ff9eb;

export function judgeSsh2(body: string): KeyVerdict {
  const bytes = decodeBase64Strict(body);
  if (!bytes) return invalid('the body is not valid base64');
  const reader = new SshReader(bytes);
  if (reader.uint32() !== MAGIC) return invalid('it does not start with the SSH2 private key magic');
  const total = reader.uint32();
  reader.name(256); // the key type, e.g. "if-modn{sign{rsa-pkcs1-sha1},encrypt{rsa-pkcs1v2-oaep}}"
  const cipher = reader.name();
  if (total === undefined || cipher === undefined || total > bytes.length) return invalid('its SSH2 header is truncated');
  const encrypted = cipher !== 'none';
  return { kind: 'key', key: { format: encrypted ? `SSH2 (commercial SSH) encrypted with ${cipher}` : 'SSH2 (commercial SSH)', encrypted } };
}
