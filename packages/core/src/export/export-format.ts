import { z } from "zod";

/** The file formats every export offers, and the query parameter that picks one. */
export const exportFormats = ["txt", "csv", "json"] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const ExportFormatParam = z.strictObject({
  format: z.enum(exportFormats, { error: "format must be txt, csv or json" }).default("txt"),
});
