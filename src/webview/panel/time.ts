// <time> elements that show "3 hours ago" with the full date on hover, kept fresh.
import { absoluteTime, relativeTime } from '../common/format';

export function timeElement(iso: string, className = ''): HTMLTimeElement {
  const element = document.createElement('time');
  if (className) element.className = className;
  element.dateTime = iso;
  element.dataset.ts = iso;
  element.title = absoluteTime(iso);
  element.textContent = relativeTime(iso);
  return element;
}

/** "5 minutes ago" must not stay "just now" while the panel sits open. */
export function refreshTimes(root: ParentNode, now = Date.now()): void {
  for (const element of root.querySelectorAll<HTMLTimeElement>('time[data-ts]')) {
    const text = relativeTime(element.dataset.ts ?? '', now);
    if (element.textContent !== text) element.textContent = text;
  }
}
