import { describe, expect, it } from 'vitest';
import { storableBody } from './storable-body.js';

const read = (text: string) => storableBody(text, JSON.parse(text));

describe('storableBody', () => {
  it('turns NUL characters and lone surrogates into U+FFFD, in values and member names, at any depth', () => {
    expect(read('{"name":"a\\u0000b","tags":["\\ud800x"],"deep":{"\\u0000k":{"v":"\\udfff"}}}')).toEqual({ name: 'a\uFFFDb', tags: ['\uFFFDx'], deep: { '\uFFFDk': { v: '\uFFFD' } } });
  });

  it('keeps surrogate pairs and returns bodies without such escapes untouched', () => {
    const parsed = JSON.parse('{"emoji":"\\ud83d\\ude00","n":1}');
    expect(storableBody('{"emoji":"\\ud83d\\ude00","n":1}', parsed)).toEqual({ emoji: '😀', n: 1 });
    const plain = { a: 'b' };
    expect(storableBody('{"a":"b"}', plain)).toBe(plain);
  });
});
