/**
 * login (SSO): `username` ("user@domain" when the engine had a domain) and
 * `password`, handed to the credentials channel. The password is never
 * logged; the message's copy is dropped from the object at once.
 */
import type { OvirtMessage } from '@ga/framing/newline-json';
import type { AgentContext } from '../agent.js';

export function login(ctx: AgentContext, msg: OvirtMessage): void {
  const { log, actions } = ctx.deps;
  const username = msg.username;
  const password = msg.password;
  delete msg.password;
  if (typeof username !== 'string' || typeof password !== 'string') {
    log.warn('login: ignored, username and password must both be strings');
    return;
  }
  log.info(`login: single sign-on for ${JSON.stringify(username)}`);
  ctx.track(actions.login(username, password).catch((err: Error) => log.error(`login failed: ${err.message}`)));
}
