import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OutputCapture } from '../../src/engine/verify/output-capture';

test('100 MB through the capture keeps at most the cap, with head, tail and the omitted size', () => {
  const cap = 64 * 1024;
  const capture = new OutputCapture(cap);
  const w = capture.writer();
  const line = 'x'.repeat(1023) + '\n';
  const chunk = Buffer.from(line.repeat(64)); // 64 KB
  w.write('HEAD\n');
  for (let i = 0; i < 1600; i++) w.write(chunk);
  w.write('TAIL\n');
  w.end();
  const text = capture.text();
  assert.equal(capture.truncated, true);
  assert.ok(capture.totalBytes > 100_000_000);
  assert.ok(Buffer.byteLength(text) <= cap, `${Buffer.byteLength(text)} bytes kept`);
  assert.match(text, /^HEAD\n/);
  assert.match(text, /\nTAIL\n$/);
  assert.match(text, /\n… \[\d+\.\d MB of output omitted\] …\n/);
  // Cuts fall on line ends, so only whole lines survive around the marker.
  for (const l of text.split('\n').filter((l) => l !== '' && !l.startsWith('…'))) assert.ok(['HEAD', 'TAIL', line.trimEnd()].includes(l));
});

test('a character split across chunks of one stream survives another stream writing in between', () => {
  const capture = new OutputCapture(1024);
  const out = capture.writer();
  const err = capture.writer();
  const euro = Buffer.from('€');
  out.write(euro.subarray(0, 1));
  err.write(Buffer.from('!'));
  out.write(euro.subarray(1));
  out.end();
  err.end();
  assert.equal(capture.text(), '!€');
  assert.equal(capture.truncated, false);
});

test('cuts never split a multi-byte character', () => {
  const capture = new OutputCapture(200);
  const w = capture.writer();
  w.write(Buffer.from('é'.repeat(1000)));
  w.end();
  assert.doesNotMatch(capture.text(), /\uFFFD/);
  assert.ok(Buffer.byteLength(capture.text()) <= 200);
});
