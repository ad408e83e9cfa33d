import assert from 'node:assert/strict';
import { HelpdeskError } from '../../src/helpdesk/errors';
import type { HelpdeskType } from '../../src/helpdesk/model';
import type { ProviderDescriptor } from '../../src/helpdesk/provider';
import { createDescriptorCatalog } from '../../src/ui/instances/descriptors';
import { suggestInstanceId, validateInstances } from '../../src/ui/instances/instanceValidation';

function descriptor(type: HelpdeskType, names: string[], supported = true): ProviderDescriptor & { supported: boolean } {
  return {
    type,
    names,
    supported,
    urlPlaceholder: 'https://example.com',
    credentialPrompt: { secret: { prompt: 'Key' } },
    normalizeBaseUrl(input: string) {
      let url: URL;
      try {
        url = new URL(input);
      } catch {
        throw new HelpdeskError('config', 'not a URL');
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new HelpdeskError('config', 'use https');
      return url.origin + url.pathname.replace(/\/+$/, '');
    },
    create() {
      throw new Error('not used');
    },
  };
}

const catalog = createDescriptorCatalog([
  descriptor('deskpro', ['DeskPRO']),
  descriptor('jitbit', ['Jitbit Helpdesk', 'Destek Sitesi'], false),
]);

describe('ui: instance settings validation', () => {
  it('accepts a valid entry, normalises its URL and keeps extra fields', () => {
    const [entry] = validateInstances(
      [{ id: 'acme', label: 'Acme', type: 'deskpro', baseUrl: 'https://acme.deskpro.com/', authMethod: 'token' }],
      catalog,
    );
    assert.ok(entry?.ok);
    assert.equal(entry.config.baseUrl, 'https://acme.deskpro.com');
    assert.equal(entry.config.label, 'Acme');
    assert.equal(entry.config.authMethod, 'token');
  });

  it('labels an entry without a label by its host', () => {
    const [entry] = validateInstances([{ id: 'a', type: 'deskpro', baseUrl: 'https://help.example.org' }], catalog);
    assert.ok(entry?.ok);
    assert.equal(entry.config.label, 'help.example.org');
  });

  it('reports a missing id by position', () => {
    const [entry] = validateInstances([{ type: 'deskpro', baseUrl: 'https://a.example' }], catalog);
    assert.ok(entry && !entry.ok);
    assert.equal(entry.key, '#1');
    assert.match(entry.problem, /no "id"/);
  });

  it('keeps the first of two entries with the same id and reports the second', () => {
    const entries = validateInstances(
      [
        { id: 'x', type: 'deskpro', baseUrl: 'https://a.example' },
        { id: 'x', type: 'deskpro', baseUrl: 'https://b.example' },
      ],
      catalog,
    );
    assert.equal(entries[0]?.ok, true);
    const second = entries[1];
    assert.ok(second && !second.ok);
    assert.equal(second.key, '#2');
    assert.equal(second.id, undefined, 'a duplicate must not claim the id (its credentials belong to the first)');
    assert.match(second.problem, /already used by entry #1/);
  });

  it('reports an unknown type with the known ones', () => {
    const [entry] = validateInstances([{ id: 'z', type: 'zendesk', baseUrl: 'https://a.example' }], catalog);
    assert.ok(entry && !entry.ok);
    assert.equal(entry.id, 'z');
    assert.match(entry.problem, /unknown type "zendesk".*deskpro, jitbit/);
  });

  it('accepts a registered but unsupported type (the tree says "Not yet supported")', () => {
    const [entry] = validateInstances([{ id: 'j', type: 'jitbit', baseUrl: 'https://j.example/helpdesk' }], catalog);
    assert.equal(entry?.ok, true);
    assert.equal(catalog.isSupported('jitbit'), false);
  });

  it('reports an invalid URL with the descriptor\'s reason', () => {
    const entries = validateInstances(
      [
        { id: 'a', type: 'deskpro', baseUrl: 'not a url' },
        { id: 'b', type: 'deskpro', baseUrl: 'ftp://x.example' },
        { id: 'c', type: 'deskpro' },
      ],
      catalog,
    );
    assert.deepEqual(
      entries.map((entry) => (entry.ok ? 'ok' : entry.problem)),
      [
        '"a" has an invalid baseUrl "not a url": not a URL',
        '"b" has an invalid baseUrl "ftp://x.example": use https',
        '"c" has no "baseUrl".',
      ],
    );
  });

  it('rejects ids that would be ambiguous in keys, and the sandbox prefix', () => {
    const entries = validateInstances(
      [
        { id: 'a:b', type: 'deskpro', baseUrl: 'https://a.example' },
        { id: 'sandbox-deskpro', type: 'deskpro', baseUrl: 'https://a.example' },
      ],
      catalog,
    );
    assert.ok(entries.every((entry) => !entry.ok));
  });

  it('turns a non-object entry or a non-list setting into problems, and no setting into nothing', () => {
    assert.equal(validateInstances(['x'], catalog)[0]?.ok, false);
    assert.equal(validateInstances({ id: 'a' }, catalog)[0]?.ok, false);
    assert.deepEqual(validateInstances(undefined, catalog), []);
  });

  it('one bad entry does not hide the good ones', () => {
    const entries = validateInstances(
      [{ id: 'bad', type: 'nope', baseUrl: 'x' }, { id: 'good', type: 'deskpro', baseUrl: 'https://g.example' }],
      catalog,
    );
    assert.deepEqual(entries.map((entry) => entry.ok), [false, true]);
  });

  it('suggests readable, unique ids from the address', () => {
    assert.equal(suggestInstanceId('https://www.acme.deskpro.com/x', new Set()), 'acme.deskpro.com');
    assert.equal(suggestInstanceId('https://acme.example', new Set(['acme.example', 'acme.example-2'])), 'acme.example-3');
    assert.equal(suggestInstanceId('garbage', new Set()), 'helpdesk');
  });
});
