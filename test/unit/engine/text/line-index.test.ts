import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { LineIndex } from '../../../../src/engine/text/line-index';

test('LineIndex maps offsets and positions for LF, CRLF and CR line breaks', () => {
  const text = 'ab\ncd\r\nef\rgh';
  const index = new LineIndex(text);
  assert.equal(index.lineCount, 4);
  assert.deepEqual(index.positionAt(text.indexOf('c')), { line: 1, character: 0 });
  assert.deepEqual(index.positionAt(text.indexOf('f')), { line: 2, character: 1 });
  assert.deepEqual(index.positionAt(text.indexOf('h')), { line: 3, character: 1 });
  assert.equal(index.lineText(1), 'cd');
  assert.equal(index.lineText(2), 'ef');
  assert.equal(index.offsetAt({ line: 3, character: 1 }), text.indexOf('h'));
  assert.equal(index.offsetAt({ line: 1, character: 99 }), text.indexOf('\r\n'));
});
