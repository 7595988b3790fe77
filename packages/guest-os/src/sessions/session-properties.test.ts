import { describe, expect, it } from '@jest/globals';
import dbus from 'dbus-next';
import { sessionFromProperties, unwrapAll } from './session-properties.js';

const v = (sig: string, value: unknown) => new dbus.Variant(sig, value);

describe('sessionFromProperties', () => {
  it('maps a GetAll reply, structs and the 64-bit timestamp included', () => {
    const props = unwrapAll({
      Id: v('s', '3'), User: v('(uo)', [1000, '/org/freedesktop/login1/user/_1000']), Name: v('s', 'alice'),
      Seat: v('(so)', ['seat0', '/org/freedesktop/login1/seat/seat0']), Type: v('s', 'wayland'), Class: v('s', 'user'),
      State: v('s', 'active'), Active: v('b', true), LockedHint: v('b', false), Remote: v('b', false),
      Display: v('s', ''), TTY: v('s', 'tty2'), Leader: v('u', 1500), Timestamp: v('t', 1_733_000_000_123_456n),
      Extra: v('s', 'ignored'),
    });
    expect(sessionFromProperties(props)).toEqual({
      id: '3', uid: 1000, user: 'alice', seat: 'seat0', type: 'wayland', class: 'user', state: 'active',
      active: true, locked: false, remote: false, display: '', tty: 'tty2', leader: 1500, createdUs: 1_733_000_000_123_456,
    });
  });

  it('reads missing or oddly typed fields as empty values instead of throwing', () => {
    expect(sessionFromProperties(unwrapAll({ Id: v('u', 7), User: v('s', 'x'), Active: v('s', 'yes') }))).toEqual({
      id: '', uid: 0, user: '', seat: '', type: '', class: '', state: '',
      active: false, locked: false, remote: false, display: '', tty: '', leader: 0, createdUs: 0,
    });
    expect(unwrapAll(null)).toEqual({});
    expect(unwrapAll('nope')).toEqual({});
  });
});
