export { type FreshPostgres, freshPostgres, postgresServerUrl } from "./fresh-postgres.js";
