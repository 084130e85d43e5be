import type { FastifyInstance } from "fastify";
import type { AppContainer } from "../app-container.js";
import type { BaseRow, NewRow } from "../modules/record-table.js";
import type { SingleModelService } from "../modules/single-model-service.js";
import { HttpError } from "./http-error.js";
import { optionalCount, readFields, requireText } from "./read-fields.js";
import { type IdParams, type WithDeletedQuery, idParams, wantsDeleted, withDeletedQuery } from "./query.js";

/** One collection of a single-model module, e.g. `/brands`. */
export interface CatalogCollection<Row extends BaseRow> {
  readonly path: string;
  /** The JSON property of one record and of the list, e.g. "brand" / "brands". */
  readonly one: string;
  readonly many: string;
  readonly service: (scope: AppContainer) => SingleModelService<Row>;
  /** Validates a create body into the row's own fields. */
  readonly read: (body: unknown) => NewRow<Row>;
}

/**
 * GET/POST routes of the single-model modules: `/brands`, `/customs`
 * (helloModuleService's my_custom) and `/inventory-items`.
 */
export function catalogRoutes(app: FastifyInstance): void {
  collectionRoutes(app, {
    path: "/brands",
    one: "brand",
    many: "brands",
    service: (scope) => scope.resolve("brand"),
    read: (body) => ({ name: requireText(readFields(body, ["name"]), "name") }),
  });
  collectionRoutes(app, {
    path: "/customs",
    one: "custom",
    many: "customs",
    service: (scope) => scope.resolve("helloModuleService"),
    read: (body) => ({ name: requireText(readFields(body, ["name"]), "name") }),
  });
  collectionRoutes(app, {
    path: "/inventory-items",
    one: "inventoryItem",
    many: "inventoryItems",
    service: (scope) => scope.resolve("inventory"),
    read: (body) => {
      const fields = readFields(body, ["sku", "quantity"]);
      return { sku: requireText(fields, "sku"), quantity: optionalCount(fields, "quantity", 0) };
    },
  });
}

function collectionRoutes<Row extends BaseRow>(app: FastifyInstance, collection: CatalogCollection<Row>): void {
  app.get<{ Querystring: WithDeletedQuery }>(collection.path, { schema: { querystring: withDeletedQuery } }, async (request) => ({
    [collection.many]: await collection.service(request.scope).list({ withDeleted: wantsDeleted(request.query) }),
  }));

  app.post<{ Body: unknown }>(collection.path, async (request, reply) => {
    const row = await collection.service(request.scope).create(collection.read(request.body));
    return reply.status(201).send({ [collection.one]: row });
  });

  app.get<{ Params: IdParams }>(`${collection.path}/:id`, { schema: { params: idParams } }, async (request) => {
    const row = await collection.service(request.scope).retrieve(request.params.id);
    if (!row) throw new HttpError(404, "NOT_FOUND", `No ${collection.one} "${request.params.id}".`);
    return { [collection.one]: row };
  });
}
