import { ContainerRegistrationKeys } from "@modlink/core";
import type { FastifyInstance } from "fastify";
import type { Knex } from "knex";
import type { AppContainer } from "../app-container.js";
import { type NewProduct, type ProductWithVariants, productRecords } from "../modules/product.js";
import { HttpError } from "./http-error.js";
import { inTransaction } from "../in-transaction.js";
import { type IdParams, type WithDeletedQuery, idParams, wantsDeleted, withDeletedQuery } from "./query.js";

const newProductBody = {
  type: "object",
  properties: {
    title: { type: "string", minLength: 1, maxLength: 200 },
    variants: {
      type: "array",
      maxItems: 100,
      items: {
        type: "object",
        properties: { title: { type: "string", minLength: 1, maxLength: 200 }, sku: { type: "string", maxLength: 100 } },
        required: ["title"],
        additionalProperties: false,
      },
    },
  },
  required: ["title"],
  additionalProperties: false,
} as const;

/**
 * Products: create and list; delete (the module soft-deletes the product and
 * its variants, and `remoteLink.delete` cascades over their links); restore
 * (the module restores, and `remoteLink.restore`); list a product's links.
 * Delete and restore are each one transaction (`inTransaction`): the module
 * change and the cascade commit together, so a failure or a lost connection
 * leaves the product as it was, and sending the request again completes it.
 */
export function productRoutes(app: FastifyInstance): void {
  app.get<{ Querystring: WithDeletedQuery }>("/products", { schema: { querystring: withDeletedQuery } }, async (request) => ({
    products: await request.scope.resolve("product").listProducts({ withDeleted: wantsDeleted(request.query) }),
  }));

  app.post<{ Body: NewProduct }>("/products", { schema: { body: newProductBody } }, async (request, reply) => {
    const product = await request.scope.resolve("product").createProduct(request.body);
    return reply.status(201).send({ product });
  });

  app.get<{ Params: IdParams }>("/products/:id", { schema: { params: idParams } }, async (request) => ({
    product: await findProduct(request.scope, request.params.id),
  }));

  app.delete<{ Params: IdParams }>("/products/:id", { schema: { params: idParams } }, async (request) => {
    const { id } = request.params;
    const productService = request.scope.resolve("product");
    const remoteLink = request.scope.resolve(ContainerRegistrationKeys.REMOTE_LINK);
    return inTransaction(request.scope, async (trx) => {
      await findProduct(request.scope, id, trx);
      const deleted = await productService.deleteProducts([id], trx);
      if ((deleted.product_id ?? []).length === 0) {
        throw new HttpError(409, "ALREADY_DELETED", `Product "${id}" is already deleted; restore it with POST /products/${id}/restore.`);
      }
      const cascade = await remoteLink.delete({ product: productRecords(deleted) }, { transaction: trx });
      return { deleted, cascade };
    });
  });

  app.post<{ Params: IdParams }>("/products/:id/restore", { schema: { params: idParams } }, async (request) => {
    const { id } = request.params;
    const productService = request.scope.resolve("product");
    const remoteLink = request.scope.resolve(ContainerRegistrationKeys.REMOTE_LINK);
    return inTransaction(request.scope, async (trx) => {
      await findProduct(request.scope, id, trx);
      const restored = await productService.restoreProducts([id], trx);
      if ((restored.product_id ?? []).length === 0) {
        throw new HttpError(409, "NOT_DELETED", `Product "${id}" is not deleted; there is nothing to restore.`);
      }
      const cascade = await remoteLink.restore({ product: productRecords(restored) }, { transaction: trx });
      return { restored, cascade };
    });
  });

  app.get<{ Params: IdParams; Querystring: WithDeletedQuery }>(
    "/products/:id/links",
    { schema: { params: idParams, querystring: withDeletedQuery } },
    async (request) => {
      const product = await findProduct(request.scope, request.params.id);
      const remoteLink = request.scope.resolve(ContainerRegistrationKeys.REMOTE_LINK);
      const variantIds = product.variants.map((variant) => variant.id);
      const links = await remoteLink.list(
        [{ product: { product_id: product.id } }, ...(variantIds.length > 0 ? [{ product: { product_variant_id: variantIds } }] : [])],
        { withDeleted: wantsDeleted(request.query) },
      );
      return { links };
    },
  );
}

/** The product or 404; `db`: the request's transaction, when it has one (PGlite's one connection is held by it). */
async function findProduct(scope: AppContainer, id: string, db?: Knex): Promise<ProductWithVariants> {
  const product = await scope.resolve("product").retrieveProduct(id, db);
  if (!product) throw new HttpError(404, "NOT_FOUND", `No product "${id}".`);
  return product;
}
