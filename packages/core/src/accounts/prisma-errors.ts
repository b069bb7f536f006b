/** Prisma's stable error codes that repositories translate into SieveErrors. */
export const UNIQUE_VIOLATION = "P2002";
export const FOREIGN_KEY_VIOLATION = "P2003";
export const RECORD_NOT_FOUND = "P2025";

export function hasPrismaCode(error: unknown, code: string): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === code;
}
