import { describe, it } from 'vitest';
import { runStoreConformance } from '../conformance/run-store-conformance.js';
import { postgresEnabled } from '../../test-support/postgres.js';
import { postgresHarness } from '../../test-support/store-harness.js';

if (postgresEnabled()) runStoreConformance(postgresHarness());
else describe('store conformance [postgres]', () => it.skip('AXONFLOW_TEST_PG=off', () => undefined));
