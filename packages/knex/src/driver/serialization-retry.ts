/**
 * When PostgreSQL picks a transaction as a deadlock victim (40P01), or aborts
 * one because a concurrent one made its result non-serial (40001, possible
 * in a host's serializable transaction), running the same work again is the
 * documented remedy.
 */
const RETRYABLE_CODES = new Set(["40001", "40P01"]);

/** Attempts of one unit of work, the first included. */
export const MAX_ATTEMPTS = 12;

/** True when the error, or an error it wraps, is a serialization failure or deadlock. */
export function isSerializationFailure(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && RETRYABLE_CODES.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** A randomised, growing pause, so two colliding writers do not collide again. */
export function retryPause(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(250, 4 * 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
