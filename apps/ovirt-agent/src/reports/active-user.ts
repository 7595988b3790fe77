/**
 * active-user: the user of the active logind session on seat0, else of an
 * active seatless (remote) user session, else "None" — not the
 * alphabetically first logged-in user, as the reference reported.
 */
import type { LoginSession, Sessions } from '@ga/guest-os/sessions/types';

export const NO_USER = 'None';

export const isUserSession = (s: LoginSession): boolean => s.class === 'user' || s.class.startsWith('user');

export function activeUserOf(list: readonly LoginSession[]): string {
  const user = list.filter(isUserSession);
  const s = user.find((x) => x.seat === 'seat0' && x.active) ?? user.find((x) => x.active) ?? user.find((x) => x.state !== 'closing');
  return s ? s.user : NO_USER;
}

export async function activeUser(sessions: Sessions): Promise<string> {
  try {
    return activeUserOf(await sessions.list());
  } catch {
    return NO_USER;
  }
}
