import { ContainerRegistrationKeys, type RemoteLink } from "@modlink/core";
import type { FastifyInstance } from "fastify";
import { HttpError } from "./http-error.js";
import { inTransaction } from "../in-transaction.js";
import { namedRecords, readDismissBodies, readLinkBodies } from "./link-body.js";
import { lockNamedRecords } from "./lock-named-records.js";

/**
 * POST /links creates links (the body is RemoteLink.create's input, or an
 * array of them) in one transaction that first locks every named record
 * that is live, so none can be deleted while its link is made. It answers
 * each link's row with what the call did to it (`outcome`), with 201 when
 * it made or revived a link and 200 when every link existed already. POST
 * /links/dismiss and DELETE /links dismiss them (one `remoteLink.dismiss`,
 * atomic on its own).
 */
export function linkRoutes(app: FastifyInstance): void {
  app.post<{ Body: unknown }>("/links", async (request, reply) => {
    const bodies = readLinkBodies(request.body);
    // The HTTP body is only known at run time: use RemoteLink's untyped face; it validates everything.
    const remoteLink: RemoteLink = request.scope.resolve(ContainerRegistrationKeys.REMOTE_LINK);
    const written = await inTransaction(request.scope, async (trx) => {
      const missing = await lockNamedRecords(request.scope, remoteLink.graph, namedRecords(bodies), trx);
      const created = await remoteLink.create(bodies, { transaction: trx, returnLinks: true });
      // After create, so malformed input gets RemoteLink's precise code; the throw rolls the links back.
      if (missing.length > 0) throw new HttpError(404, "NOT_FOUND", `No live record for ${missing.join(", ")}; nothing was linked.`);
      return created;
    });
    const made = written.some((link) => link.outcome === "created" || link.outcome === "revived");
    return reply.status(made ? 201 : 200).send({ links: written.map((link) => ({ ...link.row, outcome: link.outcome })) });
  });

  const dismiss = (body: unknown, remoteLink: RemoteLink) => remoteLink.dismiss(readDismissBodies(body));
  app.post<{ Body: unknown }>("/links/dismiss", async (request) => dismiss(request.body, request.scope.resolve(ContainerRegistrationKeys.REMOTE_LINK)));
  app.delete<{ Body: unknown }>("/links", async (request) => dismiss(request.body, request.scope.resolve(ContainerRegistrationKeys.REMOTE_LINK)));
}
