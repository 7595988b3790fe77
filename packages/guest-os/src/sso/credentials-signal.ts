/**
 * The SSO announcement the greeter plugins of the reference listen for: the
 * service org.ovirt.vdsm.Credentials at /org/ovirt/vdsm/Credentials on the
 * system bus emits UserAuthenticated(token) when credentials wait on the
 * credentials socket (ovirt-guest-agent.md §4.4). The bus policy file the
 * reference ships lets the agent own the name and gdm receive the signal.
 */
import dbus from 'dbus-next';

export const CREDENTIALS_NAME = 'org.ovirt.vdsm.Credentials';
export const CREDENTIALS_PATH = '/org/ovirt/vdsm/Credentials';

class CredentialsIface extends dbus.interface.Interface {
  constructor() {
    super(CREDENTIALS_NAME);
  }
  UserAuthenticated(token: string): string {
    return token;
  }
}
CredentialsIface.configureMembers({ signals: { UserAuthenticated: { signature: 's' } } });

export interface CredentialsAnnouncer {
  announce(token: string): Promise<void>;
  close(): Promise<void>;
}

/** Own the name on the bus at `busAddress` and export the object. Rejects when the bus refuses. */
export async function connectCredentialsAnnouncer(busAddress: string): Promise<CredentialsAnnouncer> {
  const bus = dbus.sessionBus({ busAddress, authMethods: ['EXTERNAL'] });
  bus.on('error', () => undefined);
  const iface = new CredentialsIface();
  try {
    const reply = await bus.requestName(CREDENTIALS_NAME, dbus.NameFlag.DO_NOT_QUEUE);
    if (reply !== dbus.RequestNameReply.PRIMARY_OWNER && reply !== dbus.RequestNameReply.ALREADY_OWNER) {
      throw new Error(`${CREDENTIALS_NAME} is owned by another process`);
    }
    bus.export(CREDENTIALS_PATH, iface);
  } catch (err) {
    bus.disconnect();
    throw new Error(`D-Bus: cannot provide ${CREDENTIALS_NAME}: ${(err as Error).message}`);
  }
  return {
    async announce(token) {
      iface.UserAuthenticated(token);
    },
    async close() {
      bus.disconnect();
    },
  };
}
