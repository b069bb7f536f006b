import { Field } from "./field.tsx";

export const MIN_PASSWORD_LENGTH = 12;

/** Checked here as well as by `minLength`, so the message names what is wrong before any request. */
export function assertPasswordLength(password: string, subject = "The password"): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new Error(`${subject} needs at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
}

interface TextValue {
  value: string;
  onChange(value: string): void;
}

/** `autoComplete` tells password managers which address this is: "username" at sign-in, else "email". */
export function EmailField({ value, onChange, autoComplete }: TextValue & { autoComplete: string }) {
  return (
    <Field
      label="Email"
      type="email"
      name="email"
      autoComplete={autoComplete}
      required
      value={value}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}

interface PasswordProps extends TextValue {
  label?: string;
  /** "new" for a password being chosen: it gets the length rule and its hint. */
  kind: "current" | "new";
  /** Left off where the form posts more than one password (change password). */
  name?: string;
}

/** The hint and `minLength` say the same rule `assertPasswordLength` checks. */
export function PasswordField({ label = "Password", kind, name, value, onChange }: PasswordProps) {
  const rule =
    kind === "new"
      ? { minLength: MIN_PASSWORD_LENGTH, hint: `At least ${MIN_PASSWORD_LENGTH} characters.` }
      : {};
  return (
    <Field
      label={label}
      type="password"
      name={name}
      autoComplete={`${kind}-password`}
      required
      {...rule}
      value={value}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}
