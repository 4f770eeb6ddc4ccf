//! A fixed oracle for trying the protocol by hand (see ../README.md). The tests do not use it:
//! they generate their own crate per type set (packages/sdk/src/archive/oracle/rust-source.ts).
use oracle::*;

#[derive(Archive, Serialize, Deserialize)]
#[archive_attr(derive(CheckBytes))]
pub struct Mixed {
    pub a: u8,
    pub b: u64,
    pub c: u16,
}

impl Value for Mixed {
    fn to_json(&self, out: &mut String) {
        out.push('{');
        json::write_key(out, "a");
        self.a.to_json(out);
        out.push(',');
        json::write_key(out, "b");
        self.b.to_json(out);
        out.push(',');
        json::write_key(out, "c");
        self.c.to_json(out);
        out.push('}');
    }
    fn from_json(j: &Json) -> Result<Self, String> {
        Ok(Mixed {
            a: Value::from_json(j.field("a")?)?,
            b: Value::from_json(j.field("b")?)?,
            c: Value::from_json(j.field("c")?)?,
        })
    }
    fn random(r: &mut Rng) -> Self {
        Mixed {
            a: Value::random(r),
            b: Value::random(r),
            c: Value::random(r),
        }
    }
    fn archived_offsets() -> Vec<usize> {
        vec![
            std::mem::offset_of!(ArchivedMixed, a),
            std::mem::offset_of!(ArchivedMixed, b),
            std::mem::offset_of!(ArchivedMixed, c),
        ]
    }
}

static TABLE: Table = &[
    ("Mixed", &Typed::<Mixed>::NEW),
    ("u64", &Typed::<u64>::NEW),
    ("String", &Typed::<String>::NEW),
    ("(u8,u16,u32)", &Typed::<(u8, u16, u32)>::NEW),
    ("Vec<Option<String>>", &Typed::<Vec<Option<String>>>::NEW),
    ("(String,String)", &Typed::<(String, String)>::NEW),
];

fn main() {
    serve(TABLE);
}
