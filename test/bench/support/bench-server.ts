/** The PostgreSQL server benchmarks make their databases on (BENCH_DATABASE_SERVER). */
export const serverUrl = process.env.BENCH_DATABASE_SERVER ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** A benchmark's progress line, on standard output. */
export const log = (line: string) => console.log(line);
