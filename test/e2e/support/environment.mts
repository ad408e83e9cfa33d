// What the end-to-end layer needs from the machine, checked up front so a missing piece
// fails with the thing to install instead of a browser or npm stack trace.
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { CHROMIUM } from '../../host/browser.mjs';
import { ensureCodeServer, repoRoot } from '../../host/install-code-server.mjs';

/** Throws, naming the Debian package, when the browser that drives the workbench is missing. */
export function requireChromium(path: string = CHROMIUM): void {
  if (existsSync(path)) return;
  throw new Error(
    `Chromium is missing (${path}): the end-to-end tests drive the VS Code workbench in Debian's Chromium.\n` +
      'Install it with:\n  apt-get update && apt-get install -y chromium',
  );
}

/**
 * Installs code-server into .test-host/ unless it is there. Its own errors already name the
 * Debian packages that are missing; this adds how to see the whole install.
 */
export async function ensureTestHost(install: typeof ensureCodeServer = ensureCodeServer): Promise<void> {
  try {
    await install({ quiet: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `code-server (the VS Code these tests drive) could not be installed:\n${reason}\n` +
        'It needs the Debian packages chromium, ripgrep and libkrb5-dev (plus python3, make and g++ to build its addons):\n' +
        '  apt-get update && apt-get install -y chromium ripgrep libkrb5-dev python3 make g++\n' +
        'then retry, or watch the install with: node test/host/install-code-server.mjs --verbose',
    );
  }
}

/**
 * The packaged extension, as a user installs it: `npm run package` (a production build)
 * into `out`. HELPDESK_E2E_VSIX names an existing package to test instead.
 */
export async function packageVsix(out: string, { timeoutMs = 120_000 } = {}): Promise<string> {
  const given = process.env.HELPDESK_E2E_VSIX;
  if (given) {
    if (!existsSync(given) || !statSync(given).isFile()) throw new Error(`HELPDESK_E2E_VSIX=${given} is not a file`);
    return given;
  }
  const output: Buffer[] = [];
  const code = await new Promise<number | string>((resolve) => {
    const child = spawn('npm', ['run', 'package', '--', '-o', out], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('error', (error) => resolve(error.message));
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolve(signal ?? exitCode ?? 1);
    });
  });
  if (code !== 0 || !existsSync(out)) {
    const tail = Buffer.concat(output).toString().split('\n').slice(-30).join('\n');
    throw new Error(`npm run package -- -o ${out} failed (${code}):\n${tail}`);
  }
  return out;
}
