// Reads the extension's settings (and the editor's proxy settings) with their
// defaults, and writes the ones commands change. The one place that knows setting names.
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { Logger } from '../../helpdesk/log';
import { type BackoffPolicy, DEFAULT_BACKOFF } from './recovery';
import { type TransportOptions, transportOptions } from './transport';

const SECTION = 'helpdesk';
const MB = 1024 * 1024;

export const DEFAULT_PAGE_SIZE = 50;
export const DEFAULT_MAX_ATTACHMENT_MB = 25;
export const DEFAULT_OFFLINE_CACHE_MB = 50;

export class HelpdeskSettings {
  private caCache: { path: string; pem: string | undefined } | undefined;

  constructor(
    private readonly log: Logger,
    private readonly userAgent: string,
  ) {}

  private get config(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SECTION);
  }

  /**
   * The instances list from user settings only. A workspace could otherwise point a
   * configured id at another server and receive that id's stored credentials.
   */
  rawInstances(): unknown {
    return this.config.inspect<unknown>('instances')?.globalValue;
  }

  async writeInstances(list: unknown[]): Promise<void> {
    await this.config.update('instances', list.length > 0 ? list : undefined, vscode.ConfigurationTarget.Global);
  }

  pageSize(): number {
    return clampInteger(this.config.get<number>('pageSize'), 1, 200, DEFAULT_PAGE_SIZE);
  }

  maxAttachmentBytes(): number {
    const megabytes = this.config.get<number>('maxAttachmentSizeMB');
    const value = typeof megabytes === 'number' && megabytes > 0 ? megabytes : DEFAULT_MAX_ATTACHMENT_MB;
    return Math.floor(value * MB);
  }

  /** How soon an unreachable helpdesk is tried again by itself (recovery.ts doubles it each time). */
  reconnectPolicy(): BackoffPolicy {
    const seconds = clampInteger(this.config.get<number>('reconnectDelaySeconds'), 1, 300, DEFAULT_BACKOFF.firstDelayMs / 1000);
    return { firstDelayMs: seconds * 1000, maxDelayMs: Math.max(DEFAULT_BACKOFF.maxDelayMs, seconds * 1000) };
  }

  sandboxEnabled(): boolean {
    return this.config.get<boolean>('sandbox.enabled') === true;
  }

  /** Customers replying and tickets arriving in the sandbox now and then (src/sandbox/live.ts). */
  sandboxLiveActivity(): boolean {
    return this.config.get<boolean>('sandbox.liveActivity') === true;
  }

  async setSandboxEnabled(enabled: boolean): Promise<void> {
    await this.config.update('sandbox.enabled', enabled ? true : undefined, vscode.ConfigurationTarget.Global);
  }

  transport(): TransportOptions {
    const http = vscode.workspace.getConfiguration('http');
    return transportOptions({
      requestTimeoutSeconds: this.config.get<number>('requestTimeoutSeconds'),
      maxResponseSizeMB: this.config.get<number>('maxResponseSizeMB'),
      maxAttachmentBytes: this.maxAttachmentBytes(),
      proxy: http.get<string>('proxy'),
      noProxy: http.get<string[]>('noProxy'),
      strictSSL: http.get<boolean>('proxyStrictSSL'),
      ca: this.extraCertificates(),
      userAgent: this.userAgent,
      env: process.env,
    });
  }

  /** Read once per path: a provider is built per instance and must not re-read the file each time. */
  private extraCertificates(): string | undefined {
    const path = this.config.get<string>('extraCaCertificatesFile')?.trim() ?? '';
    if (path === '') return undefined;
    if (this.caCache?.path === path) return this.caCache.pem;
    let pem: string | undefined;
    try {
      pem = readFileSync(path, 'utf8');
      if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
        pem = undefined;
        this.reportCaProblem(vscode.l10n.t('{0} contains no PEM certificate.', path));
      }
    } catch (error) {
      this.reportCaProblem(vscode.l10n.t('{0} could not be read: {1}', path, error instanceof Error ? error.message : String(error)));
    }
    this.caCache = { path, pem };
    return pem;
  }

  private reportCaProblem(text: string): void {
    this.log.warn(`helpdesk.extraCaCertificatesFile: ${text}`);
    void vscode.window
      .showWarningMessage(vscode.l10n.t('Helpdesk: the extra CA certificates file is not usable: {0}', text), vscode.l10n.t('Open Settings'))
      .then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'helpdesk.extraCaCertificatesFile');
      });
  }

  static affectsInstances(event: vscode.ConfigurationChangeEvent): boolean {
    return event.affectsConfiguration(`${SECTION}.instances`);
  }

  static affectsSandbox(event: vscode.ConfigurationChangeEvent): boolean {
    return event.affectsConfiguration(`${SECTION}.sandbox.enabled`);
  }

  static affectsSandboxLiveActivity(event: vscode.ConfigurationChangeEvent): boolean {
    return event.affectsConfiguration(`${SECTION}.sandbox.liveActivity`);
  }

  /** Changes that need every provider rebuilt with new transport options. */
  affectsTransport(event: vscode.ConfigurationChangeEvent): boolean {
    const changed =
      event.affectsConfiguration(`${SECTION}.requestTimeoutSeconds`) ||
      event.affectsConfiguration(`${SECTION}.maxResponseSizeMB`) ||
      event.affectsConfiguration(`${SECTION}.maxAttachmentSizeMB`) ||
      event.affectsConfiguration(`${SECTION}.extraCaCertificatesFile`) ||
      event.affectsConfiguration('http.proxy') ||
      event.affectsConfiguration('http.noProxy') ||
      event.affectsConfiguration('http.proxyStrictSSL');
    if (event.affectsConfiguration(`${SECTION}.extraCaCertificatesFile`)) this.caCache = undefined;
    return changed;
  }

  static affectsPageSize(event: vscode.ConfigurationChangeEvent): boolean {
    return event.affectsConfiguration(`${SECTION}.pageSize`);
  }

  /** The offline cache's bound in bytes (`helpdesk.offline.cacheMB`); 0 turns it off. */
  offlineCacheBytes(): number {
    const megabytes = this.config.get<number>('offline.cacheMB');
    const value = typeof megabytes === 'number' && Number.isFinite(megabytes) && megabytes >= 0 ? megabytes : DEFAULT_OFFLINE_CACHE_MB;
    return Math.floor(value * MB);
  }

  static affectsOfflineCache(event: vscode.ConfigurationChangeEvent): boolean {
    return event.affectsConfiguration(`${SECTION}.offline.cacheMB`);
  }
}

function clampInteger(value: unknown, min: number, max: number, fallback: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.round(value)));
}
