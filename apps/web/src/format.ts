/** Display helpers that never print "undefined", "null" or "NaN": a missing value is a dash. */
export const DASH = "—";

export function formatDate(value: string | null | undefined): string {
  if (!value) return DASH;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return DASH;
  return date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export function formatNumber(value: number | null | undefined, unit = ""): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return `${value.toLocaleString()}${unit}`;
}

export function formatText(value: string | null | undefined): string {
  return value === null || value === undefined || value === "" ? DASH : value;
}

export function percent(part: number, whole: number): number {
  if (!Number.isFinite(part) || !Number.isFinite(whole) || whole <= 0) return 0;
  return Math.min(100, Math.round((part / whole) * 100));
}
