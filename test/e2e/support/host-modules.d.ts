// Types for the plain-JavaScript modules in test/host/ that the end-to-end tests import
// (the project type-checks TypeScript only). They describe what those modules export;
// keep them in step when a signature there changes.

declare module '*/host/install-code-server.mjs' {
  export const CODE_SERVER_VERSION: string;
  export const repoRoot: string;
  export const hostDir: string;
  /** Throws, naming the Debian packages to install, when the machine lacks what code-server needs. */
  export function preflight(): void;
  export function isInstalled(): boolean;
  export function ensureCodeServer(options?: { force?: boolean; verbose?: boolean; quiet?: boolean }): Promise<{
    installDir: string;
    entry: string;
    reused: boolean;
    ms: number;
  }>;
}

declare module '*/host/code-server.mjs' {
  export interface CodeServer {
    url: string;
    baseUrl: string;
    port: number;
    pid: number;
    baseDir: string;
    userDataDir: string;
    extensionsDir: string;
    logFile: string;
    workspaceFolder: string;
    output(): string;
    workbenchUrl(folder?: string): string;
    stop(options?: { removeBaseDir?: boolean }): Promise<void>;
  }
  export function startCodeServer(options: {
    extensionVsix?: string;
    extensionDevelopmentPath?: string;
    linkExtension?: string;
    userSettings?: Record<string, unknown>;
    keybindings?: unknown[];
    workspaceFolder: string;
    port?: number;
    host?: string;
    baseDir?: string;
    timeoutMs?: number;
    echo?: boolean;
    keep?: boolean;
    workspaceTrust?: boolean;
  }): Promise<CodeServer>;
  export function isPortFree(port: number, host?: string): Promise<boolean>;
  export function findFreePort(preferred?: number, host?: string): Promise<number>;
}

declare module '*/host/browser.mjs' {
  import type { Browser, BrowserContext, Frame, Locator, Page } from 'playwright-core';

  export const CHROMIUM: string;
  export const CHROMIUM_ARGS: string[];
  export interface Workbench {
    browser: Browser;
    context: BrowserContext;
    page: Page;
    consoleErrors: string[];
    screenshot(name: string): Promise<string>;
    close(): Promise<void>;
  }
  export function openWorkbench(
    url: string,
    folder?: string,
    options?: { screenshotDir?: string; timeoutMs?: number; viewport?: { width: number; height: number }; headless?: boolean },
  ): Promise<Workbench>;
  export function activityItem(page: Page, title: string): Locator;
  export function clickActivity(page: Page, title: string, options?: { timeoutMs?: number }): Promise<void>;
  export function treeItem(page: Page, label: string | RegExp): Locator;
  export function expandTreeItem(page: Page, label: string | RegExp, options?: { timeoutMs?: number }): Promise<Locator>;
  export function runCommand(page: Page, title: string, options?: { timeoutMs?: number }): Promise<void>;
  export function waitForWebviewFrame(
    page: Page,
    options?: { predicate?: (frame: Frame) => Promise<boolean> | boolean; timeoutMs?: number },
  ): Promise<Frame>;
  export function screenshotWebviewFrames(page: Page, dir: string, prefix?: string): Promise<string[]>;
}
