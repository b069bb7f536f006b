import { useState } from "react";

/** Copies to the clipboard; falls back to selecting the text when the clipboard is unavailable. */
export function CopyButton({
  text,
  label = "Copy",
  targetId,
}: {
  text: string;
  label?: string;
  targetId?: string;
}) {
  const [copied, setCopied] = useState<"idle" | "copied" | "select">("idle");
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied("copied");
    } catch {
      const target = targetId ? document.getElementById(targetId) : null;
      if (target) window.getSelection()?.selectAllChildren(target);
      setCopied("select");
    }
  }
  return (
    <span className="copy">
      <button type="button" onClick={copy}>
        {label}
      </button>
      <span role="status" className="copy-status">
        {copied === "copied" ? "Copied" : copied === "select" ? "Selected: press Ctrl+C to copy" : ""}
      </span>
    </span>
  );
}
