import type { FastifyInstance } from "fastify";
import { HttpError } from "./http-error.js";

/** The parts of a request that reach the database, each with how a client names a place in it. */
const REQUEST_PARTS = [
  { part: "query", where: (path: string) => (path === "" ? "The query string" : `The query parameter "${path}"`) },
  { part: "params", where: (path: string) => (path === "" ? "The path" : `The path parameter "${path}"`) },
  { part: "body", where: (path: string) => (path === "" ? "The body" : `The body at "${path}"`) },
] as const;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Answers 400 INVALID_INPUT, before any route runs, to a request whose query
 * string, path parameters or JSON body (values and keys, at any depth) holds
 * text PostgreSQL cannot store exactly: a NUL character, which it refuses
 * (such requests used to fail with 500), or a lone UTF-16 surrogate, which it
 * would silently store as U+FFFD. One hook for every route, so a route added
 * later is covered too; the message names the parameter or the body path.
 *
 * @example refuseUnstorableText(app) // GET /catalog/products?q=%00 -> 400 INVALID_INPUT
 */
export function refuseUnstorableText(app: FastifyInstance): void {
  app.addHook("preValidation", async (request) => {
    for (const { part, where } of REQUEST_PARTS) {
      const found = findUnstorableText(request[part]);
      if (!found) continue;
      const subject = found.inKey ? `${where(found.path)} has a key that contains` : `${where(found.path)} contains`;
      throw new HttpError(
        400,
        "INVALID_INPUT",
        `${subject} ${found.what}, which the database cannot store; remove it from the text and send the request again.`,
      );
    }
  });
}

/** Unstorable text in a request part: where (`variants[0].title`; for a key, the object holding it) and what. */
export interface UnstorableText {
  readonly path: string;
  readonly inKey: boolean;
  readonly what: string;
}

/**
 * The first string (value or key) of a parsed request part that PostgreSQL
 * cannot store exactly, breadth-first; undefined when there is none.
 * Iterative, so a deeply nested body cannot overflow the stack.
 *
 * @example findUnstorableText({ title: "a\u0000" }) // { path: "title", inKey: false, what: "a NUL character (\\u0000)" }
 */
export function findUnstorableText(value: unknown): UnstorableText | undefined {
  const queue: Array<{ readonly path: string; readonly value: unknown }> = [{ path: "", value }];
  for (let index = 0; index < queue.length; index++) {
    const entry = queue[index];
    if (!entry) break;
    const { path, value: item } = entry;
    if (typeof item === "string") {
      const what = unstorable(item);
      if (what) return { path, inKey: false, what };
    } else if (Array.isArray(item)) {
      item.forEach((element, position) => queue.push({ path: `${path}[${position}]`, value: element }));
    } else if (typeof item === "object" && item !== null) {
      for (const [key, child] of Object.entries(item)) {
        const what = unstorable(key);
        if (what) return { path, inKey: true, what };
        queue.push({ path: path === "" ? key : `${path}.${key}`, value: child });
      }
    }
  }
  return undefined;
}

function unstorable(text: string): string | undefined {
  if (text.includes("\u0000")) return "a NUL character (\\u0000)";
  if (LONE_SURROGATE.test(text)) return "a lone UTF-16 surrogate (half of a character)";
  return undefined;
}
