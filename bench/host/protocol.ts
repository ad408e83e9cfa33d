// What the benchmark's launcher (bench/host/launch.ts) and its side in the extension host
// (bench/host/companion.ts) exchange: config.json one way, results.json the other, and the
// launcher's control server in between (request counts, focus).

export interface BenchVendor {
  /** Instance id in helpdesk.instances. */
  id: string;
  label: string;
  /** The instance's settings entry without id and label: {type, baseUrl, ...}. */
  entry: { type: string; baseUrl: string; [key: string]: unknown };
  credentials: { username?: string; secret: string };
  /** The simulator's name on the control server. */
  sim: string;
  /** Scheme, host and port of the simulator (its logged paths are relative to it). */
  origin: string;
  /** The list (view) refreshed and paged. */
  view: string;
  /** RegExp source matching the path of the vendor's ticket-list request. */
  listPath: string;
}

export interface BenchConfig {
  phase: 'activation' | 'scenarios';
  /** The launcher's control server, http://127.0.0.1:PORT. */
  control: string;
  rounds: number;
  pageSize: number;
  vendors: BenchVendor[];
  /** The vendor whose list is paged to the end, and its API's largest page. */
  pagingVendor: string;
  vendorMaxPage: number;
  bigTicket: { vendor: string; ticketId: string };
  idleMinutes: number;
  /** Write a CPU profile of each timed step next to results.json. */
  profile?: boolean;
}

export interface LoggedEntry {
  method: string;
  path: string;
  query: string;
  status: number;
}

export interface RequestCount {
  total: number;
  log: LoggedEntry[];
}

/** A timed scenario: medians in ms, the longest event-loop block seen in it. */
export interface Measured {
  key: string;
  label?: string;
  floorMs: number;
  subjectMs: number;
  blockMs: number;
  requests?: number;
  /** The requests the scenario sent (its last round), `METHOD path?query`. */
  sent?: string[];
}

export type HostRow =
  | Measured
  | { key: 'activationBytes'; bytes: number; files: string[] }
  | { key: 'pageToEnd'; label: string; rows: number; requests: number; floorRequests: number; floorMs: number; subjectMs: number; blockMs: number; heapGrowthMB: number }
  | { key: 'bigTicket'; floorMs: number; subjectMs: number; firstScreenMs: number; messages: number; requests: number; blockMs: number }
  | { key: 'idle'; minutes: number; requests: number; blockMs: number; stillUnfocused: boolean };

export interface HostResults {
  host: string;
  rows: HostRow[];
  notes: string[];
  error?: string;
}
