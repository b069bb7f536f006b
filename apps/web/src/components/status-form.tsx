import type { FormEvent, ReactNode } from "react";
import { ErrorNotice } from "./notice.tsx";

interface StatusFormProps {
  onSubmit(event: FormEvent): void;
  error: string | null;
  submitLabel: string;
  disabled?: boolean;
  className?: string;
  "aria-label"?: string;
  children: ReactNode;
}

/** A form whose fields end with its error (announced) and then its primary submit button. */
export function StatusForm({
  onSubmit,
  error,
  submitLabel,
  disabled,
  className = "stack",
  children,
  ...rest
}: StatusFormProps) {
  return (
    <form onSubmit={onSubmit} className={className} aria-label={rest["aria-label"]}>
      {children}
      <ErrorNotice message={error} />
      <button type="submit" className="primary" disabled={disabled}>
        {submitLabel}
      </button>
    </form>
  );
}
