// Defect 9 (issue 12): attachment names come from whoever sent the mail. A bidi override
// makes `invoice\u202Efdp.exe` look like `invoiceexe.pdf`; Windows will not create `CON`,
// `nul.txt` or `report.` as named. Names are normalised for display and for the save
// dialog's default name.
import * as assert from 'node:assert/strict';
import type { Message } from '../../src/helpdesk/model';
import { renderBody } from '../../src/helpdesk/render/sanitize';
import { displayFileName, safeFileName } from '../../src/ui/panel/fileNames';
import { messageView } from '../../src/ui/panel/views';

const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

describe('reliability: attachment names (defect 9)', () => {
  it('shows a name without bidi overrides, isolates, marks or control characters', () => {
    assert.equal(displayFileName('invoice\u202Efdp.exe'), 'invoicefdp.exe');
    assert.equal(displayFileName('\u2067photo\u2069\u200F.jpg\u0007'), 'photo.jpg');
    assert.equal(displayFileName('re\u0000port\u200B.pdf'), 'report.pdf');
    assert.equal(displayFileName('Bericht 2024 – Übersicht.pdf'), 'Bericht 2024 – Übersicht.pdf');
    assert.equal(displayFileName('\u202E'), 'attachment');
  });

  it('offers a save name Windows accepts: no reserved device names, trailing dots or spaces', () => {
    assert.equal(safeFileName('invoice\u202Efdp.exe'), 'invoicefdp.exe');
    for (const reserved of ['CON', 'con.txt', 'Nul.tar.gz', 'AUX', 'prn.log', 'COM1', 'com9.ini', 'LPT1', 'lpt9.txt', 'COM\u00b9.txt', 'conin$', 'CONOUT$.x']) {
      const name = safeFileName(reserved);
      assert.ok(!/^(con|prn|aux|nul|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3]|conin\$|conout\$)(\.|$)/i.test(name), `${reserved} → ${name}`);
      assert.ok(name.endsWith(reserved.slice(1)), `${reserved} → ${name} keeps the name recognisable`);
    }
    assert.equal(safeFileName('report.pdf...'), 'report.pdf');
    assert.equal(safeFileName('notes. . .'), 'notes');
    assert.equal(safeFileName('console.log'), 'console.log');
    assert.equal(safeFileName('...'), 'attachment');
    assert.equal(safeFileName('../../etc/passwd'), '_.._etc_passwd');
    assert.ok(!INVISIBLE.test(safeFileName('a\u2066b\u202dc\u0085.txt')));
  });

  it('puts the display name in the panel view of a message', () => {
    const message: Message = {
      id: '1',
      author: { id: '2', name: 'Mallory' },
      createdAt: '2024-01-01T00:00:00Z',
      body: 'see attached',
      format: 'text',
      internal: false,
      attachments: [{ id: 'a', name: 'invoice\u202Efdp.exe', downloadRef: 'a' }],
    };
    const { view } = messageView(message, renderBody, false);
    assert.deepEqual(view.attachments.map((attachment) => attachment.name), ['invoicefdp.exe']);
  });
});
