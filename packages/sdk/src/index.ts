// The public surface of @shortcrust/sdk. Explicit named exports only: index.test.ts pins the list.

// --- errors ---
export { ShortcrustError, isShortcrustError } from "./errors";
export type { ShortcrustErrorOptions } from "./errors";

// --- archive (rkyv 0.7 format) ---
export type {
  TypeDesc,
  FieldDesc,
  VariantDesc,
  PrimitiveKind,
  IntegerKind,
  TypeKind,
} from "./archive/descriptor";

// --- scalar types (the codegen input language) ---

// --- contract-side API ---
