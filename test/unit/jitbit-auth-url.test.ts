// Jitbit credentials as Authorization headers, and addresses as the helpdesk base and API root.
import * as assert from 'node:assert/strict';
import { HelpdeskError } from '../../src/helpdesk/errors';
import { jitbitAuth } from '../../src/providers/jitbit/auth';
import { apiRoot, normalizeBaseUrl, ticketWebUrl } from '../../src/providers/jitbit/url';

describe('jitbit: auth header', () => {
  it('sends a user name and password as Basic, UTF-8 encoded', () => {
    const auth = jitbitAuth({ username: 'admin', secret: 'admin' });
    assert.equal(auth.scheme, 'basic');
    assert.equal(auth.header, 'Basic YWRtaW46YWRtaW4=', 'the example from the API documents');
    assert.equal(jitbitAuth({ username: 'müller', secret: 'pä:ss' }).header, `Basic ${Buffer.from('müller:pä:ss', 'utf8').toString('base64')}`);
  });

  it('keeps DOMAIN\\user as typed', () => {
    const auth = jitbitAuth({ username: ' CORP\\jsmith ', secret: 'pw' });
    assert.equal(Buffer.from(auth.header.slice(6), 'base64').toString('utf8'), 'CORP\\jsmith:pw');
  });

  it('sends a secret without a user name as a Bearer token, a pasted "Bearer " prefix removed', () => {
    assert.equal(jitbitAuth({ secret: 'abc123' }).header, 'Bearer abc123');
    assert.equal(jitbitAuth({ secret: '  bearer abc123 ' }).header, 'Bearer abc123');
    assert.equal(jitbitAuth({ username: '', secret: 'abc123' }).scheme, 'bearer');
  });

  it('lists every form of the secret for redaction', () => {
    const basic = jitbitAuth({ username: 'admin', secret: 'hunter22' });
    assert.ok(basic.secrets.includes('hunter22'));
    assert.ok(basic.secrets.includes(Buffer.from('admin:hunter22').toString('base64')));
    assert.ok(jitbitAuth({ secret: 'Bearer tok-1234' }).secrets.includes('tok-1234'));
  });

  it('refuses what cannot be sent', () => {
    assert.throws(() => jitbitAuth({ secret: '' }), (e: HelpdeskError) => e.kind === 'auth');
    assert.throws(() => jitbitAuth({ secret: 'two words' }), /spaces/);
    assert.throws(() => jitbitAuth({ username: 'a:b', secret: 'x' }), /cannot contain ":"/);
    assert.throws(() => jitbitAuth({ username: 'admin', secret: '' }), /No Jitbit password/);
  });
});

describe('jitbit: addresses', () => {
  it('accepts the address with or without a sub-folder, without trailing slashes', () => {
    assert.equal(normalizeBaseUrl('https://support.example.com'), 'https://support.example.com');
    assert.equal(normalizeBaseUrl(' https://support.example.com/helpdesk/ '), 'https://support.example.com/helpdesk');
    assert.equal(normalizeBaseUrl('http://intranet:8080/it/helpdesk'), 'http://intranet:8080/it/helpdesk');
  });

  it('accepts a pasted API, ticket, list or login address', () => {
    assert.equal(normalizeBaseUrl('https://h.example/helpdesk/api'), 'https://h.example/helpdesk');
    assert.equal(normalizeBaseUrl('https://h.example/helpdesk/api/Tickets'), 'https://h.example/helpdesk');
    assert.equal(normalizeBaseUrl('https://h.example/helpdesk/Ticket/123'), 'https://h.example/helpdesk');
    assert.equal(normalizeBaseUrl('https://h.example/Tickets/'), 'https://h.example');
    assert.equal(normalizeBaseUrl('https://h.example/helpdesk/User/Login'), 'https://h.example/helpdesk');
  });

  it('adds /helpdesk for the hosted service, where the app always lives there', () => {
    assert.equal(normalizeBaseUrl('https://acme.jitbit.com'), 'https://acme.jitbit.com/helpdesk');
    assert.equal(normalizeBaseUrl('https://company.desteksitesi.com/'), 'https://company.desteksitesi.com/helpdesk');
    assert.equal(normalizeBaseUrl('https://company.desteksitesi.com/helpdesk/api'), 'https://company.desteksitesi.com/helpdesk');
  });

  it('says what is wrong with an unusable address', () => {
    const reason = (input: string) => {
      try {
        normalizeBaseUrl(input);
        return 'accepted';
      } catch (error) {
        assert.equal((error as HelpdeskError).kind, 'config');
        return (error as Error).message;
      }
    };
    assert.match(reason(''), /Enter the address/);
    assert.match(reason('support.example.com'), /start it with https:\/\//);
    assert.match(reason('ftp://h.example'), /https:\/\/ or http:\/\//);
    assert.match(reason('https://admin:pw@h.example'), /Remove the user name and password/);
    assert.match(reason('https://h.example/helpdesk?x=1'), /without "\?" or "#"/);
  });

  it('derives the API root and ticket pages', () => {
    assert.equal(apiRoot('https://h.example/helpdesk/'), 'https://h.example/helpdesk/api/');
    assert.equal(apiRoot('https://h.example'), 'https://h.example/api/');
    assert.equal(ticketWebUrl('https://h.example/helpdesk', '42'), 'https://h.example/helpdesk/Ticket/42');
  });
});
