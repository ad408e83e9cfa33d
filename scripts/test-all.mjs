#!/usr/bin/env node
// `npm test`: every layer in turn (type check and lint, unit + contract, the ticket panel's page in
// Chromium, integration in a real VS Code extension host, end-to-end through the
// workbench), then one line of totals
// that CI reads. A layer that fails to run at all counts as one failure, so a crash can
// never pass as "0 failed". Every layer runs even after a failure, to report them all.
//
//   node scripts/test-all.mjs [layer ...]     default: all, in the order below
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const LAYERS = [
  { name: 'typecheck', script: 'check', counted: false },
  { name: 'unit', script: 'test:unit', counted: true },
  { name: 'webview', script: 'test:webview', counted: true },
  { name: 'integration', script: 'test:integration', counted: true },
  { name: 'e2e', script: 'test:e2e', counted: true },
];

const wanted = process.argv.slice(2);
const layers = wanted.length ? LAYERS.filter((layer) => wanted.includes(layer.name)) : LAYERS;
const dir = mkdtempSync(join(tmpdir(), 'helpdesk-tests-'));
const resultsFile = join(dir, 'results.jsonl');
const started = Date.now();

function run(script, layer) {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], {
      stdio: 'inherit',
      env: { ...process.env, HELPDESK_TEST_LAYER: layer, HELPDESK_TEST_RESULTS: resultsFile },
    });
    child.on('exit', (code, signal) => resolve(signal ? 1 : (code ?? 1)));
    child.on('error', () => resolve(1));
  });
}

function countsOf(layer) {
  let text = '';
  try {
    text = readFileSync(resultsFile, 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line)).filter((entry) => entry.layer === layer);
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const report = [];
for (const layer of layers) {
  const layerStarted = Date.now();
  console.log(`\n=== ${layer.name} (npm run ${layer.script})`);
  const code = await run(layer.script, layer.name);
  const seconds = ((Date.now() - layerStarted) / 1000).toFixed(0);
  if (!layer.counted) {
    if (code !== 0) totals.failed += 1;
    report.push(`${layer.name}: ${code === 0 ? 'ok' : `failed (exit ${code})`} in ${seconds} s`);
    continue;
  }
  const entries = countsOf(layer.name);
  const sum = entries.reduce((a, e) => ({ passed: a.passed + e.passed, failed: a.failed + e.failed, skipped: a.skipped + e.skipped }), { passed: 0, failed: 0, skipped: 0 });
  // Exited non-zero with no failure counted (a crash, a missing browser): one failure.
  if (code !== 0 && sum.failed === 0) sum.failed = 1;
  if (code === 0 && entries.length === 0) sum.failed = 1;
  totals.passed += sum.passed;
  totals.failed += sum.failed;
  totals.skipped += sum.skipped;
  report.push(`${layer.name}: ${sum.passed} passed, ${sum.failed} failed, ${sum.skipped} skipped in ${seconds} s${entries.length === 0 ? ' (reported no results)' : ''}`);
}
rmSync(dir, { recursive: true, force: true });

console.log(`\n=== summary (${((Date.now() - started) / 1000).toFixed(0)} s)`);
for (const line of report) console.log(`  ${line}`);
console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
