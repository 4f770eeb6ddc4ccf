//! The host functions, all imported from module `env` (signatures from the reference).
//! Pointers are offsets into this contract's memory; lengths count argbuf bytes.

#[link(wasm_import_module = "env")]
extern "C" {
    /// Inter-contract call: ≥ 0 the return length, −1 Panic, −2 OutOfGas, −3 DoesNotExist,
    /// i32::MIN Unknown.
    #[link_name = "c"]
    pub fn c(id_ptr: *const u8, name_ptr: *const u8, name_len: u32, arg_len: u32, gas_limit: u64) -> i32;
    #[link_name = "hq"]
    pub fn hq(name_ptr: *const u8, name_len: u32, arg_len: u32) -> u32;
    #[link_name = "hd"]
    pub fn hd(name_ptr: *const u8, name_len: u32) -> u32;
    #[link_name = "emit"]
    pub fn emit(topic_ptr: *const u8, topic_len: u32, arg_len: u32);
    #[link_name = "feed"]
    pub fn feed(arg_len: u32);
    #[link_name = "caller"]
    pub fn caller() -> i32;
    #[link_name = "callstack"]
    pub fn callstack() -> i32;
    #[link_name = "limit"]
    pub fn limit() -> u64;
    #[link_name = "spent"]
    pub fn spent() -> u64;
    #[link_name = "owner"]
    pub fn owner(id_ptr: *const u8) -> i32;
    #[link_name = "self_id"]
    pub fn self_id();
    #[link_name = "panic"]
    pub fn panic(msg_len: u32) -> !;
    #[link_name = "hdebug"]
    pub fn hdebug(msg_len: u32);
}
