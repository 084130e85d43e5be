/** One failure fastify's validator (ajv) reports, as much of it as is read here. */
interface ValidationFailure {
  readonly keyword?: unknown;
  readonly instancePath?: unknown;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly message?: unknown;
}

/**
 * A request that failed its schema, in words that name what was wrong:
 * each unknown parameter or field by name, each enum with its values.
 * `where` is fastify's `validationContext` (`querystring`, `body`, ...).
 *
 * @example validationMessage([{ keyword: "additionalProperties", params: { additionalProperty: "colour" } }], "querystring")
 * // 'Unknown querystring parameter "colour". GET / lists each route's parameters.'
 */
export function validationMessage(failures: readonly ValidationFailure[], where: string): string {
  const sentences = failures.map((failure) => {
    const at = typeof failure.instancePath === "string" && failure.instancePath !== "" ? failure.instancePath.slice(1).replace(/\//g, ".") : "";
    const params = failure.params ?? {};
    if (failure.keyword === "additionalProperties") {
      const name = String(params.additionalProperty);
      return at === "" ? `Unknown ${where} parameter "${name}".` : `Unknown field "${name}" in ${where} ${at}.`;
    }
    if (failure.keyword === "enum" && Array.isArray(params.allowedValues)) {
      return `${where} ${at || "value"} must be one of: ${params.allowedValues.map((value) => JSON.stringify(value)).join(", ")}.`;
    }
    return `${where}${at === "" ? "" : ` ${at}`} ${String(failure.message ?? "is invalid")}.`;
  });
  return `${[...new Set(sentences)].join(" ")} GET / lists each route's parameters.`;
}
