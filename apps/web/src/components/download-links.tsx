const formats = ["txt", "csv", "json"] as const;
export type DownloadFormat = (typeof formats)[number];

interface DownloadLinksProps {
  legend: string;
  /** The link text before the format: "Download" gives "Download csv". */
  verb: string;
  href(format: DownloadFormat): string;
  /** A file name makes the browser save the answer instead of opening it. */
  fileName?(format: DownloadFormat): string;
}

/** One link per export format, grouped under a legend. */
export function DownloadLinks({ legend, verb, href, fileName }: DownloadLinksProps) {
  return (
    <fieldset className="downloads">
      <legend>{legend}</legend>
      {formats.map((format) => (
        <a key={format} className="button" href={href(format)} download={fileName?.(format)}>
          {verb} {format}
        </a>
      ))}
    </fieldset>
  );
}
