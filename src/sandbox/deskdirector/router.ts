// The route table's types and matcher. DeskDirector is an ASP.NET Core app, so routing
// behaves as ASP.NET's does: literal segments match case-insensitively on the decoded
// path, a trailing slash is optional, an `{id:int}` segment that is not a number matches
// nothing (404), and a known path with the wrong verb is 405 with an Allow header, both
// decided before authentication.
import type { SimResponse } from '../http-util';
import type { ApiArea, Caller } from './auth';
import type { QueryParam, QueryValues } from './query';
import type { DeskdirectorState } from './state';

export type Verb = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteContext {
  state: DeskdirectorState;
  caller: Caller;
  url: URL;
  /** Path parameters by name, as written in the URL (already checked against `:int`). */
  params: Record<string, string>;
  query: QueryValues;
  /** The parsed JSON body of `body: 'json'` routes. */
  body: unknown;
  /** The parsed form of `body: 'multipart'` routes. */
  form?: FormData;
}

export type Handler = (ctx: RouteContext) => SimResponse | Promise<SimResponse>;

export interface RouteMethod {
  /** Unique in the instance's OpenAPI document (openapi.ts describes each). */
  operationId: string;
  area: ApiArea;
  handler: Handler;
  /** The query parameters the operation takes; any other name is refused. */
  query?: readonly QueryParam[];
  body?: 'json' | 'multipart';
  /** Served (and listed in /swagger) only while the instance's notesRoute switch is on. */
  notesRoute?: boolean;
}

export interface Route {
  /** `/api/v2/copilot/tickets/{ticketId:int}`; `{name}` alone matches any one segment. */
  path: string;
  methods: Partial<Record<Verb, RouteMethod>>;
}

interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
  /** The verbs this instance serves on the path (gated ones left out while switched off). */
  methods: Partial<Record<Verb, RouteMethod>>;
}

function escape(text: string): string {
  return text.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
}

export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(readonly routes: readonly Route[]) {
    this.compiled = routes.map((route) => {
      const names: string[] = [];
      let source = '';
      for (const part of route.path.split(/(\{[^}]+\})/)) {
        const param = /^\{(\w+)(:int)?\}$/.exec(part);
        if (!param) {
          source += escape(part);
          continue;
        }
        names.push(param[1] as string);
        // int: what int.TryParse accepts in a route; a bare segment: anything but a slash.
        source += param[2] ? '(-?\\d{1,10})' : '([^/]+)';
      }
      // A trailing slash is optional in ASP.NET Core routes.
      return { ...route, regex: new RegExp(`^${source}/?$`, 'i'), names };
    });
  }

  /** The route for `path` with the verbs served while `notesRoute` is as given, or undefined (404). */
  match(path: string, notesRoute: boolean): RouteMatch | undefined {
    // ASP.NET routes on the decoded path (`%24create-request` is `$create-request`), but an
    // encoded slash stays inside its segment.
    let decoded: string;
    try {
      decoded = path
        .split('/')
        .map((segment) => decodeURIComponent(segment).replace(/\//g, '%2F'))
        .join('/');
    } catch {
      return undefined;
    }
    for (const route of this.compiled) {
      const found = route.regex.exec(decoded);
      if (!found) continue;
      const methods: Partial<Record<Verb, RouteMethod>> = {};
      for (const [verb, method] of Object.entries(route.methods) as Array<[Verb, RouteMethod]>) {
        if (!method.notesRoute || notesRoute) methods[verb] = method;
      }
      if (Object.keys(methods).length === 0) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, index) => (params[name] = found[index + 1] as string));
      return { route, params, methods };
    }
    return undefined;
  }
}

/** A path parameter declared `:int`, as a number. */
export function intParam(ctx: RouteContext, name: string): number {
  return Number(ctx.params[name]);
}
