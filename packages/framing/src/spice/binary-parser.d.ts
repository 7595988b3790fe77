// binary-parser 2.3.0 maps "import" to dist/esm/binary_parser.mjs but ships its
// declarations as binary_parser.d.ts (TypeScript looks for .d.mts), so NodeNext
// resolution finds no types. Point the module at the CJS build's declarations,
// which describe the same API.
declare module 'binary-parser' {
  export * from 'binary-parser/dist/binary_parser.js';
}
