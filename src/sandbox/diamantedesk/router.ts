// The route table's types and Symfony's matching rules as the real server applies them:
// DiamanteDesk generates one route per annotated service method (`/tickets/{id}.{_format}`
// with `id` \d+ and `_format` xml|json, optional because it has a default), under the
// prefix of each guard. Routes are tried in order; the first whose path and verb match
// wins. When some path matched but no verb did, it is 405 with every verb of those
// routes in `Allow`; when no path matched, 404. HEAD is matched as GET. Both happen
// before the firewall, so a wrong route never asks for credentials.
import type { Bag } from './request';
import type { Format } from './respond';
import type { AgentRecord, CustomerRecord, DiamantedeskState } from './state';
import type { JsonValue } from './php-json';

export type Verb = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type Guard = 'oro' | 'diamante';

export type Caller = { kind: 'agent'; agent: AgentRecord } | { kind: 'customer'; customer: CustomerRecord };

export interface RouteContext {
  state: DiamantedeskState;
  caller: Caller;
  method: Verb;
  /** Route parameters (`id`, `key`, `ticketId`...), as strings from the path. */
  params: Record<string, string>;
  /** Body, route parameters and query merged with camelized keys, later ones winning (MethodParameters). */
  data: Bag;
  /** The request body as decoded, keys camelized: what PUT/PATCH apply as `properties`. */
  properties: Bag | undefined;
  /** The raw query as parse_str made it (paging links look at its keys). */
  query: Bag;
  url: URL;
  format: Format;
}

/** What a service method returns; the view layer (server.ts) picks status and headers by verb. */
export interface ServiceResult {
  data: JsonValue;
  /** POST of one entity: the id its `Location` header points to. */
  createdId?: number;
  /** Paging headers of a GET list (`Link`, `X-Total`). */
  headers?: Record<string, string>;
}

export type Handler = (ctx: RouteContext) => ServiceResult | Promise<ServiceResult>;

export interface Route {
  /** The service method, for the log. */
  name: string;
  /** Under the desk prefix, with `{param}` placeholders; the optional `.{_format}` is implied. */
  path: string;
  requirements?: Record<string, string>;
  methods: readonly Verb[];
  handler: Handler;
  /** Routes only DiamanteDesk's own prefix has (its front-end API). */
  only?: Guard;
  /**
   * 'platform': one of OroPlatform's own routes, under `/api/rest/{version}/` without
   * `desk/` and with `_format` json only (routes/platform.ts); only the Oro guard has them.
   */
  base?: 'platform';
}

interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
}

export type RouteMatch =
  | { kind: 'route'; route: Route; params: Record<string, string>; format: Format | undefined }
  | { kind: 'methodNotAllowed'; allow: Verb[] }
  | { kind: 'notFound' };

const PREFIX: Record<Guard, string> = { oro: '/api/rest/(latest|v1)/desk', diamante: '/api/diamante/rest/(latest|v1)/desk' };
const PLATFORM_PREFIX = '/api/rest/(latest|v1)';

function compile(route: Route, guard: Guard): CompiledRoute {
  const names: string[] = [];
  const body = route.path.replace(/[.*+?^${}()|[\]\\]/g, (c) => (c === '{' || c === '}' ? c : `\\${c}`)).replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return `(${route.requirements?.[name] ?? '[^/]+'})`;
  });
  const regex = route.base === 'platform' ? `^${PLATFORM_PREFIX}${body}(?:\\.(json))?$` : `^${PREFIX[guard]}${body}(?:\\.(xml|json))?$`;
  return { ...route, names, regex: new RegExp(regex) };
}

export class Router {
  private readonly compiled: Record<Guard, CompiledRoute[]>;

  constructor(routes: readonly Route[]) {
    this.compiled = {
      oro: routes.filter((r) => r.only !== 'diamante').map((r) => compile(r, 'oro')),
      diamante: routes.filter((r) => r.only !== 'oro' && r.base !== 'platform').map((r) => compile(r, 'diamante')),
    };
  }

  match(guard: Guard, method: string, path: string): RouteMatch {
    const verb = method === 'HEAD' ? 'GET' : method;
    const allow: Verb[] = [];
    for (const route of this.compiled[guard]) {
      const found = route.regex.exec(path);
      if (!found) continue;
      if (!route.methods.includes(verb as Verb)) {
        for (const m of route.methods) if (!allow.includes(m)) allow.push(m);
        continue;
      }
      const params: Record<string, string> = {};
      // Group 1 is the version; the route's own parameters follow, then the format.
      route.names.forEach((name, index) => (params[name] = found[index + 2] ?? ''));
      const format = found[route.names.length + 2] as Format | undefined;
      return { kind: 'route', route, params, format };
    }
    return allow.length > 0 ? { kind: 'methodNotAllowed', allow } : { kind: 'notFound' };
  }
}

/** Which guard a path belongs to, if it is under one of the API prefixes at all. */
export function guardOf(path: string): Guard | undefined {
  if (path.startsWith('/api/diamante/rest/') || path.startsWith('/api/diamante/soap')) return 'diamante';
  if (path.startsWith('/api/rest') || path.startsWith('/api/soap')) return 'oro';
  return undefined;
}
