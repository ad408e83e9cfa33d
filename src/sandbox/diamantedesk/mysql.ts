// How DiamanteDesk's MySQL database compares the values of list filters: `=` and LIKE
// under a case- and accent-insensitive collation (utf8_unicode_ci), LIKE with its `%`
// and `_` wildcards (a filter value containing them is a pattern, not text).

function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/** `column = 'value'` for a string or number column. */
export function mysqlEquals(column: string | number | null, value: string): boolean {
  if (column === null) return false;
  // MySQL reads the string as a number by its leading digits ('3abc' is 3, 'abc' is 0).
  if (typeof column === 'number') {
    const n = Number.parseFloat(value);
    return column === (Number.isNaN(n) ? 0 : n);
  }
  return fold(column).replace(/ +$/, '') === fold(value).replace(/ +$/, '');
}

/** `column LIKE 'pattern'`; DiamanteDesk passes `%value%` for its substring filters. */
export function mysqlLike(column: string | null, pattern: string): boolean {
  if (column === null) return false;
  const folded = fold(pattern);
  let source = '';
  for (let i = 0; i < folded.length; i++) {
    const c = folded[i] as string;
    if (c === '\\' && i + 1 < folded.length) {
      source += escapeRegex(folded[++i] as string);
    } else if (c === '%') {
      source += '[\\s\\S]*';
    } else if (c === '_') {
      source += '[\\s\\S]';
    } else {
      source += escapeRegex(c);
    }
  }
  return new RegExp(`^${source}$`, 'u').test(fold(column));
}

function escapeRegex(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}
