export { type FreshPostgres, freshPostgres, postgresServerUrl } from "./fresh-postgres.js";
export { type FreshRedis, freshRedis, redisServerUrl } from "./fresh-redis.js";
