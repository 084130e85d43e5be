/** A response of the sample app: status and parsed JSON body. */
export interface ApiResponse {
  readonly status: number;
  readonly body: unknown;
  /** The raw text, to check what a client really sees (no stacks). */
  readonly text: string;
  readonly headers: Headers;
}

export interface ApiClient {
  get(path: string): Promise<ApiResponse>;
  post(path: string, body?: unknown): Promise<ApiResponse>;
  delete(path: string, body?: unknown): Promise<ApiResponse>;
  /** Sends `body` as is, with the given content type. */
  raw(method: string, path: string, body: string, contentType: string): Promise<ApiResponse>;
}

/** Talks to a running sample app over HTTP with fetch. */
export function apiClient(baseUrl: string): ApiClient {
  const send = async (method: string, path: string, init: { body?: string; contentType?: string } = {}): Promise<ApiResponse> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: init.contentType ? { "content-type": init.contentType } : {},
      body: init.body,
    });
    const text = await response.text();
    return { status: response.status, text, headers: response.headers, body: text === "" ? undefined : JSON.parse(text) };
  };
  const json = (body: unknown) => (body === undefined ? {} : { body: JSON.stringify(body), contentType: "application/json" });
  return {
    get: (path) => send("GET", path),
    post: (path, body) => send("POST", path, json(body)),
    delete: (path, body) => send("DELETE", path, json(body)),
    raw: (method, path, body, contentType) => send(method, path, { body, contentType }),
  };
}

/** Reads a value at a path of a JSON body: `at(body, "product", "variants", 0, "id")`. */
export function at(value: unknown, ...path: Array<string | number>): unknown {
  let current = value;
  for (const step of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = Object.entries(current).find(([key]) => key === String(step))?.[1];
  }
  return current;
}

/** A string at a path, failing loudly when it is not one. */
export function stringAt(value: unknown, ...path: Array<string | number>): string {
  const found = at(value, ...path);
  if (typeof found !== "string") throw new Error(`Expected a string at ${path.join(".")} of ${JSON.stringify(value)}`);
  return found;
}
