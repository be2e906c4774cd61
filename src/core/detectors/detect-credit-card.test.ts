import { describe, expect, it } from 'vitest';
import { detectCreditCard } from './detect-credit-card.js';
import { luhnValid } from './luhn.js';

const found = (text: string) => detectCreditCard(text).map((f) => text.slice(f.start, f.end));

describe('luhnValid', () => {
  it('accepts valid check digits and refuses others', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('')).toBe(false);
    expect(luhnValid('4111a11111111111')).toBe(false);
  });
});

describe('detectCreditCard', () => {
  it.each([
    ['Visa, spaced', 'card 4111 1111 1111 1111 exp 12/29', '4111 1111 1111 1111'],
    ['Visa, solid', '4111111111111111', '4111111111111111'],
    ['Mastercard, dashed', '5555-5555-5555-4444', '5555-5555-5555-4444'],
    ['Mastercard 2-series', '2223003122003222', '2223003122003222'],
    ['Amex, 4-6-5', '3782 822463 10005', '3782 822463 10005'],
    ['Discover', 'pay with 6011111111111117.', '6011111111111117'],
    ['Visa 13 digits', '4222222222222', '4222222222222'],
    ['in JSON', '{"pan":"4012888888881881"}', '4012888888881881'],
    ['followed by an expiry', '4111111111111111 12/29', '4111111111111111'],
    ['grouped and followed by a CVV', 'card 4111 1111 1111 1111 123', '4111 1111 1111 1111'],
  ])('finds a %s', (_, text, number) => {
    expect(found(text)).toEqual([number]);
  });

  it.each([
    ['Luhn-invalid number', '4111 1111 1111 1112'],
    ['Luhn-invalid solid number', '5555555555554445'],
    ['repeated digit (Luhn-valid zeros)', '0000 0000 0000 0000'],
    ['timestamp in ms', '1718000000000'],
    ['number starting with 9', '9111111111111111'],
    ['20-digit run', '41111111111111111111'],
    ['grouped run of 24 digits', '4111 1111 1111 1111 2222 3333'],
    ['card digits before a longer group', '4111111111111111 12345'],
    ['decimal', '0.4111111111111111'],
    ['thousands-separated figure', '1,4111111111111111'],
    ['mixed separators', '4111 1111-1111 1111'],
    ['too short', '4111 1111 1111'],
    ['glued to letters', 'ID4111111111111111'],
    ['UUID', '550e8400-e29b-41d4-a716-446655440000'],
  ])('finds nothing in a %s', (_, text) => {
    expect(found(text)).toEqual([]);
  });
});
