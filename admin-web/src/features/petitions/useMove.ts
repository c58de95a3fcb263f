import { useState } from "react";
import { isSessionExpired, type PersonalDataFinding, toApiError } from "../../api/client";
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
  /** Personal data found in the texts the tracking page would show (422 `personal_data_found`). */
  findings: PersonalDataFinding[];
  clearFindings: () => void;
  setErrors: (errors: Partial<Record<MoveField, string>>) => void;
  /** Sends the move; true when it was made. Field problems land on their fields, focus on the first. */
  run: (input: TransitionInput, form: HTMLElement | null) => Promise<boolean>;
}

export function useMove(petitionId: string, onUnauthorized: () => void): MoveState {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<MoveField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [findings, setFindings] = useState<PersonalDataFinding[]>([]);

  const run = async (input: TransitionInput, form: HTMLElement | null): Promise<boolean> => {
    if (busy) return false;
    setBusy(true);
    setErrors({});
    setFormError(null);
    setFindings([]);
    try {
      await transition(petitionId, input);
      return true;
    } catch (error) {
      if (isSessionExpired(error)) {
        onUnauthorized();
        return false;
      }
      const apiError = toApiError(error);
      if (apiError.code === "personal_data_found" && apiError.findings.length > 0) {
        setFindings(apiError.findings);
        return false;
      }
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
    findings,
    clearFindings: () => setFindings([]),
    setErrors: (next) => {
      setErrors(next);
      setFormError(null);
    },
    run,
  };
}
