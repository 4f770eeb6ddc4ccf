/**
 * The one error base class of Shortcrust (after viem's BaseError): a short message a person can
 * read in one line, optional details, and a cause chain. Every typed error in every package
 * extends it, so `isShortcrustError(e)` tells ours from anything else.
 */
export interface ShortcrustErrorOptions {
  /** Longer explanation or context, printed under the short message. */
  details?: string;
  /** What to do about it. */
  hint?: string;
  cause?: unknown;
}

export class ShortcrustError extends Error {
  override name = "ShortcrustError";
  readonly shortMessage: string;
  readonly details: string | undefined;
  readonly hint: string | undefined;

  constructor(shortMessage: string, options: ShortcrustErrorOptions = {}) {
    const lines = [shortMessage];
    if (options.details) lines.push("", `Details: ${options.details}`);
    if (options.hint) lines.push(`Hint: ${options.hint}`);
    super(lines.join("\n"), options.cause === undefined ? undefined : { cause: options.cause });
    this.shortMessage = shortMessage;
    this.details = options.details;
    this.hint = options.hint;
  }

  /** Walks the cause chain and returns the first error `fn` accepts (viem's `walk`). */
  walk(fn: (err: unknown) => boolean): unknown {
    if (fn(this)) return this;
    const seen = new Set<unknown>([this]);
    for (let e: unknown = this.cause; e !== undefined && e !== null && !seen.has(e);) {
      if (fn(e)) return e;
      seen.add(e);
      e = (e as { cause?: unknown }).cause;
    }
    return undefined;
  }
}

export function isShortcrustError(err: unknown): err is ShortcrustError {
  return err instanceof ShortcrustError;
}
