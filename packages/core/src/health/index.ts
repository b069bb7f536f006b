export * from "./plain-listener.ts";
export * from "./readiness.ts";
