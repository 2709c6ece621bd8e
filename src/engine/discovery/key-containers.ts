/**
 * Key containers are binary files that hold private keys (PKCS#12, Java keystores). They are often larger
 * than the size cap (a keystore with a certificate chain), so they are recognised by name and never skipped
 * for their size: the scanner only needs their first bytes to check the magic number.
 */
const KEY_CONTAINER = /\.(p12|pfx|jks|keystore)$/i;

export function isKeyContainerName(relativePath: string): boolean {
  return KEY_CONTAINER.test(relativePath);
}
