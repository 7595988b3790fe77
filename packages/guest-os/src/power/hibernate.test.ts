import { describe, expect, it } from '@jest/globals';
import { fakeRunner, exit } from '../exec/fake-runner.js';
import { hibernateGuest, isHibernateState } from './hibernate.js';

describe('hibernateGuest', () => {
  it('maps disk to systemctl hibernate and mem to systemctl suspend', async () => {
    for (const [state, verb] of [['disk', 'hibernate'], ['mem', 'suspend']] as const) {
      const run = fakeRunner((_f, args) => (args[0] === 'status' ? exit(3) : exit(0)));
      await hibernateGuest(state, { run });
      expect(run.calls.map((c) => [c.file, ...c.args])).toEqual([['systemctl', 'status', state === 'disk' ? 'systemd-hibernate' : 'systemd-suspend'], ['systemctl', verb]]);
    }
  });
  it('knows its states', () => {
    expect([isHibernateState('disk'), isHibernateState('mem'), isHibernateState('freeze'), isHibernateState(1)]).toEqual([true, true, false, false]);
  });
});
