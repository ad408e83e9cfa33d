// The file name in a Content-Disposition header. RFC 6266: `filename*` (RFC 5987,
// percent-encoded with a charset) wins over a plain `filename`, which may be quoted.

export function filenameFromContentDisposition(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const params = parseParams(header);
  const extended = params.get('filename*');
  if (extended !== undefined) {
    const decoded = decodeExtended(extended);
    if (decoded) return safeName(decoded);
  }
  const plain = params.get('filename');
  return plain ? safeName(plain) : undefined;
}

/** `attachment; filename="a;b.txt"; size=3` → parameters by lower-cased name. */
function parseParams(header: string): Map<string, string> {
  const params = new Map<string, string>();
  const pattern = /;\s*([^\s=;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g;
  for (const match of header.matchAll(pattern)) {
    const name = (match[1] ?? '').toLowerCase();
    let value = (match[2] ?? '').trim();
    if (value.startsWith('"')) value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    if (!params.has(name)) params.set(name, value);
  }
  return params;
}

/** `UTF-8''na%C3%AFve.txt` → `naïve.txt`; undefined when it cannot be decoded. */
function decodeExtended(value: string): string | undefined {
  const match = /^([\w!#$%&+^`{}~-]*)'[\w-]*'(.*)$/.exec(value);
  if (!match) return undefined;
  const charset = (match[1] ?? '').toLowerCase();
  const encoded = match[2] ?? '';
  try {
    if (charset === 'utf-8' || charset === '') return decodeURIComponent(encoded);
    if (charset === 'iso-8859-1' || charset === 'latin1') {
      return encoded.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** A server-supplied name must not carry a path: the UI saves files with it. */
function safeName(name: string): string | undefined {
  const base = name.split(/[\\/]/).pop()?.trim() ?? '';
  return base === '' || base === '.' || base === '..' ? undefined : base;
}
