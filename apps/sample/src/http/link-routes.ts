import { ContainerRegistrationKeys, type RemoteLink } from "@modlink/core";
import type { FastifyInstance } from "fastify";
import { appModuleServices } from "../app-container.js";
import { HttpError } from "./http-error.js";
import { namedRecords, readDismissBodies, readLinkBodies, toListInputs } from "./link-body.js";

/**
 * POST /links creates links (the body is RemoteLink.create's input, or an
 * array of them) after checking every named record exists, in one
 * transaction; POST /links/dismiss and DELETE /links dismiss them.
 */
export function linkRoutes(app: FastifyInstance): void {
  app.post<{ Body: unknown }>("/links", async (request, reply) => {
    const bodies = readLinkBodies(request.body);
    // The HTTP body is only known at run time: use RemoteLink's untyped face; it validates everything.
    const remoteLink: RemoteLink = request.scope.resolve(ContainerRegistrationKeys.REMOTE_LINK);
    const knex = request.scope.resolve("knex");
    const services = appModuleServices(request.scope);
    const links = await knex.transaction(async (trx) => {
      await remoteLink.create(bodies, { transaction: trx });
      // After create, so malformed input gets RemoteLink's precise code; the throw rolls the links back.
      const missing: string[] = [];
      for (const { module, key, ids } of namedRecords(bodies)) {
        const service = services[module];
        if (!service) continue;
        for (const id of await service.missingRecords(key, ids, trx)) missing.push(`${module}.${key} "${id}"`);
      }
      if (missing.length > 0) throw new HttpError(404, "NOT_FOUND", `No live record for ${missing.join(", ")}; nothing was linked.`);
      return remoteLink.list(toListInputs(bodies), { transaction: trx });
    });
    return reply.status(201).send({ links });
  });

  const dismiss = (body: unknown, remoteLink: RemoteLink) => remoteLink.dismiss(readDismissBodies(body));
  app.post<{ Body: unknown }>("/links/dismiss", async (request) => dismiss(request.body, request.scope.resolve(ContainerRegistrationKeys.REMOTE_LINK)));
  app.delete<{ Body: unknown }>("/links", async (request) => dismiss(request.body, request.scope.resolve(ContainerRegistrationKeys.REMOTE_LINK)));
}
