export * from "./plain-listener.ts";
export * from "./readiness.ts";
export * from "./server-answers.ts";
