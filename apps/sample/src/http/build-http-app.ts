import Fastify, { type FastifyInstance } from "fastify";
import type { AppContainer } from "../app-container.js";
import { catalogRoutes } from "./catalog-routes.js";
import { changeRoutes } from "./change-routes.js";
import { toErrorReply } from "./error-reply.js";
import { linkRoutes } from "./link-routes.js";
import { answerUnknownRoutes } from "./method-not-allowed.js";
import { listingRoutes } from "./listing-routes.js";
import { productRoutes } from "./product-routes.js";
import { refuseUnstorableText } from "./refuse-unstorable-text.js";
import { useRequestScope } from "./request-scope.js";

export interface HttpAppOptions {
  /** Fastify's request log. Default off. */
  readonly logger?: boolean;
}

/** The routes, for `GET /`. */
const ROUTES = [
  "GET    /health",
  "GET    /products[?withDeleted=true]",
  "POST   /products            { title, variants?: [{ title, sku? }] }",
  "GET    /products/:id",
  "DELETE /products/:id        one transaction: module delete and remoteLink.delete (cascade)",
  "POST   /products/:id/restore one transaction: module restore and remoteLink.restore",
  "GET    /products/:id/links[?withDeleted=true]",
  "GET    /brands | /customs | /inventory-items [?withDeleted=true]",
  "POST   /brands { name } | /customs { name } | /inventory-items { sku, quantity? }",
  "POST   /links               remoteLink.create input (or an array); named records are locked while linked; " +
    "answers each link's row and outcome, 201 if one was made, 200 if all existed",
  "POST   /links/dismiss       remoteLink.dismiss input (also DELETE /links)",
  "GET    /catalog/products    query.graph: ?fields=id,title,brand.name,my_custom.name,my_custom.link.metadata" +
    "&brand=<name>&q=<title text>&order=brand.name,-title&skip=&take=&withDeleted=",
  "GET    /catalog/brands      query.graph: ?fields=id,name,products.title&q=<name text>&order=&skip=&take=&withDeleted=",
  "GET    /changes             the link change feed: ?after=<cursor>&limit=<1..10000>; answers { changes, cursor }",
  "GET    /views/products-per-brand  a view kept up to date from link events (after commit)",
] as const;

/**
 * The fastify app: a container scope per request, text the database cannot
 * store refused up front, the routes, and one error handler that answers
 * every failure as `{ error: { code, message } }`.
 *
 * @example const app = buildHttpApp(container); await app.listen({ port: 0 })
 */
export function buildHttpApp(container: AppContainer, options: HttpAppOptions = {}): FastifyInstance {
  const app = Fastify({
    logger: options.logger ?? false,
    // Reject rather than silently fix: no type coercion, no dropped fields.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: true } },
  });
  useRequestScope(app, container);
  refuseUnstorableText(app);

  app.setErrorHandler((error, request, reply) => {
    const { status, body } = toErrorReply(error);
    if (status >= 500) console.error(`[sample-app] ${request.method} ${request.url} failed:`, error);
    return reply.status(status).send(body);
  });
  answerUnknownRoutes(app);

  app.get("/", async () => ({ name: "modlink sample app", routes: ROUTES }));
  app.get("/health", async () => ({ ok: true }));
  productRoutes(app);
  catalogRoutes(app);
  linkRoutes(app);
  listingRoutes(app);
  changeRoutes(app);
  return app;
}
