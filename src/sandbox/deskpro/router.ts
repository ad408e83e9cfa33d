// The route table's types and matcher. Paths are matched exactly (no trailing slash,
// case-sensitive), as a strict router would; `{id}` segments match digits only.
import type { SimResponse } from '../http-util';
import type { DeskproState, PersonRecord } from './state';

export type AuthMethod = 'api_key' | 'api_token';

export interface Caller {
  person: PersonRecord;
  authMethod: AuthMethod;
}

export interface RouteContext {
  state: DeskproState;
  caller: Caller;
  /** The full request URL on the simulator's origin. */
  url: URL;
  query: URLSearchParams;
  /** Numeric path parameters by name (`{id}` → params.id). */
  params: Record<string, number>;
  /** Parsed JSON body (an object) for JSON routes. */
  body: Record<string, unknown>;
  /** Parsed form for multipart routes. */
  form?: FormData;
}

export type Handler = (ctx: RouteContext) => SimResponse | Promise<SimResponse>;

export type Verb = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteMethod {
  handler: Handler;
  body?: 'json' | 'multipart';
  /** Callers whose person is not an agent get 403. Default true; only /me is open to all. */
  agentOnly?: boolean;
}

export interface Route {
  /** Path under /api/v2 with `{name}` for numeric parameters, e.g. `/tickets/{id}/messages`. */
  path: string;
  methods: Partial<Record<Verb, RouteMethod>>;
}

interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
}

export class Router {
  private readonly routes: CompiledRoute[];

  constructor(routes: readonly Route[]) {
    this.routes = routes.map((route) => {
      const names: string[] = [];
      const source = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, name: string) => {
        names.push(name);
        return '(\\d{1,10})';
      });
      return { ...route, regex: new RegExp(`^${source}$`), names };
    });
  }

  match(path: string): { route: Route; params: Record<string, number> } | undefined {
    for (const route of this.routes) {
      const found = route.regex.exec(path);
      if (!found) continue;
      const params: Record<string, number> = {};
      route.names.forEach((name, index) => (params[name] = Number(found[index + 1])));
      return { route, params };
    }
    return undefined;
  }
}
