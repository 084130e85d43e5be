import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AppContainer } from "../app-container.js";

declare module "fastify" {
  interface FastifyRequest {
    /** This request's container scope: `request.scope.resolve(ContainerRegistrationKeys.REMOTE_LINK)`. */
    scope: AppContainer;
  }
}

/**
 * Gives every request its own awilix scope, disposed when the response is
 * sent, as `req.scope` in the reference document.
 *
 * @example useRequestScope(app, container)
 */
export function useRequestScope(app: FastifyInstance, container: AppContainer): void {
  const scopes = new WeakMap<FastifyRequest, AppContainer>();
  app.decorateRequest("scope", {
    getter(this: FastifyRequest): AppContainer {
      const scope = scopes.get(this);
      if (!scope) throw new Error("request.scope is made in the onRequest hook; it is not available before it runs.");
      return scope;
    },
  });
  app.addHook("onRequest", async (request) => {
    scopes.set(request, container.createScope());
  });
  app.addHook("onResponse", async (request) => {
    await scopes.get(request)?.dispose();
  });
}
