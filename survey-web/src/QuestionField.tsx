import { loc, t } from "./i18n";
import type { AnswerValue, Question } from "./types";

interface Props {
  question: Question;
  value: AnswerValue | undefined;
  error: string | null;
  onChange: (value: AnswerValue | undefined) => void;
}

interface Choice {
  key: string;
  label: string;
  value: AnswerValue;
}

const LIKERT_KEYS = ["likert1", "likert2", "likert3", "likert4", "likert5"] as const;

function choicesFor(question: Question): Choice[] {
  switch (question.type) {
    case "likert5":
      return LIKERT_KEYS.map((key, i) => ({ key: String(i + 1), label: t(key), value: i + 1 }));
    case "yesno":
      return [
        { key: "yes", label: t("yes"), value: true },
        { key: "no", label: t("no"), value: false },
      ];
    case "rating": {
      const min = question.scale?.min ?? 1;
      const max = question.scale?.max ?? 5;
      const result: Choice[] = [];
      for (let v = min; v <= max; v++) result.push({ key: String(v), label: String(v), value: v });
      return result;
    }
    default:
      return (question.options ?? []).map((option) => ({
        key: option.value,
        label: loc(option.label),
        value: option.value,
      }));
  }
}

function Legend({ question }: { question: Question }) {
  return (
    <>
      <span className="q-text">{loc(question.text)}</span>
      {question.required && <span className="q-required"> ({t("required")})</span>}
    </>
  );
}

function ErrorText({ id, error }: { id: string; error: string | null }) {
  if (!error) return null;
  return (
    <p id={id} className="q-error">
      <span aria-hidden="true">⚠ </span>
      {error}
    </p>
  );
}

export function QuestionField({ question, value, error, onChange }: Props) {
  const base = `q-${question.id}`;
  const helpId = `${base}-help`;
  const errorId = `${base}-error`;
  const scaleId = `${base}-scale`;
  const legendId = `${base}-legend`;
  const counterId = `${base}-counter`;
  const help = question.help ? loc(question.help) : "";
  const invalid = error ? true : undefined;
  const describe = (...ids: (string | false)[]) => ids.filter(Boolean).join(" ") || undefined;

  if (question.type === "text") {
    const text = typeof value === "string" ? value : "";
    return (
      <div className={`question${error ? " has-error" : ""}`}>
        <label htmlFor={base} className="q-label">
          <Legend question={question} />
        </label>
        {help && (
          <p id={helpId} className="q-help">
            {help}
          </p>
        )}
        <textarea
          id={base}
          name={question.id}
          rows={4}
          maxLength={question.maxLength}
          value={text}
          aria-required={question.required || undefined}
          aria-invalid={invalid}
          aria-describedby={describe(!!help && helpId, counterId, !!error && errorId)}
          onChange={(event) => onChange(event.target.value === "" ? undefined : event.target.value)}
        />
        <p id={counterId} className="q-counter">
          {question.maxLength
            ? t("charCount", { count: text.length, max: question.maxLength })
            : t("charCountNoMax", { count: text.length })}
        </p>
        <ErrorText id={errorId} error={error} />
      </div>
    );
  }

  const choices = choicesFor(question);
  const isMulti = question.type === "multi";
  const selected = Array.isArray(value) ? value : [];
  const isNps = question.type === "rating" && question.scale?.min === 0 && question.scale?.max === 10;
  const first = choices[0];
  const last = choices[choices.length - 1];
  const scaleText =
    question.type === "rating" && first && last
      ? isNps
        ? [t("npsLow"), t("npsHigh")]
        : [t("ratingLow", { value: first.label }), t("ratingHigh", { value: last.label })]
      : null;

  const toggle = (choice: string, checked: boolean) => {
    const order = choices.map((c) => c.value);
    const next = checked
      ? [...selected.filter((v) => v !== choice), choice]
      : selected.filter((v) => v !== choice);
    next.sort((a, b) => order.indexOf(a) - order.indexOf(b));
    onChange(next.length ? next : undefined);
  };

  // One answer out of several: a radiogroup named by its legend, so screen readers announce the
  // question, whether it is required and its position; arrow keys move between the native radios.
  return (
    <fieldset
      className={`question${error ? " has-error" : ""}`}
      role={isMulti ? undefined : "radiogroup"}
      aria-labelledby={legendId}
      aria-describedby={describe(!!help && helpId, !!scaleText && scaleId)}
    >
      <legend id={legendId} className="q-label">
        <Legend question={question} />
      </legend>
      {help && (
        <p id={helpId} className="q-help">
          {help}
        </p>
      )}
      {scaleText && (
        <p id={scaleId} className="q-scale">
          <span>{scaleText[0]}</span>
          <span>{scaleText[1]}</span>
        </p>
      )}
      <div className={`options options-${question.type}`}>
        {choices.map((choice, index) => {
          const id = `${base}-${index}`;
          const checked = isMulti
            ? typeof choice.value === "string" && selected.includes(choice.value)
            : value === choice.value;
          return (
            <label key={choice.key} htmlFor={id} className="option">
              <input
                id={id}
                type={isMulti ? "checkbox" : "radio"}
                name={question.id}
                value={choice.key}
                checked={checked}
                required={!isMulti && question.required}
                aria-invalid={invalid}
                aria-describedby={error ? errorId : undefined}
                onChange={(event) =>
                  isMulti
                    ? toggle(String(choice.value), event.target.checked)
                    : event.target.checked && onChange(choice.value)
                }
              />
              <span>{choice.label}</span>
            </label>
          );
        })}
      </div>
      <ErrorText id={errorId} error={error} />
    </fieldset>
  );
}
