// Attachment names come from the helpdesk, that is from whoever sent the mail: make them
// honest to show and safe to offer as a file name.
const RESERVED = /[<>:"/\\|?*\u0000-\u001f\u007f]/g;

/**
 * Characters that change how a name looks without being seen: controls, bidi overrides
 * and isolates (`invoice\u202Efdp.exe` shows as `invoiceexe.pdf`), directional and
 * zero-width marks, invisible operators and the BOM.
 */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** Device names Windows will not create a file under, with any extension (`nul.txt`). */
const WINDOWS_DEVICE = /^(?:con|prn|aux|nul|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3]|conin\$|conout\$)$/i;

const MAX_NAME_CHARS = 180;

/** The name as the panel shows it: what the characters really say, in their real order. */
export function displayFileName(name: string): string {
  const shown = name.normalize('NFC').replace(INVISIBLE, '').trim();
  return shown === '' ? 'attachment' : shown;
}

/** The save dialog's default name: also one every file system we run on accepts. */
export function safeFileName(name: string): string {
  const cleaned = displayFileName(name).replace(RESERVED, '_');
  // The end is kept: it has the extension.
  const limited = cleaned.length > MAX_NAME_CHARS ? cleaned.slice(cleaned.length - MAX_NAME_CHARS) : cleaned;
  // Leading dots hide a file; Windows drops trailing dots and spaces (`report.` is `report`).
  const trimmed = limited.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  if (trimmed === '') return 'attachment';
  const stem = trimmed.split('.')[0]?.trimEnd() ?? '';
  return WINDOWS_DEVICE.test(stem) ? `_${trimmed}` : trimmed;
}
