/**
 * @module The detector built-ins of policy expressions:
 * `pii.found(x)`, `pii.types(x)`, `secrets.found(x)`, `secrets.types(x)`, `sql_injection(x)`.
 * `x` is a string or any JSON value (then its string leaves are scanned, each on its own).
 *
 * CEL has no namespaces: `pii.found(x)` parses as a method call on `pii`. So `pii` and `secrets`
 * are constants of their own types carrying `found` and `types` methods; they are not facts, and
 * registering a fact under either name fails when the environment is built.
 *
 * Scans are memoised for the duration of one evaluation: `withScanCache(facts, …)` shares one
 * ScanCache among every policy evaluated over the same facts object.
 */
import type { Environment } from '@marcbachmann/cel-js';
import { ScanCache } from './scan-cache.js';

/** Receiver type of `pii.found` / `pii.types`. */
class PiiDetectors {}
/** Receiver type of `secrets.found` / `secrets.types`. */
class SecretDetectors {}

export const DETECTOR_FUNCTION_NAMES = ['pii.found', 'pii.types', 'secrets.found', 'secrets.types', 'sql_injection'] as const;

const caches = new WeakMap<object, ScanCache>();
let current: ScanCache | undefined;

/** The cache evaluations over `facts` share (created on first use, dropped with the facts). */
export function scanCacheFor(facts: object): ScanCache {
  let cache = caches.get(facts);
  if (!cache) caches.set(facts, (cache = new ScanCache()));
  return cache;
}

/** Runs a (synchronous) evaluation with the detector functions memoising into the facts' cache. */
export function withScanCache<T>(facts: object, evaluate: () => T): T {
  const previous = current;
  current = scanCacheFor(facts);
  try {
    return evaluate();
  } finally {
    current = previous;
  }
}

// Outside withScanCache every call scans afresh: correct, just not memoised.
const cache = () => current ?? new ScanCache();

export function registerDetectorFunctions(env: Environment): Environment {
  return env
    .registerType('PiiDetectors', PiiDetectors)
    .registerType('SecretDetectors', SecretDetectors)
    .registerConstant('pii', 'PiiDetectors', new PiiDetectors())
    .registerConstant('secrets', 'SecretDetectors', new SecretDetectors())
    .registerFunction('PiiDetectors.found(dyn): bool', (_: PiiDetectors, x: unknown) => cache().kinds('pii', x).length > 0, {
      description: 'True when the string, or a string inside the JSON value, holds an email, phone, card, SSN, IBAN or IP address',
    })
    .registerFunction('PiiDetectors.types(dyn): list<string>', (_: PiiDetectors, x: unknown) => [...cache().kinds('pii', x)], {
      description: 'The PII kinds found, sorted, each once',
    })
    .registerFunction('SecretDetectors.found(dyn): bool', (_: SecretDetectors, x: unknown) => cache().kinds('secrets', x).length > 0, {
      description: 'True when the string, or a string inside the JSON value, holds a JWT, API key or private key',
    })
    .registerFunction('SecretDetectors.types(dyn): list<string>', (_: SecretDetectors, x: unknown) => [...cache().kinds('secrets', x)], {
      description: 'The secret kinds found, sorted, each once',
    })
    .registerFunction('sql_injection(dyn): bool', (x: unknown) => cache().sqlInjection(x), {
      description: 'True when the string, or a string inside the JSON value, carries a SQL injection shape',
    });
}
