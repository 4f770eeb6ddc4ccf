import { bridge } from "./bridge";

/** Emits an event `{ source: self, topic, data }` into the call's receipt. */
export function emit(topic: string, data: Uint8Array): void {
  bridge("emit").emit(topic, data);
}

/** Emits a value archived with `codec`. */
export function emitValue<T>(
  topic: string,
  codec: { archive(value: T): Uint8Array },
  value: T,
): void {
  emit(topic, codec.archive(value));
}

/** Streams bytes to the host's feeder callback; an error outside a feeder call. */
export function feed(data: Uint8Array): void {
  bridge("feed").feed(data);
}
