import pg from "pg";
import { columnFact, factKey, foreignKeyFact, indexFact, type SchemaFacts } from "./schema-facts.ts";

const MIGRATIONS_TABLE = "_prisma_migrations";

const referentialActions: Record<string, string> = {
  a: "NoAction",
  r: "Restrict",
  c: "Cascade",
  n: "SetNull",
  d: "SetDefault",
};

/** A column default as pg_get_expr prints it, in the same terms as schema-from-prisma. */
function normaliseDefault(expression: string | null): string | null {
  if (expression === null) return null;
  if (expression.startsWith("nextval(")) return "autoincrement()";
  if (expression === "CURRENT_TIMESTAMP" || expression === "now()") return "now()";
  if (/^ARRAY\[\]::/.test(expression)) return "ARRAY[]";
  const literal = expression.replace(/::[a-z_ "]+(\(\d+\))?$/i, "");
  return literal.startsWith("'") && literal.endsWith("'")
    ? literal.slice(1, -1).replaceAll("''", "'")
    : literal;
}

/** The schema of a live database (schema `public`), as facts. */
export async function schemaFromDatabase(databaseUrl: string): Promise<SchemaFacts> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const facts: SchemaFacts = new Map();

    const enums = await client.query<{ name: string; values: string[] }>(
      `SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS values
         FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = 'public' GROUP BY t.typname`,
    );
    for (const row of enums.rows) facts.set(factKey("enum", row.name), row.values.join(", "));

    const columns = await client.query<{
      table: string;
      column: string;
      type: string;
      not_null: boolean;
      default: string | null;
    }>(
      `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
              a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
         LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> $1`,
      [MIGRATIONS_TABLE],
    );
    for (const row of columns.rows) {
      facts.set(factKey("table", row.table), "exists");
      facts.set(
        factKey("column", `${row.table}.${row.column}`),
        columnFact(row.type.replaceAll('"', ""), !row.not_null, normaliseDefault(row.default)),
      );
    }

    const indexes = await client.query<{
      name: string;
      table: string;
      columns: string[];
      primary: boolean;
      unique: boolean;
      method: string;
    }>(
      `SELECT i.relname AS name, t.relname AS table, x.indisprimary AS primary, x.indisunique AS unique,
              am.amname AS method,
              array(SELECT coalesce(a.attname::text, '(expression)')
                      FROM unnest(x.indkey) WITH ORDINALITY AS k(attnum, position)
                      LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
                     ORDER BY k.position) AS columns
         FROM pg_index x
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_class t ON t.oid = x.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         JOIN pg_am am ON am.oid = i.relam
        WHERE n.nspname = 'public' AND t.relname <> $1`,
      [MIGRATIONS_TABLE],
    );
    for (const row of indexes.rows) facts.set(factKey("index", row.name), indexFact(row));

    const foreignKeys = await client.query<{
      name: string;
      table: string;
      columns: string[];
      referenced_table: string;
      referenced_columns: string[];
      on_delete: string;
      on_update: string;
    }>(
      `SELECT con.conname AS name, t.relname AS table, r.relname AS referenced_table,
              array(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, position)
                      JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                     ORDER BY k.position) AS columns,
              array(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, position)
                      JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
                     ORDER BY k.position) AS referenced_columns,
              con.confdeltype AS on_delete, con.confupdtype AS on_update
         FROM pg_constraint con
         JOIN pg_class t ON t.oid = con.conrelid
         JOIN pg_class r ON r.oid = con.confrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE con.contype = 'f' AND n.nspname = 'public'`,
    );
    for (const row of foreignKeys.rows) {
      facts.set(
        factKey("foreign key", row.name),
        foreignKeyFact({
          table: row.table,
          columns: row.columns,
          referencedTable: row.referenced_table,
          referencedColumns: row.referenced_columns,
          onDelete: referentialActions[row.on_delete] ?? row.on_delete,
          onUpdate: referentialActions[row.on_update] ?? row.on_update,
        }),
      );
    }
    return facts;
  } finally {
    await client.end();
  }
}
