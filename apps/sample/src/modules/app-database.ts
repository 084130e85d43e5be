/**
 * The name the app gives its one database: the link store is built with it
 * (`new KnexLinkStore({ knex, database: APP_DATABASE })`) and every module
 * repeats it in its `sqlSource`, so `LinkQuery` joins module tables with link
 * tables in SQL instead of calling `listRecords` hop by hop.
 */
export const APP_DATABASE = "sample";
