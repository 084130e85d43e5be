import { ContainerRegistrationKeys, type RemoteLink } from "@modlink/core";
import type { FastifyInstance } from "fastify";

/** Querystring of `GET /changes`: strings, checked by `remoteLink.changes` itself. */
const changesQuery = {
  type: "object",
  properties: { after: { type: "string", maxLength: 20 }, limit: { type: "string", pattern: "^[0-9]{1,5}$" } },
  additionalProperties: false,
} as const;

/**
 * `GET /changes?after=<cursor>&limit=<n>`: the link change feed, resumable
 * from the returned cursor; `GET /views/products-per-brand`: the view kept
 * from link events.
 */
export function changeRoutes(app: FastifyInstance): void {
  app.get<{ Querystring: { after?: string; limit?: string } }>("/changes", { schema: { querystring: changesQuery } }, async (request) => {
    const remoteLink: RemoteLink = request.scope.resolve(ContainerRegistrationKeys.REMOTE_LINK);
    const { after, limit } = request.query;
    return remoteLink.changes({ ...(after === undefined ? {} : { after }), ...(limit === undefined ? {} : { limit: Number(limit) }) });
  });

  app.get("/views/products-per-brand", async (request) => ({ brands: await request.scope.resolve("productsPerBrand").counts() }));
}
