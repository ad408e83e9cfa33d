// A click on a link never navigates the webview: the host decides how to open it
// (and refuses anything but http(s) and mailto).
export function interceptLinks(open: (href: string) => void): void {
  const handle = (event: MouseEvent) => {
    const target = event.target instanceof Element ? event.target : null;
    const link = target?.closest('a');
    if (!target || !link) return;
    // Caught before anything else sees the click, so no handler below can let it navigate.
    event.preventDefault();
    // Middle clicks arrive as auxclick; right clicks are left to the context menu.
    if (event.type === 'auxclick' && event.button !== 1) return;
    // A blocked image inside a link asks for images (the conversation handles it), not for the link.
    if (target.closest('.remote-image')) return;
    const href = link.getAttribute('href');
    if (href) open(href);
  };
  window.addEventListener('click', handle, true);
  window.addEventListener('auxclick', handle, true);
}
