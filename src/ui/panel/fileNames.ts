// Attachment names come from the helpdesk: make them safe to offer as a file name.
const RESERVED = /[<>:"/\\|?*\u0000-\u001f\u007f]/g;

export function safeFileName(name: string): string {
  const cleaned = name.replace(RESERVED, '_').replace(/^[.\s]+/, '').trim();
  const limited = cleaned.length > 180 ? cleaned.slice(cleaned.length - 180) : cleaned;
  return limited === '' ? 'attachment' : limited;
}
