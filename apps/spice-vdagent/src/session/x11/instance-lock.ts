/**
 * One session agent per X display: the systemd user unit and the XDG
 * autostart entry may both start one, and a daemon without session
 * tracking (-X) disables both agents when a second one connects. The lock
 * is an X selection, as ICCCM manager selections do it: free → take it →
 * check we really got it. The X server drops it when we exit.
 */
import { CURRENT_TIME } from './xconn.js';
import type { XConn } from './xconn.js';

export const LOCK_SELECTION = 'SPICE_VDAGENT_SESSION_AGENT';

function owner(x: XConn, atom: number): Promise<number> {
  return new Promise((resolve, reject) => x.raw.GetSelectionOwner(atom, (err: Error | null, o: number) => (err ? reject(err) : resolve(o))));
}

/** True when this process now serves the display. */
export async function lockDisplay(x: XConn): Promise<boolean> {
  const atom = await x.atom(LOCK_SELECTION);
  if ((await owner(x, atom)) !== 0) return false;
  x.raw.SetSelectionOwner(x.window, atom, CURRENT_TIME);
  return (await owner(x, atom)) === x.window;
}
