/**
 * Renders docs/commands.md from the command table and the option table, so
 * the manual can never drift from what the agent does (a unit test compares
 * the committed file with this output; regenerate with `npm run gen-docs`).
 */
import { OPTIONS } from '../cli/options.js';
import { DEFAULT_INFO_TIMEOUT_SEC } from '../dispatch/timeouts.js';
import { AGENT_VERSION } from '../dispatch/policy.js';
import { commands } from '../schema/commands.js';
import type { CommandDef } from '../schema/commands.js';
import type { AnyType, EnumType, ListType, OptType, StructType, AltType } from '../schema/dsl.js';

type Named = StructType<Record<string, AnyType>> | EnumType<string> | AltType<readonly AnyType[]>;

/** Short spelling of a type; named types are collected for the Types section. */
function typeName(t: AnyType, named: Map<string, Named>): string {
  switch (t.kind) {
    case 'str':
      return t.typeName === 'base64' ? 'string (base64)' : 'string';
    case 'int':
      return 'int';
    case 'int64':
      return 'int (64-bit)';
    case 'uint64':
      return 'uint64';
    case 'bool':
      return 'bool';
    case 'num':
      return 'number';
    case 'any':
      return 'any';
    case 'none':
      return '`{}`';
    case 'list':
      return `[${typeName((t as ListType<AnyType>).of, named)}]`;
    case 'opt':
      return typeName((t as OptType<AnyType>).of, named);
    case 'enum':
    case 'alt':
    case 'struct': {
      const n = t.typeName ?? '?';
      if (!named.has(n)) {
        named.set(n, t as Named);
        if (t.kind === 'struct') for (const f of Object.values((t as StructType<Record<string, AnyType>>).fields)) typeName(f, named);
        if (t.kind === 'alt') for (const b of (t as AltType<readonly AnyType[]>).branches) typeName(b, named);
      }
      return `[${n}](#${n.toLowerCase()})`;
    }
  }
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function renderCommand(def: CommandDef, named: Map<string, Named>): string[] {
  const flags = [`since ${def.since}`];
  if (def.when) flags.push(`only on ${def.when.join(', ')} (not built on Linux)`);
  if (def.allowedWhileFrozen) flags.push('works while frozen');
  if (!def.successResponse) flags.push('no reply on success');
  const out = [`### ${def.name}`, '', `_${flags.join(' · ')}_`, '', def.doc, ''];
  const fields = Object.entries(def.args.fields);
  if (fields.length === 0) out.push('Arguments: none.', '');
  else {
    out.push('| argument | type | required | notes |', '|---|---|---|---|');
    const notes = (def.argDocs ?? {}) as Record<string, string | undefined>;
    for (const [name, t] of fields) {
      out.push(`| \`${name}\` | ${typeName(t, named)} | ${t.kind === 'opt' ? 'no' : 'yes'} | ${cell(notes[name] ?? '')} |`);
    }
    out.push('');
  }
  out.push(`Returns: ${typeName(def.returns, named)}`, '');
  return out;
}

function renderType(name: string, t: Named, named: Map<string, Named>): string[] {
  const out = [`### ${name}`, ''];
  if (t.kind === 'enum') out.push(`Enum: ${(t as EnumType<string>).values.map((v) => `\`"${v}"\``).join(', ')}`, '');
  else if (t.kind === 'alt') {
    out.push(`One of: ${(t as AltType<readonly AnyType[]>).branches.map((b) => typeName(b, named)).join(' or ')}`, '');
  } else {
    const fields = Object.entries((t as StructType<Record<string, AnyType>>).fields);
    if (fields.length === 0) out.push('No members.', '');
    else {
      out.push('| member | type | always present |', '|---|---|---|');
      for (const [f, ft] of fields) out.push(`| \`${f}\` | ${typeName(ft, named)} | ${ft.kind === 'opt' ? 'no' : 'yes'} |`);
      out.push('');
    }
  }
  return out;
}

function renderOptions(): string[] {
  const out = ['| option | config key | meaning |', '|---|---|---|'];
  for (const o of OPTIONS.filter((x) => !x.hidden)) {
    const arg = o.arg === 'none' ? '' : o.arg === 'optional' ? `[=${o.argName}]` : ` ${o.argName}`;
    const names = o.short ? `\`-${o.short}\`, \`--${o.long}${arg}\`` : `\`--${o.long}${arg}\``;
    out.push(`| ${names} | ${o.configKey ? `\`${o.configKey}\`` : ''} | ${cell(o.help)} |`);
  }
  return [...out, ''];
}

const BEHAVIOUR = `## Behaviour notes

- **Wire format.** Requests are JSON objects on a byte stream, no delimiter needed; each reply
  is one JSON object and a \`\\n\`, ASCII only, with qemu-ga's spelling. \`guest-sync-delimited\`
  replies are preceded by a raw 0xFF byte. Replies come strictly in request order.
- **Parser reset per client.** On unix-listen and vsock-listen the JSON parser is reset when a
  client connects, so a half request left by a departed client does not garble the next one
  (qemu-ga keeps one parser for the agent's lifetime). On virtio-serial and isa-serial the stream
  has no sessions; hosts reset it with 0xFF or a control character, as for qemu-ga.
- **Command timeouts.** When an information command (\`guest-get-*\`, \`guest-network-get-*\`) has
  not finished after ${DEFAULT_INFO_TIMEOUT_SEC} s (\`--command-timeout\`, 0 = never), later requests are served
  instead of waiting behind it; no error is made up. Its real answer is sent when it comes if
  nothing else was answered meanwhile (a host still waiting, libvirt with a blocking timeout, gets
  qemu-ga's answer), and dropped otherwise (a host that moved on re-syncs, as libvirt does after its
  own 5 s timeout, and would misread a late reply). Commands with side effects are never cut short.
- **Frozen state.** While frozen only the commands marked "works while frozen" run; the
  \`qga.state.isfrozen\` marker in the state directory makes a restarted agent start frozen.
  Nothing is logged while frozen: log lines are kept in memory and written after the thaw.
  \`--fsfreeze-timeout\` (off by default) thaws automatically.
- **Signals.** SIGTERM/SIGINT stop the agent cleanly. If filesystems are frozen, the agent thaws
  them first (qemu-ga on Linux ignores the signals while frozen; we prefer never to leave a guest
  frozen behind a stopped agent). If the thaw fails the marker stays. SIGUSR1 ends the agent as it
  ends qemu-ga (it never opens Node's inspector); signals the launcher found ignored (SIGHUP
  under \`nohup\`) stay ignored. The process shows as \`qemu-ga\` in ps, pidof and pgrep.
- **Logging.** As qemu-ga: what commands do ("guest-ping called", "guest-exec called: ...") goes
  to syslog (/dev/log; \`GA_SYSLOG_SOCKET\` names another socket), whether or not \`-d\` is given;
  stderr or the \`-l\` file gets errors only, as \`<unix-time.µs>: <level>: <text>\`, or with
  sd-daemon \`<N>\` prefixes when stderr is the journal. \`-v\` adds everything, including what
  was read ("read data, count: N, data: ...", the first 4 KiB of a chunk) and "sending data" —
  but never the value of a "password" member. A \`-l\` file that cannot be opened is a start-up
  error. A syslog line is dropped rather than block the agent when the syslog daemon is stalled.
- **Daemon.** \`-d\` re-executes the agent detached (new session, cwd \`/\`, umask 077) and waits
  until it has claimed the pidfile and opened its channel; startup errors are reported by the
  parent with exit status 1 (qemu-ga's parent exits 0 at once). \`-s\` is accepted and ignored,
  as qemu-ga on Linux. \`-a\` with \`-b\` together is accepted as QEMU >= 9.1 does (the block-list
  applies on top), so a config file written by \`-D\` always loads; \`blacklist=\` and
  \`--blacklist\` work with a deprecation warning.
`;

/** The whole of docs/commands.md. */
export function renderCommandsDoc(): string {
  const named = new Map<string, Named>();
  const defs = Object.values(commands) as CommandDef[];
  const cmds = defs.flatMap((d) => renderCommand(d, named));
  const types = [...named.entries()].sort(([a], [b]) => a.localeCompare(b)).flatMap(([n, t]) => renderType(n, t, named));
  return [
    '<!-- Generated by `npm run gen-docs` from src/schema and src/cli/options.ts: do not edit. -->',
    '# qemu-ga (TypeScript) — commands and options',
    '',
    `Protocol level: QEMU guest agent schema ${AGENT_VERSION} (\`guest-info\` reports it as \`version\`).`,
    `Linux build: ${defs.filter((d) => !d.when).length} of the schema's ${defs.length} commands.`,
    '',
    BEHAVIOUR,
    '## Command-line options',
    '',
    'Config file: `[general]` group of `$QGA_CONF`, `-c PATH`, or `/etc/qemu/qemu-ga.conf`; the command',
    'line overrides it and RPC lists accumulate. `-a` and `-b` cannot be combined.',
    '',
    ...renderOptions(),
    '## Commands',
    '',
    ...cmds,
    '## Types',
    '',
    ...types,
  ].join('\n');
}
