/**
 * @module API keys recognised by their issuer's prefix and shape:
 * OpenAI `sk-…`/`sk-proj-…`, Anthropic `sk-ant-…`, AWS access key ids `AKIA`/`ASIA` + 16,
 * GitHub `ghp_ gho_ ghu_ ghs_ ghr_` + 36 and `github_pat_…`, Slack `xoxa- xoxb- xoxp- xoxr- xoxs-`,
 * Stripe `sk_live_ rk_live_ sk_test_ rk_test_`, Google `AIza` + 35, GitLab `glpat-`, npm `npm_` + 36,
 * Hugging Face `hf_`, SendGrid `SG.<22>.<43>`.
 * Every shape needs a minimum length, so words never match (`skeleton`, `sk-learn`, `risk-free`),
 * and a random-looking body: two of lower case, upper case and digits, at least 5 distinct
 * characters (placeholders like `sk-xxxxxxxx…` or `ghp_XXXX…` are skipped), and for `sk-` a run
 * of 20 letters and digits (`sk-2024-annual-planning-review` is a slug, not a key).
 */
import type { DetectorFinding } from './detector-kinds.js';
import { findMatches } from './find-matches.js';

const SHAPES = [
  'sk-[A-Za-z0-9_-]{20,250}',
  '(?:AKIA|ASIA)[A-Z0-9]{16}',
  'gh[pousr]_[A-Za-z0-9]{36,251}',
  'github_pat_[A-Za-z0-9_]{22,244}',
  'xox[abprs]-[A-Za-z0-9-]{10,250}',
  '[sr]k_(?:live|test)_[A-Za-z0-9]{16,247}',
  'AIza[A-Za-z0-9_-]{35}',
  'glpat-[A-Za-z0-9_-]{20,250}',
  'npm_[A-Za-z0-9]{36}',
  'hf_[A-Za-z0-9]{30,250}',
  'SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}',
];
const API_KEY = new RegExp(`(?<![\\w-])(?:${SHAPES.join('|')})(?![\\w-])`, 'g');
const PREFIX = /^(?:sk-(?:ant-|proj-)?|AKIA|ASIA|gh[pousr]_|github_pat_|xox[abprs]-|[sr]k_(?:live|test)_|AIza|glpat-|npm_|hf_|SG\.)/;

function looksRandom(body: string): boolean {
  const classes = Number(/[a-z]/.test(body)) + Number(/[A-Z]/.test(body)) + Number(/\d/.test(body));
  return classes >= 2 && new Set(body).size >= 5;
}

function accept(token: string): boolean {
  const body = token.replace(PREFIX, '');
  if (token.startsWith('AKIA') || token.startsWith('ASIA') || token.startsWith('AIza')) return new Set(body).size >= 5;
  if (token.startsWith('sk-') && !/[A-Za-z0-9]{20}/.test(body)) return false;
  return looksRandom(body);
}

export function detectApiKey(text: string): DetectorFinding[] {
  return findMatches(text, API_KEY, 'api_key', (m) => accept(m[0]));
}
