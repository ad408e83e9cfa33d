// The rendering contract (implementation in this folder): vendor bodies in, safe HTML out.
import type { BodyFormat } from '../model';

export interface RenderOptions {
  /** Remote (http/https) images are replaced by a placeholder unless allowed. */
  allowRemoteImages: boolean;
  /** Bodies longer than this many characters of input are cut (default 200,000). */
  maxInputChars?: number;
}

export interface RenderedBody {
  /** Sanitized HTML, safe to put in the webview under its CSP. */
  html: string;
  /** How many remote images were blocked, to offer "Load remote images". */
  remoteImagesBlocked: number;
  /** The input was cut to maxInputChars. */
  truncated: boolean;
}

export type RenderBody = (body: string, format: BodyFormat, options: RenderOptions) => RenderedBody;
