import { afterAll, beforeAll, expect } from "vitest";
import { type RunningServer, startServer } from "../../src/start-server.js";
import { type ApiClient, apiClient, at } from "./api-client.js";

/** What every test of `httpApiSuite` works with. */
export interface HttpApiContext {
  /** Talks to the running server; usable when tests are registered, called only inside them. */
  readonly api: ApiClient;
  /** The running server, once `beforeAll` has started it. */
  readonly server: RunningServer;
  /** The links of a product, as `GET /products/:id/links` lists them, failing unless it answers 200. */
  linksOf(productId: string, withDeleted?: boolean): Promise<unknown[]>;
}

/**
 * Registers hooks in the caller's describe that start the real server in
 * process, on a free port, for one database URL, and stop it afterwards.
 *
 * @example
 * const { api, linksOf } = useHttpApi(() => "pglite://memory")
 * it("lists a new product's links", async () => {
 *   const created = await api.post("/products", { title: "Lamp" })
 *   expect(await linksOf(stringAt(created.body, "product", "id"))).toEqual([])
 * })
 */
export function useHttpApi(databaseUrl: () => string): HttpApiContext {
  let server: RunningServer | undefined;
  let client: ApiClient | undefined;

  beforeAll(async () => {
    server = await startServer({ databaseUrl: databaseUrl(), port: 0 });
    client = apiClient(server.url);
  });

  afterAll(async () => {
    await server?.close();
  });

  const running = (): ApiClient => {
    if (!client) throw new Error("The sample app is not running: use the API inside a test.");
    return client;
  };
  // Each call goes to the client of the running server, so groups of tests can take `api` when they are registered.
  const api: ApiClient = {
    get: (path) => running().get(path),
    post: (path, body) => running().post(path, body),
    delete: (path, body) => running().delete(path, body),
    raw: (method, path, body, contentType) => running().raw(method, path, body, contentType),
  };

  async function linksOf(productId: string, withDeleted = false) {
    const response = await api.get(`/products/${productId}/links${withDeleted ? "?withDeleted=true" : ""}`);
    expect(response.status).toBe(200);
    const links = at(response.body, "links");
    if (!Array.isArray(links)) throw new Error(`No links in ${response.text}`);
    return links;
  }

  return {
    api,
    get server() {
      if (!server) throw new Error("The sample app is not running: use the server inside a test.");
      return server;
    },
    linksOf,
  };
}
