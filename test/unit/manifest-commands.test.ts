// The manifest's commands, menus, walkthrough and Marketplace fields: what VS Code and the
// Marketplace read without running any of our code, so nothing else would catch a slip.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { englishManifest } from '../support/manifest';

const root = join(__dirname, '../..');

interface CommandContribution {
  command: string;
  title: string;
  category?: string;
  icon?: string | { light: string; dark: string };
  enablement?: string;
}

interface MenuItem {
  command?: string;
  submenu?: string;
  when?: string;
  group?: string;
}

interface WalkthroughStep {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string | Record<string, string>; svg?: string; altText?: string };
  completionEvents?: string[];
}

interface Manifest {
  publisher: string;
  displayName: string;
  description: string;
  icon: string;
  license: string;
  categories: string[];
  keywords: string[];
  repository: { type: string; url: string };
  bugs: { url: string };
  homepage: string;
  galleryBanner: { color: string; theme: string };
  contributes: {
    commands: CommandContribution[];
    menus: Record<string, MenuItem[]>;
    walkthroughs: Array<{ id: string; title: string; description: string; steps: WalkthroughStep[] }>;
    keybindings?: Array<{ command: string }>;
    viewsWelcome?: Array<{ contents: string }>;
  };
}

const manifest = englishManifest() as Manifest;
const commands = manifest.contributes.commands;
const commandIds = new Set(commands.map((command) => command.command));
const menus = Object.entries(manifest.contributes.menus);

/** The ids in `command:helpdesk.x` links (VS Code's own commands are not ours to check). */
function commandLinks(text: string): string[] {
  return [...text.matchAll(/\(command:(helpdesk\.[A-Za-z0-9.]+)/g)].map((match) => match[1]!);
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(path: string): { width: number; height: number } {
  const bytes = readFileSync(path);
  assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG', `${path} is not a PNG`);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('manifest: commands and menus', () => {
  it('every contributed command is in the Helpdesk category, with a title', () => {
    assert.ok(commands.length > 0);
    const outside = commands.filter((command) => command.category !== 'Helpdesk').map((command) => command.command);
    assert.deepEqual(outside, [], 'commands without "category": "Helpdesk"');
    for (const command of commands) {
      assert.ok(command.command.startsWith('helpdesk.'), `${command.command}: not in the helpdesk. namespace`);
      assert.ok(command.title.trim() !== '', `${command.command}: no title`);
    }
  });

  it('no command is contributed twice', () => {
    assert.equal(commandIds.size, commands.length);
  });

  it('every command a menu names exists', () => {
    const missing = menus.flatMap(([menu, items]) => items.filter((item) => item.command !== undefined && !commandIds.has(item.command)).map((item) => `${menu}: ${item.command}`));
    assert.deepEqual(missing, []);
  });

  it('every command shown in a menu or title bar has a codicon', () => {
    const bare = menus
      .filter(([menu]) => menu !== 'commandPalette')
      .flatMap(([menu, items]) => items.filter((item) => item.command && !commands.find((command) => command.command === item.command)?.icon).map((item) => `${menu}: ${item.command}`));
    assert.deepEqual(bare, []);
    for (const command of commands) {
      if (typeof command.icon === 'string') assert.match(command.icon, /^\$\([a-z0-9-]+(~spin)?\)$/, `${command.command}: icon "${command.icon}"`);
    }
  });

  it('every menu item says where it shows', () => {
    const unconditional = menus.flatMap(([menu, items]) => items.filter((item) => item.command && !item.when?.trim()).map((item) => `${menu}: ${item.command}`));
    assert.deepEqual(unconditional, []);
    const viewItems = menus.filter(([menu]) => menu.startsWith('view/')).flatMap(([, items]) => items);
    for (const item of viewItems) assert.match(item.when ?? '', /view == helpdesk\./, `${item.command}: a view menu item for any view`);
  });

  it("every button on a tree row is in the row's context menu too, for the keyboard (Shift+F10)", () => {
    const rowItems = manifest.contributes.menus['view/item/context'] ?? [];
    const inline = rowItems.filter((item) => item.group?.startsWith('inline'));
    const inMenu = rowItems.filter((item) => !item.group?.startsWith('inline'));
    const unreachable = inline.filter((item) => !inMenu.some((other) => other.command === item.command && other.when === item.when));
    assert.deepEqual(unreachable.map((item) => `${item.command} when ${item.when}`), []);
  });

  it('commands that act on a tree row are not offered in the Command Palette', () => {
    // Each of these needs the row it was run on; from the palette it would do nothing.
    const rowOnly = ['helpdesk.loadMore', 'helpdesk.closeSearch', 'helpdesk.openInBrowser', 'helpdesk.copyTicketLink', 'helpdesk.openLinkedCode', 'helpdesk.unlinkCode', 'helpdesk.refreshInstance'];
    const palette = manifest.contributes.menus.commandPalette ?? [];
    for (const id of rowOnly.filter((command) => commandIds.has(command))) {
      const entry = palette.find((item) => item.command === id);
      assert.equal(entry?.when, 'false', `${id}: shown in the Command Palette`);
    }
  });

  it('commands that need a helpdesk are offered in the Command Palette only once there is one', () => {
    const palette = manifest.contributes.menus.commandPalette ?? [];
    for (const id of ['helpdesk.setCredentials', 'helpdesk.removeInstance', 'helpdesk.openTicket', 'helpdesk.search', 'helpdesk.refresh']) {
      assert.match(palette.find((item) => item.command === id)?.when ?? '', /config\.helpdesk\.instances != '\[\]'/, id);
    }
    assert.equal(palette.find((item) => item.command === 'helpdesk.trySandbox')?.when, '!config.helpdesk.sandbox.enabled');
  });

  it('command links in the welcome view and keybindings name contributed commands', () => {
    const linked = (manifest.contributes.viewsWelcome ?? []).flatMap((welcome) => commandLinks(welcome.contents));
    assert.ok(linked.length > 0);
    const bound = (manifest.contributes.keybindings ?? []).map((binding) => binding.command).filter((id) => id.startsWith('helpdesk.'));
    assert.deepEqual([...linked, ...bound].filter((id) => !commandIds.has(id)), []);
  });
});

describe('manifest: walkthrough', () => {
  const walkthroughs = manifest.contributes.walkthroughs ?? [];

  it('has the Getting Started steps: sandbox, add a helpdesk, create from a selection, start work', () => {
    assert.equal(walkthroughs.length, 1);
    const steps = walkthroughs[0]!.steps;
    assert.deepEqual(
      steps.map((step) => step.id),
      ['trySandbox', 'addHelpdesk', 'createFromSelection', 'startWork'],
    );
    for (const step of steps) {
      assert.ok(step.title && step.description, `${step.id}: title and description`);
      assert.ok((step.completionEvents ?? []).length > 0, `${step.id}: no completionEvents`);
    }
  });

  it("each step's button and completion event name a contributed command", () => {
    for (const step of walkthroughs.flatMap((walkthrough) => walkthrough.steps)) {
      const linked = commandLinks(step.description);
      assert.equal(linked.length, 1, `${step.id}: one command button`);
      const events = (step.completionEvents ?? []).filter((event) => event.startsWith('onCommand:')).map((event) => event.slice('onCommand:'.length));
      assert.ok(events.includes(linked[0]!), `${step.id}: completes when its own button's command runs`);
      assert.deepEqual([...linked, ...events].filter((id) => !commandIds.has(id)), [], `${step.id}: unknown command`);
    }
  });

  it("each step's media exists, and so does every image its Markdown shows", () => {
    for (const step of walkthroughs.flatMap((walkthrough) => walkthrough.steps)) {
      const { markdown, image, svg } = step.media;
      const files = [markdown, svg, ...(typeof image === 'string' ? [image] : Object.values(image ?? {}))].filter((file): file is string => file !== undefined);
      assert.ok(files.length > 0, `${step.id}: no media`);
      for (const file of files) {
        assert.ok(file.startsWith('media/'), `${step.id}: ${file} is outside media/ (not packaged)`);
        assert.ok(existsSync(join(root, file)), `${step.id}: ${file} is missing`);
      }
      if (image) assert.ok(step.media.altText?.trim(), `${step.id}: an image without altText`);
      if (!markdown) continue;
      const text = readFileSync(join(root, markdown), 'utf8');
      for (const [, alt, target] of text.matchAll(/!\[([^\]]*)\]\(([^)\s]+)\)/g)) {
        assert.ok(alt!.trim() !== '', `${markdown}: an image without alt text`);
        assert.ok(!/^[a-z]+:/i.test(target!), `${markdown}: ${target} is not a packaged file`);
        const path = join(root, dirname(markdown), target!);
        assert.ok(path.startsWith(join(root, 'media')) && existsSync(path), `${markdown}: ${target} is missing`);
      }
    }
  });
});

describe('manifest: Marketplace listing', () => {
  it('has the fields a listing needs', () => {
    for (const key of ['publisher', 'displayName', 'description', 'license', 'homepage'] as const) {
      assert.ok(typeof manifest[key] === 'string' && manifest[key].trim() !== '', key);
    }
    assert.ok(manifest.categories.length > 0);
    assert.ok(manifest.keywords.length > 0 && manifest.keywords.length <= 30, 'keywords: 1 to 30 (vsce refuses more)');
    assert.match(manifest.galleryBanner.color, /^#[0-9a-f]{6}$/i);
    assert.ok(['dark', 'light'].includes(manifest.galleryBanner.theme));
    // An https repository lets vsce turn the README's relative image links into absolute ones.
    assert.match(manifest.repository.url, /^https:\/\//);
    assert.match(manifest.bugs.url, /^https:\/\//);
  });

  it('the icon is a 128×128 PNG in media/', () => {
    assert.match(manifest.icon, /^media\/.+\.png$/);
    assert.deepEqual(pngSize(join(root, manifest.icon)), { width: 128, height: 128 });
  });

  it('the README shows no SVG images (the Marketplace refuses them)', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)|<img[^>]+src="([^"]+)"/g)].map((match) => match[1] ?? match[2]!);
    assert.ok(images.length > 0);
    assert.deepEqual(images.filter((src) => /\.svg(\?|#|$)/i.test(src)), []);
    for (const src of images.filter((image) => !/^https:/.test(image))) assert.ok(existsSync(join(root, src)), `README image ${src} is missing`);
  });
});
