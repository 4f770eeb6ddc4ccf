/**
 * Rust out: the Rust declarations of a program's `@archive` types (rkyv 0.7 with piecrust's
 * derive pattern, via the SDK's `rustDeclarations`), one file, so a Rust contract and its
 * TypeScript clients share one source of truth. Plain aliases become `pub type`. The file is
 * `no_std`-friendly (collections from `alloc`) and meant to be a module (`mod types;`).
 */
import { relative } from "node:path";
import {
  isRustDeclError,
  rustDeclarations,
  type NamedDesc,
  type RustDecls,
  type TypeDesc,
} from "@shortcrust/sdk";
import type { Diagnostic } from "../ir/diagnostics";
import { Lowering, lowerType } from "../ir/lower";
import type { IrDecl, IrProgram } from "../ir/types";
import { GENERATED_MARK } from "./printer";

/** The first line of every file this emitter writes (codegen's mark): what codegen may overwrite. */
export const RUST_HEADER = GENERATED_MARK;

/** Derives beyond piecrust's, so contracts can compare, copy and print the values. */
const EXTRA_DERIVES = ["Debug", "Clone", "PartialEq"];

export type RustTypesResult =
  | { readonly text: string; readonly diagnostics?: undefined }
  | { readonly text?: undefined; readonly diagnostics: Diagnostic[] };

function byPlace(a: IrDecl, b: IrDecl): number {
  return (
    a.file.localeCompare(b.file) ||
    a.loc.line - b.loc.line ||
    a.loc.col - b.loc.col ||
    a.id.localeCompare(b.id)
  );
}

/** The Rust module for every declaration of `program`; `root` makes source paths relative. */
export function rustTypesModule(program: IrProgram, root: string): RustTypesResult {
  const decls = [...program.decls.values()].sort(byPlace);
  const lowering = new Lowering(program);
  const named = decls.filter((d) => d.kind !== "alias");
  const roots = named.map((d) => lowering.decl(d.id));
  // Plain aliases (`export type Pair = [u32, u64]`) are the exported names that are no
  // declaration of their own.
  const aliases: { name: string; file: string }[] = [];
  const aliasTargets: TypeDesc[] = [];
  const taken = new Set(named.map((d) => d.tsName));
  for (const file of [...program.files.keys()].sort()) {
    for (const [name, t] of program.files.get(file)!.exports) {
      if (t.kind === "ref" && program.decls.get(t.id)?.tsName === name) continue;
      if (taken.has(name)) {
        return {
          diagnostics: [
            {
              loc: { file, line: 1, col: 1 },
              message: `cannot emit Rust: two types are named ${name}`,
              hint: "Rust output puts every @archive type and alias of the program in one module",
            },
          ],
        };
      }
      taken.add(name);
      aliases.push({ name, file });
      aliasTargets.push(lowerType(program, t));
    }
  }
  // Descriptors are named by declaration id (`Wrapper<u32>`); Rust gets the TypeScript name of
  // the declaration (`Wrapper_u32`: each generic instantiation is its own Rust type).
  const nameOf = (d: NamedDesc): string => program.decls.get(d.name)?.tsName ?? d.name;
  const options = { nameOf, btreeMap: "BTreeMap", extraDerives: EXTRA_DERIVES };

  let rust: RustDecls;
  try {
    rust = rustDeclarations([...roots, ...aliasTargets], options);
    for (const d of rust.order) rust.declaration(d);
  } catch (e) {
    if (!isRustDeclError(e)) throw e;
    return { diagnostics: locate(named, roots, options) };
  }

  const files = [
    ...new Set(
      [...decls.map((d) => d.file), ...aliases.map((a) => a.file)].map((f) => relative(root, f)),
    ),
  ].sort();
  const out = [
    `${RUST_HEADER} from ${files.join(", ") || "no @archive types"}. Do not edit: change the`,
    "// @archive types there and run `shortcrust codegen` again. rkyv 0.7 (features size_32, alloc,",
    "// validation) and bytecheck 0.6, with piecrust's derive pattern; use it as a module.",
    "#![allow(dead_code, non_camel_case_types, non_snake_case, unused_imports)]",
    "",
    "extern crate alloc;",
    "",
    "use alloc::boxed::Box;",
    "use alloc::collections::BTreeMap;",
    "use alloc::string::String;",
    "use alloc::vec::Vec;",
    "use bytecheck::CheckBytes;",
    "use rkyv::{Archive, Deserialize, Serialize};",
    "",
  ];
  for (const d of rust.order) out.push(rust.declaration(d), "");
  aliases.forEach((a, i) => out.push(`pub type ${a.name} = ${rust.expr(aliasTargets[i])};`));
  if (aliases.length) out.push("");
  return { text: out.join("\n") };
}

/** One diagnostic per declaration Rust cannot declare, at the declaration. */
function locate(
  decls: readonly IrDecl[],
  roots: readonly TypeDesc[],
  options: Parameters<typeof rustDeclarations>[1],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  decls.forEach((d, i) => {
    try {
      const one = rustDeclarations([roots[i]], options);
      for (const n of one.order) one.declaration(n);
    } catch (e) {
      if (!isRustDeclError(e)) throw e;
      out.push({
        loc: d.loc,
        message: `cannot emit Rust for ${d.id}: ${e.shortMessage}`,
        hint: e.hint,
      });
    }
  });
  return out;
}
