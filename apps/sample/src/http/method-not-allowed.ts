import type { FastifyInstance } from "fastify";

/**
 * Answers a request whose path exists under other methods with 405 and an
 * `Allow` header, and anything else with 404. Routes are collected as they
 * are registered, so call it before registering any.
 *
 * @example answerUnknownRoutes(app); app.post("/links", ...) // PUT /links: 405, Allow: POST, DELETE
 */
export function answerUnknownRoutes(app: FastifyInstance): void {
  const routes: { method: string; path: RegExp }[] = [];
  app.addHook("onRoute", (route) => {
    for (const method of [route.method].flat()) routes.push({ method, path: pathPattern(route.url) });
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?", 1)[0] ?? request.url;
    const allowed = [...new Set(routes.filter((route) => route.path.test(path)).map((route) => route.method))];
    if (allowed.length > 0) {
      return reply
        .status(405)
        .header("allow", allowed.join(", "))
        .send({ error: { code: "METHOD_NOT_ALLOWED", message: `${request.method} is not allowed on ${path}; use ${allowed.join(", ")}.` } });
    }
    return reply.status(404).send({ error: { code: "NOT_FOUND", message: `No route ${request.method} ${request.url}; GET / lists the routes.` } });
  });
}

/** A route's URL (`/products/:id`) as a pattern matching its paths. */
function pathPattern(url: string): RegExp {
  const parts = url.split("/").map((part) => (part.startsWith(":") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  return new RegExp(`^${parts.join("/")}/?$`);
}
