import { describe, expect, it } from 'vitest';
import { detectUsSsn } from './detect-us-ssn.js';

const found = (text: string) => detectUsSsn(text).map((f) => text.slice(f.start, f.end));

describe('detectUsSsn', () => {
  it.each([
    ['SSN 123-45-6789.', '123-45-6789'],
    ['"ssn": "078-05-1121"', '078-05-1121'],
    ['665-01-0001', '665-01-0001'],
    ['899-99-9999', '899-99-9999'],
  ])('finds the number in %j', (text, ssn) => {
    expect(found(text)).toEqual([ssn]);
  });

  it.each([
    ['area 000', '000-12-3456'],
    ['area 666', '666-12-3456'],
    ['area 9xx', '900-12-3456'],
    ['group 00', '123-00-4567'],
    ['serial 0000', '123-45-0000'],
    ['undashed', '123456789'],
    ['spaced', '123 45 6789'],
    ['longer dashed run', '123-45-6789-0'],
    ['part of an id', 'INV-123-45-6789'],
    ['ISO date', '2024-01-15'],
    ['phone', '415-555-0132'],
  ])('finds nothing for %s', (_, text) => {
    expect(found(text)).toEqual([]);
  });
});
