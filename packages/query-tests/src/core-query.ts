export * from "@modlink/core";
