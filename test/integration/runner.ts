// Runs the integration suites with mocha inside the VS Code extension host and writes
// what happened to files a launcher reads. Two ways in, same suites:
//   - code-server (run-code-server.mjs): this bundle is the companion extension's main;
//     activate() starts the run when the window opens.
//   - @vscode/test-electron (run-desktop.mjs): this bundle is the extensionTestsPath;
//     VS Code calls run() and takes a rejection as failure.
// Files, in the folder named by HELPDESK_INTEGRATION_OUT: events.jsonl (one line per test
// as it starts and ends, so a hung run still shows how far it got) and results.json
// (counts and every test, written once at the end, atomically).
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type MochaModule from 'mocha';
import * as vscode from 'vscode';
import { GREP_ENV, OUT_DIR_ENV } from './support/env';

export const EVENTS_FILE = 'events.jsonl';
export const RESULTS_FILE = 'results.json';
/** Per test and hook; waits inside the tests give up sooner, with a message. */
const TEST_TIMEOUT_MS = 60_000;

export interface TestResult {
  title: string;
  state: 'passed' | 'failed' | 'skipped';
  durationMs?: number;
  error?: string;
}

export interface RunResults {
  passed: number;
  failed: number;
  skipped: number;
  durationMs: number;
  host: string;
  tests: TestResult[];
  /** The run itself broke (a suite did not load): counts as a failure. */
  error?: string;
}

function hostDescription(): string {
  return `VS Code ${vscode.version} (${vscode.env.appHost}, ${vscode.UIKind[vscode.env.uiKind]} UI), Node ${process.version}`;
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // The message carries assert's diff; a few stack lines say where, without pages of mocha internals.
  const stack = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line)).slice(0, 6);
  return [error.message, ...stack].join('\n');
}

function writeResults(outDir: string, results: RunResults): void {
  const file = join(outDir, RESULTS_FILE);
  writeFileSync(`${file}.tmp`, JSON.stringify(results, null, 2));
  renameSync(`${file}.tmp`, file);
}

/** Loaded when the run starts, so a missing mocha is reported in results.json instead of failing activation silently. */
function loadMocha(): typeof MochaModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('mocha') as typeof MochaModule;
}

/** A mocha reporter (a constructor taking the runner) that records into `outDir`. */
function recordingReporter(Mocha: typeof MochaModule, outDir: string, started: number, done: (results: RunResults) => void) {
  const eventsFile = join(outDir, EVENTS_FILE);
  const event = (entry: object) => appendFileSync(eventsFile, JSON.stringify(entry) + '\n');
  return class RecordingReporter extends Mocha.reporters.Base {
    constructor(runner: MochaModule.Runner, options?: MochaModule.MochaOptions) {
      super(runner, options);
      const tests: TestResult[] = [];
      const { EVENT_HOOK_BEGIN, EVENT_HOOK_END, EVENT_TEST_BEGIN, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } =
        Mocha.Runner.constants;
      const end = (result: TestResult) => {
        tests.push(result);
        event({ event: 'end', ...result });
      };
      runner.on(EVENT_TEST_BEGIN, (test) => event({ event: 'begin', title: test.fullTitle() }));
      // Hooks too, so a run stuck in a `before` says where.
      runner.on(EVENT_HOOK_BEGIN, (hook) => event({ event: 'begin', title: hook.fullTitle() }));
      runner.on(EVENT_HOOK_END, (hook) => event({ event: 'hookEnd', title: hook.fullTitle() }));
      runner.on(EVENT_TEST_PASS, (test) => end({ title: test.fullTitle(), state: 'passed', durationMs: test.duration ?? 0 }));
      // Also a failed hook: its tests never run, the hook counts as the failure.
      runner.on(EVENT_TEST_FAIL, (test, error) => end({ title: test.fullTitle(), state: 'failed', durationMs: test.duration ?? 0, error: describeError(error) }));
      runner.on(EVENT_TEST_PENDING, (test) => end({ title: test.fullTitle(), state: 'skipped' }));
      runner.once(EVENT_RUN_END, () => {
        const count = (state: TestResult['state']) => tests.filter((test) => test.state === state).length;
        done({
          passed: count('passed'),
          failed: count('failed'),
          skipped: count('skipped'),
          durationMs: Date.now() - started,
          host: hostDescription(),
          tests,
        });
      });
    }
  };
}

/** Runs every suites/*.test.js next to this bundle; always writes results.json, even when a suite does not load. */
export async function runSuites(outDir: string): Promise<RunResults> {
  const started = Date.now();
  mkdirSync(outDir, { recursive: true });
  let results: RunResults;
  try {
    results = await new Promise<RunResults>((resolve) => {
      const Mocha = loadMocha();
      const grep = process.env[GREP_ENV];
      const mocha = new Mocha({
        ui: 'bdd',
        timeout: TEST_TIMEOUT_MS,
        color: false,
        reporter: recordingReporter(Mocha, outDir, started, resolve),
        ...(grep ? { grep } : {}),
      });
      const suitesDir = join(__dirname, 'suites');
      const files = readdirSync(suitesDir).filter((name) => name.endsWith('.test.js')).sort();
      if (files.length === 0) throw new Error(`no suites in ${suitesDir}`);
      for (const name of files) mocha.addFile(join(suitesDir, name));
      // Loads the suites first: one that throws rejects this promise (the executor's throw).
      mocha.run();
    });
  } catch (error) {
    results = { passed: 0, failed: 1, skipped: 0, durationMs: Date.now() - started, host: hostDescription(), tests: [], error: describeError(error) };
  }
  writeResults(outDir, results);
  return results;
}

/** Companion extension (code-server): run once when the window opens, if a launcher asked for it. */
export function activate(): void {
  const outDir = process.env[OUT_DIR_ENV];
  // No folder: a window the launcher did not start. Results already there: the window reloaded.
  if (!outDir || existsSync(join(outDir, RESULTS_FILE))) return;
  // runSuites records its own failures; this only catches an unwritable results folder.
  runSuites(outDir).catch((error: unknown) => console.error(`[integration] could not record results: ${describeError(error)}`));
}

/** @vscode/test-electron's entry (extensionTestsPath): resolves when every test passed. */
export async function run(): Promise<void> {
  const outDir = process.env[OUT_DIR_ENV] ?? mkdtempSync(join(tmpdir(), 'helpdesk-integration-'));
  const results = await runSuites(outDir);
  console.log(`[integration] ${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped (${join(outDir, RESULTS_FILE)})`);
  if (results.error) throw new Error(`the integration run broke: ${results.error}`);
  if (results.failed > 0) throw new Error(`${results.failed} integration test(s) failed`);
}
