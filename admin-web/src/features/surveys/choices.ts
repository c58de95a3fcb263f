import { loc, t } from "../../i18n";
import type { ChoiceValue, EditorQuestion, Question } from "./definition";
import { LIKERT_KEYS } from "./labels";

/** How an answer value reads for people: "4 – Hài lòng", "Có", an option's label, a score. */
export function choiceLabel(question: Question | EditorQuestion, value: ChoiceValue): string {
  switch (question.type) {
    case "likert5": {
      const key = typeof value === "number" ? LIKERT_KEYS[value] : undefined;
      return key ? `${value} – ${t(key)}` : String(value);
    }
    case "yesno":
      return value === true ? t("yes") : value === false ? t("no") : String(value);
    case "single":
    case "multi": {
      const option = question.options?.find((o) => o.value === value);
      const label = option ? loc(option.label) : "";
      return label ? `${label} (${String(value)})` : String(value);
    }
    default:
      return String(value);
  }
}
