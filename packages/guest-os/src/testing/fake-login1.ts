/**
 * The fake logind and private bus of this package's tests, reachable by other
 * packages' end-to-end tests through the exports map
 * (`@ga/guest-os/testing/fake-login1`). Test-only: no agent imports it.
 */
export * from '../../test/sessions/fake-login1.js';
export * from '../../test/sessions/private-bus.js';
