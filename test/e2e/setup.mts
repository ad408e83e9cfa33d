// Loaded before the specs (.mocharc.json "file"): a root hook that empties
// test-results/e2e/ once per run, so what is there afterwards is this run's.
import { clearResults } from './support/artifacts.mjs';

before(function () {
  clearResults();
});
