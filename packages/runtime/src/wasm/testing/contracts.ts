/**
 * Hand-written piecrust-ABI contracts in WAT, for the engine's tests and bench (the Rust fixtures
 * cover the same ground once built). Memory: 3 pages, argbuf A at 65536, state from byte 16.
 */
export const HEADER = `
  (memory (export "memory") 3)
  (global (export "A") i32 (i32.const 65536))
`;

/** counter: an i64 at 16, starting at 0xfc. */
export const COUNTER = `(module
  (import "env" "panic" (func $panic (param i32)))
  ${HEADER}
  (data (i32.const 16) "\\fc\\00\\00\\00\\00\\00\\00\\00")
  (func (export "read_value") (param i32) (result i32)
    (i64.store (i32.const 65536) (i64.load (i32.const 16)))
    (i32.const 8))
  (func (export "increment") (param i32) (result i32)
    (i64.store (i32.const 16) (i64.add (i64.load (i32.const 16)) (i64.const 1)))
    (i32.const 0))
  ;; increments, then panics with "Incremental panic" when the argument byte is 1
  (func (export "increment_panic") (param i32) (result i32)
    (i64.store (i32.const 16) (i64.add (i64.load (i32.const 16)) (i64.const 1)))
    (if (i32.load8_u (i32.const 65536))
      (then
        (memory.copy (i32.const 65536) (i32.const 32) (i32.const 17))
        (call $panic (i32.const 17))))
    (i32.const 0))
  (data (i32.const 32) "Incremental panic")
  ;; burns n (u32 argument) loop iterations
  (func (export "spin") (param i32) (result i32) (local $n i32)
    (local.set $n (i32.load (i32.const 65536)))
    (block $out (loop $l
      (br_if $out (i32.eqz (local.get $n)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $l)))
    (i32.const 0))
  ;; appends 64 KiB pages (u32 argument = how many), then traps when the next byte is 1
  (func (export "grow") (param i32) (result i32)
    (drop (memory.grow (i32.load (i32.const 65536))))
    (i32.store (i32.const 24) (memory.size))
    (if (i32.load8_u (i32.const 65540)) (then unreachable))
    (i32.const 0))
  (func (export "size") (param i32) (result i32)
    (i32.store (i32.const 65536) (memory.size))
    (i32.const 4))
)`;

/**
 * callcenter: forwards calls. The argument is `id (32) ‖ u8 name_len ‖ name ‖ u64 gas ‖ arg…`;
 * it calls through `c` and returns `i32 code ‖ bytes`.
 */
export const CALLCENTER = `(module
  (import "env" "c" (func $c (param i32 i32 i32 i32 i64) (result i32)))
  (import "env" "caller" (func $caller (result i32)))
  (import "env" "self_id" (func $self_id))
  (import "env" "callstack" (func $callstack (result i32)))
  (import "env" "emit" (func $emit (param i32 i32 i32)))
  (import "env" "limit" (func $limit (result i64)))
  (import "env" "spent" (func $spent (result i64)))
  ${HEADER}
  (data (i32.const 64) "before")
  (data (i32.const 80) "after")
  (func $forward (param $len i32) (result i32) (local $nl i32) (local $r i32) (local $argat i32)
    ;; copy the header out of the argbuf to 1024
    (memory.copy (i32.const 1024) (i32.const 65536) (local.get $len))
    (local.set $nl (i32.load8_u (i32.const 1056)))
    (local.set $argat (i32.add (i32.const 1065) (local.get $nl)))
    ;; the call's own argument back to the argbuf start
    (memory.copy (i32.const 65536) (local.get $argat)
      (i32.sub (i32.add (i32.const 1024) (local.get $len)) (local.get $argat)))
    (local.set $r (call $c (i32.const 1024) (i32.const 1057) (local.get $nl)
      (i32.sub (i32.add (i32.const 1024) (local.get $len)) (local.get $argat))
      (i64.load (i32.add (i32.const 1057) (local.get $nl)))))
    (if (result i32) (i32.ge_s (local.get $r) (i32.const 0))
      (then
        (memory.copy (i32.const 65540) (i32.const 65536) (local.get $r))
        (i32.store (i32.const 65536) (i32.const 0))
        (i32.add (local.get $r) (i32.const 4)))
      (else
        (i32.store (i32.const 65536) (local.get $r))
        (i32.const 4))))
  (func (export "forward") (param i32) (result i32) (call $forward (local.get 0)))
  ;; forwards, then traps: the call it made must be reverted with it
  (func (export "forward_then_trap") (param i32) (result i32)
    (drop (call $forward (local.get 0))) unreachable)
  ;; emits "before", forwards, emits "after"
  (func (export "forward_with_events") (param $len i32) (result i32) (local $r i32)
    (memory.copy (i32.const 4096) (i32.const 65536) (local.get $len))
    (call $emit (i32.const 64) (i32.const 6) (i32.const 0))
    (memory.copy (i32.const 65536) (i32.const 4096) (local.get $len))
    (local.set $r (call $forward (local.get $len)))
    (memory.copy (i32.const 4096) (i32.const 65536) (local.get $r))
    (call $emit (i32.const 80) (i32.const 5) (i32.const 0))
    (memory.copy (i32.const 65536) (i32.const 4096) (local.get $r))
    (local.get $r))
  (func (export "return_caller") (param i32) (result i32)
    (if (result i32) (call $caller) (then (i32.const 32)) (else (i32.const 0))))
  (func (export "return_self_id") (param i32) (result i32) (call $self_id) (i32.const 32))
  (func (export "return_callstack") (param i32) (result i32)
    (i32.mul (call $callstack) (i32.const 32)))
  (func (export "limit_and_spent") (param i32) (result i32)
    (i64.store (i32.const 65536) (call $limit))
    (i64.store (i32.const 65544) (call $spent))
    (i32.const 16))
)`;

/** Hostile modules: each must be refused or end in a typed error. */
export const INFINITE_LOOP = `(module ${HEADER}
  (func (export "run") (param i32) (result i32) (loop $l (br $l)) (i32.const 0)))`;
export const BAD_EXPORT = `(module ${HEADER}
  (func (export "run") (param i64) (result i64) (local.get 0)))`;
export const UNKNOWN_IMPORT = `(module
  (import "env" "steal_keys" (func (param i32) (result i32)))
  ${HEADER}
  (func (export "run") (param i32) (result i32) (i32.const 0)))`;
export const NO_ARGBUF = `(module (memory (export "memory") 3)
  (func (export "run") (param i32) (result i32) (i32.const 0)))`;
export const ARGBUF_TOO_HIGH = `(module (memory (export "memory") 1)
  (global (export "A") i32 (i32.const 16))
  (func (export "run") (param i32) (result i32) (i32.const 0)))`;

/** Host imports: events, metadata, feeds, owner, host queries, debug output. */
export const HOSTY = `(module
  (import "env" "emit" (func $emit (param i32 i32 i32)))
  (import "env" "hd" (func $hd (param i32 i32) (result i32)))
  (import "env" "feed" (func $feed (param i32)))
  (import "env" "owner" (func $owner (param i32) (result i32)))
  (import "env" "hq" (func $hq (param i32 i32 i32) (result i32)))
  (import "env" "hdebug" (func $hdebug (param i32)))
  ${HEADER}
  (data (i32.const 64) "number")
  (data (i32.const 80) "hello")
  ;; emits u32 n events "number" with data i (u32 LE)
  (func (export "emit_events") (param i32) (result i32) (local $n i32) (local $i i32)
    (local.set $n (i32.load (i32.const 65536)))
    (block $out (loop $l
      (br_if $out (i32.ge_u (local.get $i) (local.get $n)))
      (i32.store (i32.const 65536) (local.get $i))
      (call $emit (i32.const 64) (i32.const 6) (i32.const 4))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l)))
    (i32.const 0))
  ;; emits the argument as one event's data
  (func (export "emit_raw") (param i32) (result i32)
    (call $emit (i32.const 64) (i32.const 6) (local.get 0)) (i32.const 0))
  ;; metadata entry named by the argument
  (func (export "meta") (param $len i32) (result i32)
    (memory.copy (i32.const 1024) (i32.const 65536) (local.get $len))
    (call $hd (i32.const 1024) (local.get $len)))
  (func (export "feed3") (param i32) (result i32)
    (i32.store (i32.const 65536) (i32.const 1)) (call $feed (i32.const 4))
    (i32.store (i32.const 65536) (i32.const 2)) (call $feed (i32.const 4))
    (i32.store (i32.const 65536) (i32.const 3)) (call $feed (i32.const 4))
    (i32.const 0))
  ;; owner of the 32-byte id in the argument, or of self when the argument is empty
  (func (export "owner_of") (param $len i32) (result i32)
    (memory.copy (i32.const 1024) (i32.const 65536) (i32.const 32))
    (call $owner (select (i32.const 1024) (i32.const 0) (local.get $len))))
  ;; host query: u8 name_len ‖ name ‖ argument
  (func (export "query") (param $len i32) (result i32) (local $nl i32)
    (memory.copy (i32.const 1024) (i32.const 65536) (local.get $len))
    (local.set $nl (i32.load8_u (i32.const 1024)))
    (memory.copy (i32.const 65536) (i32.add (i32.const 1025) (local.get $nl))
      (i32.sub (local.get $len) (i32.add (i32.const 1) (local.get $nl))))
    (call $hq (i32.const 1025) (local.get $nl)
      (i32.sub (local.get $len) (i32.add (i32.const 1) (local.get $nl)))))
  (func (export "debug") (param i32) (result i32)
    (memory.copy (i32.const 65536) (i32.const 80) (i32.const 5))
    (call $hdebug (i32.const 5)) (i32.const 0))
  ;; grows until memory.grow fails, then keeps looping
  (func (export "bomb") (param i32) (result i32)
    (loop $l (drop (memory.grow (i32.const 16))) (br $l)) (i32.const 0))
)`;

/** initializer: `init` stores its argument byte as the value (0x10 without one). */
export const INITIALIZER = `(module ${HEADER}
  (func (export "init") (param $len i32) (result i32)
    (i32.store8 (i32.const 16)
      (select (i32.load8_u (i32.const 65536)) (i32.const 0x10) (local.get $len)))
    (i32.const 0))
  (func (export "read_value") (param i32) (result i32)
    (i32.store8 (i32.const 65536) (i32.load8_u (i32.const 16))) (i32.const 1))
  (func (export "increment") (param i32) (result i32)
    (i32.store8 (i32.const 16) (i32.add (i32.load8_u (i32.const 16)) (i32.const 1))) (i32.const 0)))`;

/**
 * crossover: a value at 16. \`set_then_call\`: sets the value to the u8 argument[0], then calls
 * back the contract at argument[1..33] with \`forward\`-style bytes argument[33..], returning the c
 * code. \`set\`: sets the value. \`set_and_panic\`: sets the value, then panics.
 */
export const CROSSOVER = `(module
  (import "env" "c" (func $c (param i32 i32 i32 i32 i64) (result i32)))
  (import "env" "panic" (func $panic (param i32)))
  ${HEADER}
  (data (i32.const 32) "set_and_call_back")
  (data (i32.const 64) "set")
  (func (export "value") (param i32) (result i32)
    (i32.store8 (i32.const 65536) (i32.load8_u (i32.const 16))) (i32.const 1))
  (func (export "set") (param i32) (result i32)
    (i32.store8 (i32.const 16) (i32.load8_u (i32.const 65536))) (i32.const 0))
  ;; arg: u8 mine ‖ u8 theirs ‖ u8 back ‖ other id (32); sets mine, calls other.set_and_call_back
  ;; (theirs ‖ back ‖ my id), then sets mine again + 1; returns the code
  (func (export "run") (param i32) (result i32) (local $r i32)
    (memory.copy (i32.const 1024) (i32.const 65536) (i32.const 35))
    (i32.store8 (i32.const 16) (i32.load8_u (i32.const 1024)))
    (i32.store8 (i32.const 65536) (i32.load8_u (i32.const 1025)))
    (i32.store8 (i32.const 65537) (i32.load8_u (i32.const 1026)))
    (memory.copy (i32.const 65538) (i32.const 2048) (i32.const 32))
    (local.set $r (call $c (i32.const 1027) (i32.const 32) (i32.const 17) (i32.const 34) (i64.const 0)))
    (i32.store8 (i32.const 16) (i32.add (i32.load8_u (i32.const 16)) (i32.const 1)))
    (i32.store (i32.const 65536) (local.get $r)) (i32.const 4))
  ;; arg: u8 theirs ‖ u8 back ‖ caller id; sets theirs, calls caller.set(back), then panics
  (func (export "set_and_call_back") (param i32) (result i32)
    (memory.copy (i32.const 1024) (i32.const 65536) (i32.const 34))
    (i32.store8 (i32.const 16) (i32.load8_u (i32.const 1024)))
    (i32.store8 (i32.const 65536) (i32.load8_u (i32.const 1025)))
    (drop (call $c (i32.const 1026) (i32.const 64) (i32.const 3) (i32.const 1) (i64.const 0)))
    (call $panic (i32.const 0)) (i32.const 0))
  ;; its own id, written once by the host test through set_id
  (func (export "set_id") (param i32) (result i32)
    (memory.copy (i32.const 2048) (i32.const 65536) (i32.const 32)) (i32.const 0)))`;

/**
 * deep: `down(u32 n)` calls itself (through `c`) until n = 0 and returns the depth it reached,
 * or, when a call fails, `0x8000_0000 | code`.
 */
export const DEEP = `(module
  (import "env" "c" (func $c (param i32 i32 i32 i32 i64) (result i32)))
  (import "env" "self_id" (func $self_id))
  ${HEADER}
  (data (i32.const 64) "down")
  (func (export "down") (param i32) (result i32) (local $n i32) (local $r i32)
    (local.set $n (i32.load (i32.const 65536)))
    (if (i32.eqz (local.get $n)) (then (i32.store (i32.const 65536) (i32.const 1)) (return (i32.const 4))))
    (call $self_id)
    (memory.copy (i32.const 1024) (i32.const 65536) (i32.const 32))
    (i32.store (i32.const 65536) (i32.sub (local.get $n) (i32.const 1)))
    (local.set $r (call $c (i32.const 1024) (i32.const 64) (i32.const 4) (i32.const 4) (i64.const 0)))
    (if (i32.lt_s (local.get $r) (i32.const 0))
      (then (i32.store (i32.const 65536) (i32.or (i32.const 0x80000000) (i32.and (local.get $r) (i32.const 0xff)))))
      (else (if (i32.eqz (i32.and (i32.load (i32.const 65536)) (i32.const 0x80000000)))
        (then (i32.store (i32.const 65536) (i32.add (i32.load (i32.const 65536)) (i32.const 1)))))))
    (i32.const 4)))`;
