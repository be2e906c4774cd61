import { describe, expect, it } from 'vitest';
import { detectPhone } from './detect-phone.js';

const found = (text: string) => detectPhone(text).map((f) => text.slice(f.start, f.end));

describe('detectPhone', () => {
  it.each([
    ['call +1 415 555 0132 now', '+1 415 555 0132'],
    ['+14155550132', '+14155550132'],
    ['UK office: +44 20 7946 0958.', '+44 20 7946 0958'],
    ['Berlin +49 (0)30 1234567', '+49 (0)30 1234567'],
    ['Paris +33 1 23 45 67 89', '+33 1 23 45 67 89'],
    ['+1-415-555-0132', '+1-415-555-0132'],
    ['reach me at (415) 555-0132', '(415) 555-0132'],
    ['(415)555-0132', '(415)555-0132'],
    ['415-555-0132', '415-555-0132'],
    ['415.555.0132', '415.555.0132'],
    ['415 555 0132', '415 555 0132'],
    ['1-800-555-0199', '1-800-555-0199'],
  ])('finds the number in %j', (text, number) => {
    expect(found(text)).toEqual([number]);
  });

  it.each([
    ['ISO date', 'due 2024-01-15'],
    ['date and time', '2024-01-15 12:30:45'],
    ['version', 'release 10.4.2 and 1.2.3.4'],
    ['plain long integer', 'order 4155550132'],
    ['order id', 'ORD-415-555-0132'],
    ['SSN shape', '123-45-6789'],
    ['card shape', '4111-1111-1111-1111'],
    ['mixed separators', '415-555.0132'],
    ['area code starting with 1', '(115) 555-0132'],
    ['exchange starting with 0', '415-055-0132'],
    ['too few digits after +', 'score +1 234'],
    ['arithmetic', '3 +12 = 15'],
    ['too many digits after +', '+1234567890123456789'],
    ['UUID', '123e4567-e89b-12d3-a456-426614174000'],
    ['number glued to letters', '+14155550132abc'],
  ])('finds nothing in a %s', (_, text) => {
    expect(found(text)).toEqual([]);
  });
});
