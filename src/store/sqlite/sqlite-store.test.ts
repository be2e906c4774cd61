import { runStoreConformance } from '../conformance/run-store-conformance.js';
import { sqliteHarness } from '../../test-support/store-harness.js';

runStoreConformance(sqliteHarness(), {
  skip: [
    {
      test: 'migrates once when two replicas start on an empty database at the same moment',
      reason:
        'an SQLite store belongs to one process (capabilities.multiProcess=false); two handles in one process would block each other. A second process writing the same file is covered by the credentials CLI test',
    },
  ],
});
