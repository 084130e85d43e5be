import { ContainerRegistrationKeys } from "@modlink/core";
import type { FastifyInstance } from "fastify";
import type { AppContainer } from "../app-container.js";
import { type NewProduct, type ProductWithVariants, productRecords } from "../modules/product.js";
import { HttpError } from "./http-error.js";
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
 * its variants, then `remoteLink.delete` cascades over their links); restore
 * (the module restores, then `remoteLink.restore`); list a product's links.
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
    await findProduct(request.scope, id);
    const deleted = await productService.deleteProducts([id]);
    if ((deleted.product_id ?? []).length === 0) {
      throw new HttpError(409, "ALREADY_DELETED", `Product "${id}" is already deleted; restore it with POST /products/${id}/restore.`);
    }
    const cascade = await remoteLink.delete({ product: productRecords(deleted) });
    return { deleted, cascade };
  });

  app.post<{ Params: IdParams }>("/products/:id/restore", { schema: { params: idParams } }, async (request) => {
    const { id } = request.params;
    const productService = request.scope.resolve("product");
    const remoteLink = request.scope.resolve(ContainerRegistrationKeys.REMOTE_LINK);
    await findProduct(request.scope, id);
    const restored = await productService.restoreProducts([id]);
    if ((restored.product_id ?? []).length === 0) {
      throw new HttpError(409, "NOT_DELETED", `Product "${id}" is not deleted; there is nothing to restore.`);
    }
    const cascade = await remoteLink.restore({ product: productRecords(restored) });
    return { restored, cascade };
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

async function findProduct(scope: AppContainer, id: string): Promise<ProductWithVariants> {
  const product = await scope.resolve("product").retrieveProduct(id);
  if (!product) throw new HttpError(404, "NOT_FOUND", `No product "${id}".`);
  return product;
}
