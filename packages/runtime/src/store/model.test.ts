import fc from "fast-check";
import type { SessionState, StateStore } from "./api";
import { blake3 } from "./hash";
import { memoryStore } from "./open";
import { verifyProof } from "./proof";

// Random programs of writes, deploys, removals, moves, marks, rollbacks and commits, checked
// against a plain Map model: every read agrees, proofs verify, and the root equals the root of
// the same final content written from genesis in one go (roots depend only on content).
type Model = Map<number, { owner: number; records: Map<number, number> }>;

const id = (n: number) => new Uint8Array(32).fill(n);
const key = (k: number) => Uint8Array.of(k, k >> 8);
const val = (v: number) => Uint8Array.of(v & 255, v >> 8);
const ART = new TextEncoder().encode("model artifact");
const meta = (owner: number) => ({ artifactHash: blake3(ART), owner: Uint8Array.of(owner) });

const contract = fc.integer({ min: 1, max: 3 });
const op = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      t: fc.constant("set" as const),
      c: contract,
      k: fc.nat(5),
      v: fc.nat(1000),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ t: fc.constant("del" as const), c: contract, k: fc.nat(5) }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ t: fc.constant("deploy" as const), c: contract, o: fc.nat(3) }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("remove" as const), c: contract }) },
  {
    weight: 1,
    arbitrary: fc.record({ t: fc.constant("move" as const), c: contract, d: contract }),
  },
  { weight: 3, arbitrary: fc.record({ t: fc.constant("mark" as const) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant("rollback" as const), back: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("commit" as const) }) },
);

function clone(m: Model): Model {
  return new Map([...m].map(([c, e]) => [c, { owner: e.owner, records: new Map(e.records) }]));
}

async function rebuild(store: StateStore, m: Model): Promise<Uint8Array> {
  const s = store.checkout(null);
  for (const [c, e] of [...m].reverse()) {
    s.setContract(id(c), meta(e.owner), ART);
    for (const [k, v] of e.records) s.set(id(c), key(k), val(v));
  }
  const root = s.root();
  s.release();
  return root;
}

function check(s: SessionState, m: Model): void {
  const root = s.root();
  for (let c = 1; c <= 3; c++) {
    const e = m.get(c);
    expect(s.contract(id(c))?.owner).toEqual(e === undefined ? undefined : Uint8Array.of(e.owner));
    for (let k = 0; k <= 5; k++) {
      const want = e?.records.get(k);
      expect(s.get(id(c), key(k))).toEqual(want === undefined ? undefined : val(want));
    }
    const p = s.prove(id(c), key(c));
    expect(verifyProof(root, p)).toBe(true);
  }
  expect(s.contractIds()).toEqual([...m.keys()].sort().map(id));
}

it("matches a Map model, and roots depend only on content", async () => {
  const store = await memoryStore();
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 10, maxLength: 60 }), async (ops) => {
      let s = store.checkout(null);
      let model: Model = new Map();
      const marks: { mark: number; model: Model }[] = [];
      for (const o of ops) {
        switch (o.t) {
          case "set":
          case "del": {
            const e = model.get(o.c);
            if (e === undefined) {
              expect(() => s.set(id(o.c), key(o.k), null)).toThrow(/No contract/);
              break;
            }
            s.set(id(o.c), key(o.k), o.t === "set" ? val(o.v) : null);
            if (o.t === "set") e.records.set(o.k, o.v);
            else e.records.delete(o.k);
            break;
          }
          case "deploy": {
            s.setContract(id(o.c), meta(o.o), ART);
            const e = model.get(o.c);
            model.set(o.c, { owner: o.o, records: e?.records ?? new Map() });
            break;
          }
          case "remove":
            s.setContract(id(o.c), null);
            model.delete(o.c);
            break;
          case "move": {
            const e = model.get(o.c);
            if (e === undefined) {
              expect(() => s.moveContract(id(o.c), id(o.d))).toThrow(/No contract/);
              break;
            }
            s.moveContract(id(o.c), id(o.d));
            if (o.c !== o.d) {
              model.delete(o.c);
              model.set(o.d, e);
            }
            break;
          }
          case "mark":
            marks.push({ mark: s.mark(), model: clone(model) });
            break;
          case "rollback": {
            const target = marks.length - 1 - o.back;
            if (target < 0) break;
            const { mark, model: saved } = marks[target];
            marks.length = target;
            s.rollback(mark);
            model = clone(saved);
            break;
          }
          case "commit": {
            const root = await s.commit();
            marks.length = 0; // marks do not survive a commit
            s.release();
            s = store.checkout(root);
            expect(s.root()).toEqual(root);
            break;
          }
        }
      }
      check(s, model);
      expect(s.root()).toEqual(await rebuild(store, model));
      s.release();
    }),
    { numRuns: 300 },
  );
  await store.close();
});
