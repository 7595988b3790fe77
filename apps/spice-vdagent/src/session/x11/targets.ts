/**
 * X selection targets <-> VDAgent clipboard types, as spice-vdagent 0.22.1's
 * clipboard.c maps them. The original converts nothing: data passes through
 * byte for byte, and a reply whose type maps to another VDAgent type than
 * the one requested is refused. Names compare case-insensitively.
 */

export const CLIPBOARD_TYPE = { NONE: 0, UTF8_TEXT: 1, IMAGE_PNG: 2, IMAGE_BMP: 3, IMAGE_TIFF: 4, IMAGE_JPG: 5 } as const;

/** In the original's order: for a given type the first name is what we prefer to ask an owner for. */
export const TARGETS: readonly { type: number; name: string }[] = [
  { type: CLIPBOARD_TYPE.UTF8_TEXT, name: 'UTF8_STRING' },
  { type: CLIPBOARD_TYPE.UTF8_TEXT, name: 'text/plain;charset=utf-8' },
  { type: CLIPBOARD_TYPE.UTF8_TEXT, name: 'STRING' },
  { type: CLIPBOARD_TYPE.UTF8_TEXT, name: 'TEXT' },
  { type: CLIPBOARD_TYPE.UTF8_TEXT, name: 'text/plain' },
  { type: CLIPBOARD_TYPE.IMAGE_PNG, name: 'image/png' },
  { type: CLIPBOARD_TYPE.IMAGE_BMP, name: 'image/bmp' },
  { type: CLIPBOARD_TYPE.IMAGE_BMP, name: 'image/x-bmp' },
  { type: CLIPBOARD_TYPE.IMAGE_BMP, name: 'image/x-MS-bmp' },
  { type: CLIPBOARD_TYPE.IMAGE_BMP, name: 'image/x-win-bitmap' },
  { type: CLIPBOARD_TYPE.IMAGE_TIFF, name: 'image/tiff' },
  { type: CLIPBOARD_TYPE.IMAGE_JPG, name: 'image/jpeg' },
];

/** The VDAgent type of a target name, NONE when unmapped. */
export function typeOfTarget(name: string): number {
  const lower = name.toLowerCase();
  return TARGETS.find((t) => t.name.toLowerCase() === lower)?.type ?? CLIPBOARD_TYPE.NONE;
}

/**
 * From an owner's TARGETS list: the types we can announce (each once, in the
 * owner's order) and, per type, the target name to convert to — the one the
 * table prefers (UTF8_STRING before a Latin-1 STRING), where the original
 * took the owner's first.
 */
export function typesFromTargets(names: readonly string[]): { types: number[]; target: Map<number, string> } {
  const types: number[] = [];
  const target = new Map<number, string>();
  const rank = (n: string) => TARGETS.findIndex((t) => t.name.toLowerCase() === n.toLowerCase());
  for (const n of names) {
    const type = typeOfTarget(n);
    if (type === CLIPBOARD_TYPE.NONE) continue;
    const held = target.get(type);
    if (held === undefined) types.push(type);
    if (held === undefined || rank(n) < rank(held)) target.set(type, n);
  }
  return { types, target };
}

/** The target names we offer to guest apps for the types a client grabbed with. */
export function targetsForTypes(types: readonly number[]): string[] {
  return TARGETS.filter((t) => types.includes(t.type)).map((t) => t.name);
}
