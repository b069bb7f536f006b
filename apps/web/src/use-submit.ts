import { type FormEvent, useState } from "react";
import { errorMessage } from "./api/client.ts";

interface ActionOptions {
  /** Where a failure is reported when the parent shows the error (else the hook keeps it). */
  onError?(message: string | null): void;
  initialError?: string | null;
}

/**
 * Runs a request for a button or form: clears the last error, is busy while it runs, and shows what it
 * threw. A check that fails before any request throws an Error with the text to show.
 */
export function useAction(options: ActionOptions = {}) {
  const [ownError, setOwnError] = useState<string | null>(options.initialError ?? null);
  const [busy, setBusy] = useState(false);
  const setError = options.onError ?? setOwnError;

  async function run(action: () => Promise<unknown>) {
    setError(null);
    setBusy(true);
    try {
      await action();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  return { run, busy, error: ownError, setError };
}

/** `useAction` for a form: `submit` is its onSubmit and keeps the browser from navigating. */
export function useSubmit(action: () => Promise<unknown>, options: ActionOptions = {}) {
  const state = useAction(options);
  function submit(event: FormEvent) {
    event.preventDefault();
    void state.run(action);
  }
  return { ...state, submit };
}
