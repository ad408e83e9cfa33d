#!/usr/bin/env node
// `npm run test:desktop`: the same integration suites in desktop VS Code, through
// @vscode/test-electron. It downloads VS Code from Microsoft (update.code.visualstudio.com)
// into .vscode-test/, so it needs internet; offline, use `npm run test:integration`
// (code-server). On Linux without a display, run it under `xvfb-run -a`.
//
//   node test/integration/run-desktop.mjs [--vscode-version stable|1.99.3|...] [--timeout SECONDS]
//                                         [--grep=TEXT] [--no-build] [--keep]
//
// HELPDESK_VSCODE_EXECUTABLE=/path/to/code skips the download and uses that VS Code.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { buildExtension, repoRoot } from '../host/helpdesk-host.mjs';
import { buildIntegration, runnerBundle } from './build.mjs';
import { followEvents, GREP_ENV, killLeftovers, OUT_DIR_ENV, readResults, report, say as sayAs, seconds, TEST_API_ENV, USER_DATA_ENV } from './launch-util.mjs';

const PREFIX = 'desktop';
const say = (message) => sayAs(PREFIX, message);

function parseCli(argv) {
  const options = { version: process.env.HELPDESK_VSCODE_VERSION || 'stable', timeoutSeconds: 300, build: true, keep: false, grep: undefined };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--vscode-version') options.version = value();
    else if (flag === '--timeout') options.timeoutSeconds = Number(value());
    else if (flag === '--grep') options.grep = value();
    else if (flag === '--no-build') options.build = false;
    else if (flag === '--keep') options.keep = true;
    else throw new Error(`unknown option ${argv[i]}`);
  }
  return options;
}

const options = parseCli(process.argv.slice(2));
const cachePath = join(repoRoot, '.vscode-test');
const started = Date.now();

async function vscodeExecutable() {
  if (process.env.HELPDESK_VSCODE_EXECUTABLE) return process.env.HELPDESK_VSCODE_EXECUTABLE;
  try {
    // An idle timeout: a blocked network fails in seconds instead of hanging.
    return await downloadAndUnzipVSCode({ version: options.version, cachePath, timeout: 20_000 });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `could not download VS Code ${options.version} (${reason}).\n` +
        '  npm run test:desktop needs internet access to update.code.visualstudio.com, or\n' +
        '  HELPDESK_VSCODE_EXECUTABLE=/path/to/code to use an installed VS Code.\n' +
        '  Offline, run the same suites in code-server: npm run test:integration',
    );
  }
}

async function main() {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    say('warning: no DISPLAY; VS Code will not start without one. Try: xvfb-run -a npm run test:desktop');
  }
  if (options.build) {
    say('building the extension and the suites ...');
    await buildExtension();
    await buildIntegration();
  }
  const executable = await vscodeExecutable();
  say(`VS Code: ${executable}`);

  mkdirSync(join(cachePath, 'runs'), { recursive: true });
  const runDir = mkdtempSync(join(cachePath, 'runs', 'run-'));
  const outDir = join(runDir, 'results');
  const userDataDir = join(runDir, 'user-data');
  const workspaceFolder = join(runDir, 'workspace');
  for (const dir of [outDir, userDataDir, workspaceFolder]) mkdirSync(dir, { recursive: true });

  const follow = followEvents(outDir);
  const ticker = setInterval(() => follow.poll(), 250);
  // runTests has no time limit of its own: past ours, kill what the run started and fail.
  let timedOut = false;
  const limit = setTimeout(() => {
    timedOut = true;
    say(`the tests did not finish within ${options.timeoutSeconds} s${follow.running() ? `; still running: "${follow.running()}"` : ''}`);
    void killLeftovers(PREFIX, OUT_DIR_ENV, outDir);
  }, options.timeoutSeconds * 1000);

  let runError;
  try {
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: runnerBundle,
      // The folder to open first, then a clean profile: no other extensions, our own user data.
      // --password-store=basic: SecretStorage without the OS keyring, which would wait for an unlock prompt on CI.
      launchArgs: [
        workspaceFolder,
        '--disable-extensions',
        '--password-store=basic',
        `--user-data-dir=${userDataDir}`,
        `--extensions-dir=${join(runDir, 'extensions')}`,
      ],
      extensionTestsEnv: {
        [OUT_DIR_ENV]: outDir,
        [USER_DATA_ENV]: userDataDir,
        [TEST_API_ENV]: '1',
        ...(options.grep ? { [GREP_ENV]: options.grep } : {}),
      },
    });
  } catch (error) {
    // Failing tests make VS Code exit non-zero too; the results file says which.
    runError = error instanceof Error ? error.message : String(error);
  } finally {
    clearInterval(ticker);
    clearTimeout(limit);
  }
  follow.poll();
  const results = readResults(outDir);
  const brokenBecause = timedOut ? `timed out after ${options.timeoutSeconds} s` : `VS Code ended without results (${runError ?? 'exit 0'})`;
  const ok = report(PREFIX, { results, ended: follow.ended(), brokenBecause }) && !timedOut;
  await killLeftovers(PREFIX, OUT_DIR_ENV, outDir);
  if (ok && !options.keep) rmSync(runDir, { recursive: true, force: true });
  else say(`kept ${runDir}`);
  say(`${ok ? 'passed' : 'FAILED'} in ${seconds(Date.now() - started)}`);
  return ok;
}

try {
  process.exitCode = (await main()) ? 0 : 1;
} catch (error) {
  console.error(`[${PREFIX}] FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
