// Folds quoted history in email bodies behind a "…" button, as mail clients do: a reply
// often carries the whole earlier thread, which the panel already shows above it.

/** Shorter quotes stay open: folding a two-line quote hides more than it saves. */
const MIN_QUOTE_CHARS = 240;
const attribution = /(wrote|schrieb|a écrit|escribió|scrisse|schreef|napisał|yazdı|написал\(а\)|написал)\s*:?\s*$/i;
const outlookHeader = /^\s*(From|Von|De|Da|Van|Od|Kimden|От):\s.+\b(Sent|Gesendet|Envoyé|Enviado|Inviato|Verzonden|Wysłano|Gönderildi|Отправлено|Date|Datum):/is;

function outermostQuotes(body: HTMLElement): HTMLElement[] {
  return [...body.querySelectorAll('blockquote')].filter((quote) => !quote.parentElement?.closest('blockquote'));
}

/** Mail bodies often sit in one wrapper div (or several): the blocks inside are what count. */
function contentRoot(body: HTMLElement): Element {
  let root: Element = body;
  for (;;) {
    const only = root.firstElementChild;
    if (!only || root.children.length !== 1 || only.tagName !== 'DIV') return root;
    if ((root.textContent ?? '').trim() !== (only.textContent ?? '').trim()) return root;
    root = only;
  }
}

/** Outlook and other clients put a rule line instead of an attribution above the quote. */
const separatorLine = /^\s*-{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original|Messaggio originale|Oorspronkelijk bericht|Wiadomość oryginalna|Orijinal Mesaj|Исходное сообщение)\s*-{2,}\s*$/i;

function isIntroduction(text: string): boolean {
  return text.length < 300 && (attribution.test(text) || separatorLine.test(text));
}

const inlineTags = new Set(['A', 'ABBR', 'B', 'BDI', 'BDO', 'BR', 'CITE', 'CODE', 'EM', 'FONT', 'I', 'KBD', 'MARK', 'Q', 'S', 'SMALL', 'SPAN', 'STRONG', 'SUB', 'SUP', 'TIME', 'U']);

/**
 * The "On Monday, Ann <ann@x> wrote:" line right before a quote belongs in the fold. Mail
 * clients write it as a block of its own (a <p> or <div>) or as bare text and a <br> in the
 * same wrapper as the quote (Gmail's `<div>On …, X wrote:<br><blockquote>`).
 */
function introductionBefore(quote: Element): Node[] {
  const previous = quote.previousElementSibling;
  // Bare text (and inline markup) between the previous block and the quote.
  const inline: Node[] = [];
  for (let node = quote.previousSibling; node; node = node.previousSibling) {
    if (node.nodeType === Node.ELEMENT_NODE && !inlineTags.has((node as Element).tagName)) break;
    inline.unshift(node);
  }
  const inlineText = inline.map((node) => node.textContent ?? '').join('').trim();
  if (inlineText !== '') return isIntroduction(inlineText) ? inline : [];
  if (!previous || previous.tagName === 'BLOCKQUOTE') return [];
  return isIntroduction((previous.textContent ?? '').trim()) ? [...inline, previous].sort(documentOrder) : [];
}

function documentOrder(a: Node, b: Node): number {
  return a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
}

/** The block where an Outlook-style "From: … Sent: …" header starts the quoted history. */
function outlookHistoryStart(root: Element): Element | undefined {
  const blocks = [...root.children];
  // From the second block on: a header at the very top is the message itself (a forward).
  for (const block of blocks.slice(1)) {
    if (block.tagName === 'BLOCKQUOTE') continue;
    if (outlookHeader.test((block.textContent ?? '').slice(0, 600))) return block;
  }
  return undefined;
}

function fold(nodes: Node[], label: string): void {
  const first = nodes[0];
  const parent = first?.parentNode;
  if (!first || !parent) return;
  const hidden = document.createElement('div');
  hidden.className = 'quoted-text';
  hidden.hidden = true;
  const toggle = document.createElement('button');
  toggle.type = 'button';
  toggle.className = 'quote-toggle';
  toggle.title = label;
  toggle.setAttribute('aria-label', label);
  toggle.setAttribute('aria-expanded', 'false');
  toggle.textContent = '•••';
  parent.insertBefore(toggle, first);
  parent.insertBefore(hidden, first);
  for (const node of nodes) hidden.append(node);
  toggle.addEventListener('click', () => {
    hidden.hidden = !hidden.hidden;
    toggle.setAttribute('aria-expanded', String(!hidden.hidden));
    toggle.title = hidden.hidden ? label : 'Hide quoted text';
  });
}

export function foldQuotedText(body: HTMLElement): void {
  const history = outlookHistoryStart(contentRoot(body));
  if (history) {
    const nodes: Node[] = [];
    for (let node: Node | null = history; node; node = node.nextSibling) nodes.push(node);
    if (nodes.reduce((sum, node) => sum + (node.textContent?.length ?? 0), 0) >= MIN_QUOTE_CHARS) {
      fold(nodes, 'Show quoted text');
    }
  }
  for (const quote of outermostQuotes(body)) {
    if (quote.closest('.quoted-text')) continue;
    const before = introductionBefore(quote);
    // A quote introduced as earlier mail is history, however short; a bare one may be the
    // writer quoting a line to answer it, and stays open unless it is long.
    if (before.length === 0 && (quote.textContent ?? '').length < MIN_QUOTE_CHARS) continue;
    fold([...before, quote], 'Show quoted text');
  }
}
