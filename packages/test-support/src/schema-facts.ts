/**
 * A database schema flattened to facts: one line per table, column, enum, index and foreign key,
 * keyed by what it is, so two schemas compare line by line and a difference reads as a sentence.
 */
export type SchemaFacts = Map<string, string>;

export const factKinds = ["table", "column", "enum", "index", "foreign key"] as const;
export type FactKind = (typeof factKinds)[number];

export function factKey(kind: FactKind, name: string): string {
  return `${kind} ${name}`;
}

export function columnFact(type: string, nullable: boolean, defaultValue: string | null): string {
  return `${type} ${nullable ? "NULL" : "NOT NULL"} ${defaultValue === null ? "no default" : `DEFAULT ${defaultValue}`}`;
}

export function indexFact(options: {
  table: string;
  columns: string[];
  primary: boolean;
  unique: boolean;
  method: string;
}): string {
  const kind = options.primary ? "primary key" : options.unique ? "unique index" : "index";
  return `${kind} on ${options.table} (${options.columns.join(", ")}) using ${options.method}`;
}

export function foreignKeyFact(options: {
  table: string;
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete: string;
  onUpdate: string;
}): string {
  return (
    `${options.table} (${options.columns.join(", ")}) references ` +
    `${options.referencedTable} (${options.referencedColumns.join(", ")}) ` +
    `on delete ${options.onDelete} on update ${options.onUpdate}`
  );
}

/** Every difference as a sentence; empty when the two schemas agree. */
export function describeDrift(expected: SchemaFacts, actual: SchemaFacts, kind?: FactKind): string[] {
  const keys = [...new Set([...expected.keys(), ...actual.keys()])]
    .filter((key) => kind === undefined || key.startsWith(`${kind} `))
    .sort();
  const drift: string[] = [];
  for (const key of keys) {
    const want = expected.get(key);
    const have = actual.get(key);
    if (want === have) continue;
    if (have === undefined) drift.push(`${key}: in schema.prisma (${want}) but missing from the database`);
    else if (want === undefined) drift.push(`${key}: in the database (${have}) but not in schema.prisma`);
    else drift.push(`${key}: schema.prisma says "${want}", the database has "${have}"`);
  }
  return drift;
}
