// Moves every user-facing string of package.json into package.nls.json and leaves `%key%` in
// its place, so the manifest is translated the way VS Code does it (package.nls.<lang>.json).
//   node scripts/l10n-manifest.mjs [folder]   (default: this repository; `npm run l10n` runs it,
//                                              then exports l10n/bundle.l10n.json from the code)
//
// Idempotent: a string that is already `%key%` stays; a plain string (one added or edited since)
// is moved, under a key made from where it sits (`command.refresh.title`,
// `config.pageSize.description`), so keys stay the same when entries are reordered. Keys no
// longer used are dropped. Text meant for a language model (a tool's modelDescription and
// its inputSchema) is not moved: what the model is told must not change with the display
// language. Defaults, enums and examples are data, not text, and stay too.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';


/** Schema and contribution fields whose string value a person reads. */
const TEXT_FIELDS = new Set([
  'title', 'shortTitle', 'category', 'displayName', 'description', 'markdownDescription',
  'deprecationMessage', 'markdownDeprecationMessage', 'patternErrorMessage', 'errorMessage',
  'contextualTitle', 'contents', 'label', 'altText', 'userDescription',
]);
/** Fields holding one text per enum value. */
const TEXT_LIST_FIELDS = new Set(['enumDescriptions', 'markdownEnumDescriptions', 'enumItemLabels']);
/** Subtrees that are data or meant for a model, never shown as text of ours. */
const SKIPPED = new Set(['default', 'examples', 'enum', 'const', 'modelDescription', 'inputSchema', 'when', 'icon']);

const NLS_REF = /^%([^%\s]+)%$/;

/** The part of a contribution id that names it: `helpdesk.refresh` → `refresh`, `helpdesk_getTicket` → `getTicket`. */
function short(id) {
  return String(id).replace(/^helpdesk[._]/, '');
}

function slug(text) {
  return String(text).replace(/[^A-Za-z0-9]+/g, ' ').trim().split(' ')
    .map((word, i) => (i === 0 ? word.toLowerCase() : word[0].toUpperCase() + word.slice(1).toLowerCase()))
    .join('');
}

/**
 * Every user-facing string of the manifest, in manifest order: `{ holder, field, index?, key }`
 * where `holder[field]` (or `holder[field][index]`) is the string and `key` the nls key it
 * belongs under. Exported for the unit test.
 */
export function manifestTexts(manifest) {
  const found = [];
  const add = (holder, field, key, index) => found.push({ holder, field, index, key });

  for (const field of ['displayName', 'description']) {
    if (typeof manifest[field] === 'string') add(manifest, field, `extension.${field}`);
  }
  for (const [name, capability] of Object.entries(manifest.capabilities ?? {})) {
    if (capability && typeof capability === 'object') schemaTexts(capability, `capabilities.${name}`, add);
  }
  const contributes = manifest.contributes ?? {};
  for (const [point, value] of Object.entries(contributes)) {
    contributionTexts(point, value, add);
  }
  return found;
}

function contributionTexts(point, value, add) {
  const each = (list, base) => (Array.isArray(list) ? list : []).forEach((item, i) => item && typeof item === 'object' && base(item, i));
  switch (point) {
    case 'commands':
      return each(value, (command) => {
        for (const field of ['title', 'shortTitle']) {
          if (typeof command[field] === 'string') add(command, field, `command.${short(command.command)}.${field}`);
        }
        if (typeof command.category === 'string') {
          const ref = NLS_REF.exec(command.category);
          add(command, 'category', ref ? ref[1] : `category.${slug(command.category)}`);
        }
      });
    case 'viewsContainers':
      for (const list of Object.values(value ?? {})) {
        each(list, (container) => textFields(container, `viewsContainer.${short(container.id)}`, add));
      }
      return;
    case 'views':
      for (const list of Object.values(value ?? {})) {
        each(list, (view) => {
          if (typeof view.name === 'string') add(view, 'name', `view.${short(view.id)}.name`);
          textFields(view, `view.${short(view.id)}`, add);
        });
      }
      return;
    case 'viewsWelcome': {
      const seen = new Map();
      return each(value, (welcome) => {
        const base = `viewsWelcome.${short(welcome.view)}`;
        const count = (seen.get(base) ?? 0) + 1;
        seen.set(base, count);
        textFields(welcome, count === 1 ? base : `${base}.${count}`, add);
      });
    }
    case 'submenus':
      return each(value, (submenu) => textFields(submenu, `submenu.${short(submenu.id)}`, add));
    case 'walkthroughs':
      return each(value, (walkthrough) => {
        const base = `walkthrough.${short(walkthrough.id)}`;
        textFields(walkthrough, base, add);
        each(walkthrough.steps, (step) => {
          textFields(step, `${base}.${short(step.id)}`, add);
          if (step.media && typeof step.media === 'object') textFields(step.media, `${base}.${short(step.id)}`, add);
        });
      });
    case 'languageModelTools':
      return each(value, (tool) => textFields(tool, `tool.${short(tool.name)}`, add));
    case 'configuration': {
      const sections = Array.isArray(value) ? value : [value];
      return sections.forEach((section, i) => {
        if (!section || typeof section !== 'object') return;
        const base = sections.length === 1 ? 'config' : `config.${section.id ? short(section.id) : i}`;
        textFields(section, base, add);
        for (const [name, schema] of Object.entries(section.properties ?? {})) {
          schemaTexts(schema, `config.${short(name)}`, add);
        }
      });
    }
    default:
      // A contribution point without a rule of its own: its text fields by position.
      return schemaTexts(value, point, add);
  }
}

/** The text fields of one object (not its children). */
function textFields(holder, base, add) {
  for (const [field, text] of Object.entries(holder)) {
    if (TEXT_FIELDS.has(field) && typeof text === 'string') add(holder, field, `${base}.${field}`);
  }
}

/** A JSON schema (or any nested object): its text fields and its sub-schemas'. */
function schemaTexts(node, base, add) {
  if (Array.isArray(node)) {
    node.forEach((item, i) => schemaTexts(item, `${base}.${i}`, add));
    return;
  }
  if (!node || typeof node !== 'object') return;
  for (const [field, value] of Object.entries(node)) {
    if (SKIPPED.has(field)) continue;
    if (TEXT_FIELDS.has(field) && typeof value === 'string') {
      add(node, field, `${base}.${field}`);
    } else if (TEXT_LIST_FIELDS.has(field) && Array.isArray(value)) {
      const names = Array.isArray(node.enum) ? node.enum : [];
      value.forEach((text, i) => {
        if (typeof text === 'string') add(node, field, `${base}.${field}.${names[i] !== undefined ? slugKey(names[i]) : i}`, i);
      });
    } else if (field === 'properties' && value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [name, schema] of Object.entries(value)) schemaTexts(schema, `${base}.${name}`, add);
    } else if (field === 'items' || field === 'additionalProperties') {
      schemaTexts(value, field === 'items' ? base : `${base}.${field}`, add);
    } else if (value && typeof value === 'object') {
      schemaTexts(value, `${base}.${field}`, add);
    }
  }
}

function slugKey(value) {
  const text = String(value);
  return /^[A-Za-z0-9_-]+$/.test(text) ? text : slug(text) || 'value';
}

/** Moves the manifest's texts into `nls`; returns the new nls object, in manifest order. */
export function localizeManifest(manifest, nls) {
  const next = {};
  for (const { holder, field, index, key: wanted } of manifestTexts(manifest)) {
    const read = () => (index === undefined ? holder[field] : holder[field][index]);
    const write = (text) => {
      if (index === undefined) holder[field] = text;
      else holder[field][index] = text;
    };
    const text = read();
    const ref = NLS_REF.exec(text);
    if (ref) {
      const key = ref[1];
      if (!(key in nls) && !(key in next)) throw new Error(`package.json refers to %${key}%, which package.nls.json lacks`);
      if (!(key in next)) next[key] = nls[key];
      continue;
    }
    // A literal: the text at this place. Same text under the wanted key: share it (the
    // category); different text already placed there this run: a numbered key.
    let key = wanted;
    for (let n = 2; key in next && !sameText(next[key], text); n++) key = `${wanted}.${n}`;
    next[key] = key in next ? next[key] : keepComment(nls[key], text);
    write(`%${key}%`);
  }
  return next;
}

function sameText(entry, text) {
  return (typeof entry === 'string' ? entry : entry?.message) === text;
}

/** An entry that had a translator comment keeps it when only its text changes. */
function keepComment(previous, text) {
  return previous && typeof previous === 'object' && previous.comment ? { ...previous, message: text } : text;
}

function main(root) {
  const manifestPath = join(root, 'package.json');
  const nlsPath = join(root, 'package.nls.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  let nls = {};
  try {
    nls = JSON.parse(readFileSync(nlsPath, 'utf8'));
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
  const next = localizeManifest(manifest, nls);
  const before = Object.keys(nls).length;
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(nlsPath, `${JSON.stringify(next, null, 2)}\n`);
  const added = Object.keys(next).filter((key) => !(key in nls)).length;
  const dropped = Object.keys(nls).filter((key) => !(key in next)).length;
  console.log(`package.nls.json: ${Object.keys(next).length} strings (${added} new, ${dropped} unused dropped, ${before} before)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
}
