import { describe, expect, it } from 'vitest';
import { detectIban, ibanChecksumValid } from './detect-iban.js';

const found = (text: string) => detectIban(text).map((f) => text.slice(f.start, f.end));

describe('detectIban', () => {
  it('checks mod 97', () => {
    expect(ibanChecksumValid('DE89370400440532013000')).toBe(true);
    expect(ibanChecksumValid('DE88370400440532013000')).toBe(false);
  });

  it.each([
    ['German, spaced', 'IBAN: DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX', 'DE89 3704 0044 0532 0130 00'],
    ['German, solid', 'DE89370400440532013000', 'DE89370400440532013000'],
    ['British, letters in the BBAN', 'to GB82 WEST 1234 5698 7654 32 ref 7', 'GB82 WEST 1234 5698 7654 32'],
    ['French', 'FR1420041010050500013M02606', 'FR1420041010050500013M02606'],
    ['Norwegian (shortest)', 'NO9386011117947', 'NO9386011117947'],
    ['in JSON', '{"iban":"NL91ABNA0417164300"}', 'NL91ABNA0417164300'],
  ])('finds a %s IBAN', (_, text, iban) => {
    expect(found(text)).toEqual([iban]);
  });

  it.each([
    ['bad check digits', 'DE88 3704 0044 0532 0130 00'],
    ['one digit changed', 'DE89370400440532013001'],
    ['too short for the country', 'DE8937040044053201300'],
    ['too long for the country', 'DE893704004405320130001'],
    ['unknown country', 'ZZ89370400440532013000'],
    ['lower case', 'de89370400440532013000'],
    ['glued to letters', 'XDE89370400440532013000'],
    ['a word and a year', 'DE2024 annual report'],
  ])('finds nothing with %s', (_, text) => {
    expect(found(text)).toEqual([]);
  });
});
