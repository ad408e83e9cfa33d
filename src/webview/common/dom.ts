// Small DOM helpers. Elements are built with properties and listeners, never from HTML
// strings — the only HTML inserted is the host's sanitized message bodies.

type Child = Node | string | null | undefined | false;

export interface Props {
  className?: string;
  text?: string;
  title?: string;
  attrs?: Record<string, string>;
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.className) element.className = props.className;
  if (props.title) element.title = props.title;
  if (props.attrs) for (const [name, value] of Object.entries(props.attrs)) element.setAttribute(name, value);
  if (props.on) {
    for (const [type, listener] of Object.entries(props.on)) {
      element.addEventListener(type, listener as EventListener);
    }
  }
  if (props.text !== undefined) element.textContent = props.text;
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}

/** A codicon: the font and classes come from @vscode/codicons' stylesheet. */
export function icon(name: string, extra = ''): HTMLElement {
  return h('i', { className: `codicon codicon-${name}${extra ? ` ${extra}` : ''}`, attrs: { 'aria-hidden': 'true' } });
}

export function button(label: string, iconName: string | undefined, className: string, onClick: () => void, title?: string): HTMLButtonElement {
  return h(
    'button',
    { className, title: title ?? label, attrs: { type: 'button' }, on: { click: () => onClick() } },
    iconName ? icon(iconName) : null,
    label ? h('span', { className: 'button-label', text: label }) : null,
  );
}

/**
 * Parses HTML that the host already sanitized. A template keeps it inert (no image loads,
 * no scripts) until the fragment is placed.
 */
export function fragmentFromHtml(html: string): DocumentFragment {
  const template = document.createElement('template');
  template.innerHTML = html;
  return template.content;
}

export function setVisible(element: HTMLElement, visible: boolean): void {
  element.hidden = !visible;
}
