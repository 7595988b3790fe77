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
- **Command timeouts.** Information commands (\`guest-get-*\`, \`guest-network-get-*\`) that have
  not finished after ${DEFAULT_INFO_TIMEOUT_SEC} s (\`--command-timeout\`, 0 = never) are answered with an error so the
  queue keeps moving; their work is abandoned. Commands with side effects are never cut short.
- **Frozen state.** While frozen only the commands marked "works while frozen" run; the
  \`qga.state.isfrozen\` marker in the state directory makes a restarted agent start frozen.
  Nothing is logged while frozen: log lines are kept in memory and written after the thaw.
  \`--fsfreeze-timeout\` (off by default) thaws automatically.
- **Signals.** SIGTERM/SIGINT stop the agent cleanly. If filesystems are frozen, the agent thaws
  them first (qemu-ga on Linux ignores the signals while frozen; we prefer never to leave a guest
  frozen behind a stopped agent). If the thaw fails the marker stays.
- **Logging.** stderr with sd-daemon \`<N>\` priority prefixes (journald), or the \`-l\` file.
  Passwords, file contents, request payloads and exec environments are never logged, not even
  with \`-v\`.
- **Daemon.** \`-d\` re-executes the agent detached (new session, cwd \`/\`, umask 077) and waits
  until it has claimed the pidfile and opened its channel; startup errors are reported by the
  parent with exit status 1.
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
