// What a mailto: link may carry. RFC 6068 lets a link set any header, and some mail
// clients honour extras such as `attach=/home/u/.ssh/id_rsa` (attaching a local file) or a
// hidden `bcc`. A link from a ticket keeps only the fields a mail link needs.
const KEPT_FIELDS = new Set(['to', 'cc', 'subject', 'body']);

/** True for `mailto:` in any case. */
export function isMailto(href: string): boolean {
  return /^mailto:/i.test(href);
}

/** The link with only to/cc/subject/body left in its query, and no fragment. */
export function cleanMailto(href: string): string {
  const hash = href.indexOf('#');
  const link = hash < 0 ? href : href.slice(0, hash);
  const question = link.indexOf('?');
  if (question < 0) return link;
  const kept = link
    .slice(question + 1)
    .split('&')
    .filter((pair) => KEPT_FIELDS.has(fieldName(pair)));
  const address = link.slice(0, question);
  return kept.length > 0 ? `${address}?${kept.join('&')}` : address;
}

// Decoded, so `%61ttach` is seen as `attach`; an undecodable name is no field we keep.
function fieldName(pair: string): string {
  const equals = pair.indexOf('=');
  try {
    return decodeURIComponent(equals < 0 ? pair : pair.slice(0, equals)).trim().toLowerCase();
  } catch {
    return '';
  }
}
