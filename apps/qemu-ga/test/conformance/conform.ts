// Runs one scenario against the reference qemu-ga and against our agent, each
// started fresh, and checks that the transcripts are byte-identical (after the
// case's masking of values that change between runs) or differ exactly as an
// entry of intended-differences.ts says.
import { expect } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AgentProcess, checkPrerequisites, type AgentKind } from './agents.js';
import { intendedDifference } from './intended-differences.js';
import { Session } from './session.js';

export interface ConformanceCase {
  /** Unique name; "§8.N ..." for the cases of qemu-ga.md §8. */
  name: string;
  /** Extra agent options (e.g. ['-b', 'guest-exec']). `{scratch}` is replaced by the scratch dir. */
  agentArgs?: readonly string[];
  /** Run the agent with logging stand-ins for shutdown/chpasswd/hwclock (agents.ts FAKED_TOOLS). */
  fakeSystemTools?: boolean;
  /** utmp contents the agent sees (agents.ts AgentOptions.utmp). */
  utmp?: Buffer;
  /** Run with the extra account agents.ts TEST_USER. */
  testUser?: boolean;
  /** Masks values that legitimately change between two runs (counters, times). */
  mask?: (transcript: string) => string;
  /** Prepares the agent's scratch dir before it starts. */
  setup?: (scratch: string) => void | Promise<void>;
  run: (s: Session) => Promise<void>;
}

/** Replaces every integer after one of `keys` by <int>. */
export function maskKeys(...keys: string[]): (t: string) => string {
  const re = new RegExp(`"(${keys.join('|')})": -?\\d+(\\.\\d+)?(e[+-]?\\d+)?`, 'g');
  return (t) => t.replace(re, '"$1": <num>');
}

/** Replaces every number in the transcript by <num> (structure and strings still compared). */
export const maskAllNumbers = (t: string): string => t.replace(/(?<=[:\[,] )-?\d+(\.\d+)?(e[+-]?\d+)?/g, '<num>');

export async function runScenario(kind: AgentKind, c: ConformanceCase): Promise<string> {
  const agent = new AgentProcess(kind, c.agentArgs, { fakeSystemTools: c.fakeSystemTools, utmp: c.utmp, testUser: c.testUser });
  const s = new Session(agent);
  try {
    await c.setup?.(agent.scratch);
    await agent.start();
    await s.open();
    await c.run(s);
    return (c.mask ?? ((t: string) => t))(s.text());
  } catch (e) {
    const err = e as Error;
    err.message = `[${kind} agent] ${err.message}\n--- transcript so far ---\n${s.text()}\n--- agent stderr ---\n${agent.stderr.slice(-2000)}`;
    throw err;
  } finally {
    await s.close();
    await agent.dispose();
  }
}

/** The whole differential check of one case. */
export async function conform(c: ConformanceCase): Promise<void> {
  checkPrerequisites();
  const ref = await runScenario('reference', c);
  const ours = await runScenario('ours', c);
  const dump = process.env.GA_CONFORMANCE_DUMP;
  if (dump) {
    // For people reading the differences: one file per case and agent.
    mkdirSync(dump, { recursive: true });
    const base = join(dump, c.name.replace(/[^\w.-]+/g, '_'));
    writeFileSync(`${base}.reference.txt`, `${ref}\n`);
    writeFileSync(`${base}.ours.txt`, `${ours}\n`);
  }
  const intended = intendedDifference(c.name);
  if (!intended) {
    expect(ours).toBe(ref);
    return;
  }
  expect(intended.normalize(ours)).toBe(intended.normalize(ref));
  // QGA_UNDER_TEST runs the suite against another qemu-ga, which has none of our differences.
  if (!process.env.QGA_UNDER_TEST) expect(ours).toMatch(intended.oursMatches);
}
