// The few members of `pg` the bench uses. Replace with `@types/pg` once it is
// a devDependency of @modlink/bench (the lead adds dependencies).
declare module "pg" {
  export interface QueryResult {
    rows: Record<string, unknown>[];
    rowCount: number | null;
  }
  export class Client {
    constructor(config: { connectionString: string });
    connect(): Promise<void>;
    query(text: string, values?: readonly unknown[]): Promise<QueryResult>;
    end(): Promise<void>;
  }
  export class Pool {
    constructor(config: { connectionString: string; max?: number; idleTimeoutMillis?: number });
    query(text: string, values?: readonly unknown[]): Promise<QueryResult>;
    end(): Promise<void>;
  }
  const pg: { Client: typeof Client; Pool: typeof Pool };
  export default pg;
}
