// Time as the PHP side of DiamanteDesk sees it: the JMS serializer's date format
// (`2015-07-17T11:25:21+0000`, always UTC), PHP's strtotime for WSSE `Created` values,
// the Escape WSSE bundle's ISO 8601 check of `Created`, and MySQL's reading of the
// date strings in createdAfter / updatedBefore filters.

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `Y-m-d\TH:i:sO` in UTC: what every date in DiamanteDesk's API looks like. */
export function formatDiamanteDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+0000`;
}

/**
 * The Escape WSSE bundle's default `date_format`: an ISO 8601 date, optionally with a
 * time and zone ("Incorrectly formatted "created" in token." otherwise). Same pattern,
 * same backreferences (\3 repeats the date separator, \17 the time separator).
 */
export const ESCAPE_CREATED_FORMAT =
  /^([+-]?\d{4}(?!\d{2}\b))((-?)((0[1-9]|1[0-2])(\3([12]\d|0[1-9]|3[01]))?|W([0-4]\d|5[0-2])(-?[1-7])?|(00[1-9]|0[1-9]\d|[12]\d{2}|3([0-5]\d|6[1-6])))([T\s]((([01]\d|2[0-3])((:?)[0-5]\d)?|24:?00)([.,]\d+(?!:))?)?(\17[0-5]\d([.,]\d+)?)?([zZ]|([+-])([01]\d|2[0-3]):?([0-5]\d)?)?)?)?$/;

const ISO_TIMESTAMP = /^\s*(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?\s*$/;
const COMPACT_TIMESTAMP = /^\s*(\d{4})(\d{2})(\d{2})[Tt](\d{2}):?(\d{2}):?(\d{2})(?:[.,]\d+)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?\s*$/;

/**
 * PHP's strtotime for the timestamp forms WSSE clients send, in whole seconds (PHP drops
 * fractions); undefined where strtotime answers false. A time without a zone is read in
 * the server's zone, UTC on a DiamanteDesk install.
 */
export function strtotimeSeconds(text: string): number | undefined {
  const match = ISO_TIMESTAMP.exec(text) ?? COMPACT_TIMESTAMP.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', zone] = match;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 24 || Number(mi) > 59 || Number(s) > 60) return undefined;
  const utc = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(s)) / 1000;
  return utc - zoneOffsetSeconds(zone);
}

function zoneOffsetSeconds(zone: string | undefined): number {
  if (!zone || /^(z|utc|gmt)$/i.test(zone)) return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  return sign * (hours * 3600 + minutes * 60);
}

const MYSQL_DATETIME = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?/;

/**
 * How MySQL reads a filter value compared with a DATETIME column: the leading date and
 * time, anything after (fractions, a zone) ignored, no zone conversion. Undefined when
 * the value is no date at all (MySQL then compares against a zero date; see paging.ts).
 */
export function mysqlDatetimeMs(text: string): number | undefined {
  const match = MYSQL_DATETIME.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = match;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  return Number.isNaN(ms) ? undefined : ms;
}
