export * from "@modlink/core";
export * from "@modlink/query";
