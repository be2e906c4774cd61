import { describe, expect, it } from 'vitest';
import { detectApiKey } from './detect-api-key.js';

const found = (text: string) => detectApiKey(text).map((f) => text.slice(f.start, f.end));
const rand = (length: number, alphabet = 'aB3xY7kQ9mZ2pL5vN8wR4tC6hJ1dF0gS') => Array.from({ length }, (_, i) => alphabet[(i * 7 + 3) % alphabet.length]).join('');

describe('detectApiKey', () => {
  it.each([
    ['OpenAI legacy', `sk-${rand(48)}`],
    ['OpenAI project', `sk-proj-${rand(60)}_${rand(40)}-${rand(20)}`],
    ['Anthropic', `sk-ant-api03-${rand(93)}AA`],
    ['AWS access key id', 'AKIAIOSFODNN7EXAMPLE'],
    ['AWS temporary key id', 'ASIAY34FZKBOKMUTVV7A'],
    ['GitHub personal token', `ghp_${rand(36)}`],
    ['GitHub OAuth token', `gho_${rand(36)}`],
    ['GitHub app tokens', `ghs_${rand(36)}`],
    ['GitHub fine-grained token', `github_pat_11ABCDEFG0${rand(12)}_${rand(59)}`],
    ['Slack bot token', 'xoxb-2001234567-3001234567890-AbCdEfGhIjKlMnOpQrStUvWx'],
    ['Stripe live secret key', `sk_live_${rand(24)}`],
    ['Stripe restricted key', `rk_live_${rand(24)}`],
    ['Stripe test key', `sk_test_${rand(24)}`],
    ['Google API key', `AIza${rand(35)}`],
    ['GitLab token', `glpat-${rand(20)}`],
    ['npm token', `npm_${rand(36)}`],
    ['Hugging Face token', `hf_${rand(34)}`],
    ['SendGrid key', `SG.${rand(22)}.${rand(43)}`],
  ])('finds a %s', (_, key) => {
    expect(found(`key: ${key}\n`)).toEqual([key]);
    expect(found(JSON.stringify({ apiKey: key }))).toEqual([key]);
  });

  it.each([
    ['words starting with sk', 'skeleton skills sky-high sketchy'],
    ['a short sk- word', 'pip install sk-learn'],
    ['sk- inside a word', `risk-${rand(30)}`],
    ['a slug after sk-', 'sk-2024-annual-planning-review-final-v2'],
    ['a placeholder key', 'sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
    ['a placeholder GitHub token', `ghp_${'X'.repeat(36)}`],
    ['a GitHub prefix that is too short', `ghp_${rand(20)}`],
    ['AKIA with too few characters', 'AKIAIOSFODNN7EXAM'],
    ['AKIA with too many characters', 'AKIAIOSFODNN7EXAMPLEXX'],
    ['a Stripe publishable key', `pk_live_${rand(24)}`],
    ['Google prefix with a short body', `AIza${rand(20)}`],
    ['a git SHA', 'commit 3f786850e387550fdab836ed7e6dc881de23001b'],
    ['a UUID', '550e8400-e29b-41d4-a716-446655440000'],
    ['an hf_ word', 'hf_hub_download'],
  ])('finds nothing in %s', (_, text) => {
    expect(found(text)).toEqual([]);
  });
});
