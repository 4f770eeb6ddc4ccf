import fc from "fast-check";
import { codec } from "./codec";
import { typedValueArb } from "./testing/arbitrary";
import { touchView } from "./testing/views";

describe("archive properties", () => {
  it("deserialize(archive(x)) equals x for random types and values", () => {
    fc.assert(
      fc.property(typedValueArb(3), ({ desc, value }) => {
        const k = codec(desc);
        const bytes = k.archive(value);
        expect(bytes.length % k.align === 0 || k.size === 0).toBe(true);
        const back = k.deserialize(bytes);
        expect(back).toEqual(value);
        expect(k.toJson(back)).toEqual(k.toJson(value));
        // The JSON text form round-trips (JSON itself loses -0, so compare text).
        const text = JSON.stringify(k.toJson(value));
        expect(JSON.stringify(k.toJson(k.fromJson(JSON.parse(text))))).toBe(text);
        // Deterministic and canonical: archiving again gives the same bytes.
        expect(k.archive(back)).toEqual(bytes);
        touchView(k.access(bytes));
      }),
      { numRuns: 1000 },
    );
  });
});
