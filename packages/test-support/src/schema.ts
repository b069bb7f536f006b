/* Schema comparison for the drift test: kept apart because it loads @prisma/internals. */
export { describeDrift, type FactKind, factKinds, type SchemaFacts } from "./schema-facts.ts";
export { schemaFromDatabase } from "./schema-from-database.ts";
export { schemaFromPrisma } from "./schema-from-prisma.ts";
