// The instance's Swagger pages, where Swashbuckle serves them: `/swagger` redirects to the
// UI at `/swagger/index.html`, whose definition picker points at
// `/swagger/{version}/swagger.json`. The simulator serves API v2's document only (the
// picker lists just that one). Decision: no credentials needed, as the vendor tells users
// to open the page in a browser.
import { jsonResponse, type SimResponse } from '../../http-util';
import { apiError } from '../errors';
import { openApiDocument } from '../openapi';
import type { DeskdirectorState } from '../state';

export const SWAGGER_JSON_PATH = '/swagger/v2/swagger.json';

function indexPage(): string {
  const config = JSON.stringify({ urls: [{ url: SWAGGER_JSON_PATH, name: 'API v2' }], deepLinking: false });
  return (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Swagger UI</title>' +
    '<link rel="stylesheet" type="text/css" href="./swagger-ui.css"></head><body><div id="swagger-ui"></div>' +
    `<script src="./swagger-ui-bundle.js"></script><script>window.onload = function () { var configObject = ${config}; configObject.dom_id = '#swagger-ui'; SwaggerUIBundle(configObject); };</script>` +
    '</body></html>'
  );
}

/** The answer for a /swagger path, or undefined when the path is not one. */
export function swaggerResponse(state: DeskdirectorState, method: string, path: string): SimResponse | undefined {
  const lower = path.toLowerCase();
  if (lower !== '/swagger' && !lower.startsWith('/swagger/')) return undefined;
  if (method !== 'GET' && method !== 'HEAD') throw apiError(405, undefined, { Allow: 'GET, HEAD' });
  if (lower === '/swagger' || lower === '/swagger/') return { status: 301, headers: { Location: '/swagger/index.html' } };
  if (lower === '/swagger/index.html') return { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: Buffer.from(indexPage(), 'utf8') };
  if (lower === SWAGGER_JSON_PATH) return jsonResponse(200, openApiDocument(state));
  throw apiError(404, `No Swagger document at ${path}.`);
}
