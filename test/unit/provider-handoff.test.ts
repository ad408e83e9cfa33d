import assert from 'node:assert/strict';
import { HandOff } from '../../src/providers/common/handOff';

describe('providers: the ticket fetch handed from getTicket to listMessages', () => {
  it('hands a fresh value out once, for its own key only, and never after clear() or when stale', () => {
    let now = 0;
    const handOff = new HandOff<string>(15_000, () => now);
    handOff.put('42', 'detail of 42');
    assert.equal(handOff.take('7'), undefined, 'another ticket gets nothing');
    assert.equal(handOff.take('42'), 'detail of 42');
    assert.equal(handOff.take('42'), undefined, 'only once');
    handOff.put('42', 'again');
    handOff.clear();
    assert.equal(handOff.take('42'), undefined, 'a write made it stale');
    handOff.put('42', 'old');
    now = 15_001;
    assert.equal(handOff.take('42'), undefined, 'too old to trust');
  });
});
