// What both launchers (run-code-server.mjs, run-desktop.mjs) do around the extension host:
// pass it the results folder, show each test as the runner records it, turn the results
// into counts, and make sure nothing they started keeps running.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const { recordLayer } = require('../support/summary.js');

// The names test/integration/support/env.ts declares for the suites.
export const OUT_DIR_ENV = 'HELPDESK_INTEGRATION_OUT';
export const USER_DATA_ENV = 'HELPDESK_INTEGRATION_USER_DATA';
export const GREP_ENV = 'HELPDESK_INTEGRATION_GREP';
/** Makes activate() return the test API (src/extension.ts) in a host that is not a test run. */
export const TEST_API_ENV = 'HELPDESK_TEST_API';
// The runner's files (runner.ts).
const EVENTS_FILE = 'events.jsonl';
const RESULTS_FILE = 'results.json';

export function say(prefix, message) {
  console.log(`[${prefix}] ${message}`);
}

export function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

function readLines(file) {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

function printTest(result) {
  const mark = result.state === 'passed' ? '✓' : result.state === 'failed' ? '✗' : '-';
  const time = result.durationMs !== undefined ? ` (${result.durationMs} ms)` : '';
  console.log(`  ${mark} ${result.title}${result.state === 'skipped' ? ' (skipped)' : time}`);
  if (result.error) console.log(result.error.split('\n').map((line) => `      ${line}`).join('\n'));
}

/**
 * Follows the runner's events file: each call prints the tests that ended since the last
 * call. `running()` names the test that started and has not ended (for a timeout message).
 */
export function followEvents(outDir) {
  const file = join(outDir, EVENTS_FILE);
  let seen = 0;
  const ended = [];
  let current;
  return {
    poll() {
      const lines = readLines(file);
      for (const line of lines.slice(seen)) {
        let entry;
        try {
          entry = JSON.parse(line);
        } catch {
          break; // a line being written right now: the next poll reads it whole
        }
        seen += 1;
        if (entry.event === 'begin') current = entry.title;
        else if (entry.event === 'hookEnd') {
          if (entry.title === current) current = undefined;
        } else if (entry.event === 'end') {
          if (entry.title === current) current = undefined;
          ended.push(entry);
          printTest(entry);
        }
      }
    },
    running: () => current,
    ended: () => ended,
  };
}

/** The runner's results.json, or undefined until it exists. */
export function readResults(outDir) {
  const file = join(outDir, RESULTS_FILE);
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * Prints the outcome and records the counts for scripts/test-all.mjs. `results` is the
 * runner's file; without it (a hang, a crash) the counts come from the tests that ended,
 * plus one failure for the run that never finished. Returns true when all passed.
 */
export function report(prefix, { results, ended = [], brokenBecause }) {
  let counts;
  if (results) {
    counts = { passed: results.passed, failed: results.failed, skipped: results.skipped };
    say(prefix, `ran in ${results.host}, tests took ${seconds(results.durationMs)}`);
    if (results.error) console.log(`  ✗ the run broke before the tests ran:\n${results.error.split('\n').map((l) => `      ${l}`).join('\n')}`);
    const failed = results.tests.filter((test) => test.state === 'failed');
    if (failed.length) say(prefix, `failed:\n${failed.map((test) => `    ${test.title}`).join('\n')}`);
    if (results.passed + results.failed + results.skipped === 0 && !results.error) {
      say(prefix, 'no test ran (a grep that matched nothing?): counted as a failure');
      counts.failed = 1;
    }
  } else {
    const count = (state) => ended.filter((test) => test.state === state).length;
    counts = { passed: count('passed'), failed: count('failed') + 1, skipped: count('skipped') };
    say(prefix, `no results: ${brokenBecause}`);
  }
  recordLayer(counts);
  return counts.failed === 0;
}

/** Processes (not this one) whose environment carries `NAME=value`: what a run started, however deep. */
export function processesWithEnv(name, value) {
  const needle = Buffer.from(`${name}=${value}\0`);
  const found = [];
  let pids = [];
  try {
    pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).map(Number);
  } catch {
    return found; // not Linux: the process-group kill in stop() is all there is
  }
  for (const pid of pids) {
    if (pid === process.pid) continue;
    try {
      if (readFileSync(`/proc/${pid}/environ`).includes(needle)) found.push(pid);
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

/** Kills what is left of a run (after a normal stop there should be nothing); returns how many. */
export async function killLeftovers(prefix, name, value) {
  let pids = processesWithEnv(name, value);
  // A process group being stopped needs a moment to go.
  for (let i = 0; i < 20 && pids.length > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    pids = processesWithEnv(name, value);
  }
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  if (pids.length > 0) say(prefix, `warning: killed ${pids.length} process(es) the run left behind: ${pids.join(', ')}`);
  return pids.length;
}
