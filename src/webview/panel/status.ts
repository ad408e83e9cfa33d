// A status kind's icon and colour. Colours are theme variables (see .status-* in panel.css).

const icons: Record<string, string> = {
  new: 'circle-large-filled',
  open: 'issue-opened',
  pending: 'clock',
  onHold: 'debug-pause',
  resolved: 'pass',
  closed: 'issue-closed',
};

export function statusIcon(kind: string): string {
  return icons[kind] ?? 'circle-large-outline';
}

/** The class that picks the colour; unknown kinds fall back to the neutral one. */
export function statusClass(kind: string): string {
  return kind in icons ? `status-${kind}` : 'status-unknown';
}
