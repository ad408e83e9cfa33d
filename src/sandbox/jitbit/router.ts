// The route table's types and matcher. Jitbit's API is a flat list of method names under
// /api (`/api/Tickets`, `/api/UpdateTicket`), matched case-insensitively as ASP.NET
// routes are. Inferred from the seed's `/api/DeleteFile/1233` and `/api/Article/{id}`:
// the default route `api/{action}/{id?}` also takes the id as a path segment.
import type { SimResponse } from '../http-util';
import type { Params } from './params';
import type { JitbitState, UserRecord } from './state';

export interface UploadedFile {
  /** The multipart part's name (always `uploadFile` once accepted). */
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface RouteContext {
  state: JitbitState;
  caller: UserRecord;
  params: Params;
  files: UploadedFile[];
  url: URL;
  clientIp: string;
  userAgent: string;
}

export type Handler = (ctx: RouteContext) => SimResponse | Promise<SimResponse>;

export type Verb = 'GET' | 'POST';

export interface RouteMethod {
  handler: Handler;
  /** The documented parameter names; any other name is refused (see server.ts). */
  params: readonly string[];
  /** Accepts files in multipart parts named `uploadFile`. */
  files?: boolean;
  /**
   * One of the "most used methods" that also read a JSON body ("because people are lazy
   * and don't read the docs"), when the simulator runs with `tolerateJson`.
   */
  json?: boolean;
  /** Requires a helpdesk administrator. */
  adminOnly?: boolean;
  /** Requires a technician (or administrator). */
  techOnly?: boolean;
}

export interface Route {
  /** The method name as documented, e.g. `UpdateTicket`. */
  name: string;
  methods: Partial<Record<Verb, RouteMethod>>;
}

export interface RouteMatch {
  route: Route;
  /** The `{id}` path segment, when one was given. */
  id?: string;
}

export class Router {
  private readonly byName: Map<string, Route>;

  constructor(routes: readonly Route[]) {
    this.byName = new Map(routes.map((route) => [route.name.toLowerCase(), route]));
  }

  /** `path` is what follows `/api/`: `Tickets`, `ticket/123`, `Tickets/` (a trailing slash is fine). */
  match(path: string): RouteMatch | undefined {
    const segments = path.replace(/\/$/, '').split('/');
    if (segments.length > 2 || segments.some((segment) => segment === '')) return undefined;
    const [name = '', id] = segments;
    const route = this.byName.get(name.toLowerCase());
    if (!route) return undefined;
    if (id === undefined) return { route };
    const takesId = Object.values(route.methods).some((method) => method.params.includes('id'));
    return takesId && /^\d{1,10}$/.test(id) ? { route, id } : undefined;
  }
}
