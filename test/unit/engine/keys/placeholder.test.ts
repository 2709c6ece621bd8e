import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { isPlaceholderBody } from '../../../../src/engine/keys/placeholder';

const base64 = (text: string): string => Buffer.from(text, 'latin1').toString('base64');

test('a body that decodes to prose is a placeholder; one that decodes to letters without blanks or to JSON is not', () => {
  assert.equal(isPlaceholderBody(base64('these are just some fake key bytes for the documentation page')), true);
  // The first word may end a longer run of letters.
  assert.equal(isPlaceholderBody(base64(`0123456789${'Q'.repeat(40)}rstuvwxyz ab cd`)), true);
  assert.equal(isPlaceholderBody(base64('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'.repeat(4))), false);
  assert.equal(isPlaceholderBody(base64('{"kdf": {"name": "scrypt", "params": {"N": 32768}}, "cipher": {"name": "nacl secretbox"}}')), false);
});
