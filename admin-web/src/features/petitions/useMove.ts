import { useState } from "react";
import { isSessionExpired, toApiError } from "../../api/client";
import { focusFirstProblem } from "../../components/Field";
import { type TransitionInput, transition } from "./api";

/** The fields a move may name in a 422 answer. */
export type MoveField =
  | "answer"
  | "publicNote"
  | "forwardedTo"
  | "rejectReason"
  | "assigneeUserId"
  | "assigneeUnitId";
const MOVE_FIELDS: readonly MoveField[] = [
  "answer",
  "publicNote",
  "forwardedTo",
  "rejectReason",
  "assigneeUserId",
  "assigneeUnitId",
];

export interface MoveState {
  busy: boolean;
  errors: Partial<Record<MoveField, string>>;
  /** A refusal that names no field (409 transition_not_allowed, 403…): shown by the form's button. */
  formError: string | null;
  setErrors: (errors: Partial<Record<MoveField, string>>) => void;
  /** Sends the move; true when it was made. Field problems land on their fields, focus on the first. */
  run: (input: TransitionInput, form: HTMLElement | null) => Promise<boolean>;
}

export function useMove(petitionId: string, onUnauthorized: () => void): MoveState {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<MoveField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const run = async (input: TransitionInput, form: HTMLElement | null): Promise<boolean> => {
    if (busy) return false;
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      await transition(petitionId, input);
      return true;
    } catch (error) {
      if (isSessionExpired(error)) {
        onUnauthorized();
        return false;
      }
      const apiError = toApiError(error);
      const mapped: Partial<Record<MoveField, string>> = {};
      for (const item of apiError.errors) {
        const field = MOVE_FIELDS.find((name) => name === item.field);
        if (field) mapped[field] ??= item.message;
      }
      setErrors(mapped);
      setFormError(Object.keys(mapped).length > 0 ? null : apiError.detail);
      focusFirstProblem(form);
      return false;
    } finally {
      setBusy(false);
    }
  };

  return {
    busy,
    errors,
    formError,
    setErrors: (next) => {
      setErrors(next);
      setFormError(null);
    },
    run,
  };
}
