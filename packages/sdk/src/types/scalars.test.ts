import type { u8, u16, u64, Vec, Bytes, Option, ContractId } from "./index";

// Type-level checks run by tsc (the project type-checks test files); the runtime assertions
// below pin the value conventions the types promise.
type Equals<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const vecU8IsBytes: Equals<Vec<u8>, Uint8Array> = true;
const vecU16IsArray: Equals<Vec<u16>, u16[]> = true;
const optionIsNullable: Equals<Option<u64>, u64 | null> = true;

describe("scalar types", () => {
  it("describe the archive runtime's values", () => {
    const small: u8 = 200;
    const big: u64 = 1n << 63n;
    const bytes: Bytes<4> = new Uint8Array(4);
    const id: ContractId = new Uint8Array(32);
    const v: Vec<u8> = new Uint8Array([1, 2]);
    expect([small, big, bytes.length, id.length, v.length]).toEqual([200, 1n << 63n, 4, 32, 2]);
    expect([vecU8IsBytes, vecU16IsArray, optionIsNullable]).toEqual([true, true, true]);
  });
});
