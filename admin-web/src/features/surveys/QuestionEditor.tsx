import { memo } from "react";
import { CheckboxField, SelectField, TextAreaField, TextField } from "../../components/Field";
import { type Lang, t } from "../../i18n";
import { choiceLabel } from "./choices";
import {
  type ChoiceValue,
  changeType,
  choiceValues,
  type EditorQuestion,
  emptyText,
  fieldId,
  type Localized,
  makeShowIf,
  moveItem,
  newOption,
  QUESTION_TYPES,
  type QuestionType,
  showIfValues,
} from "./definition";
import { TYPE_KEYS } from "./labels";

/** Server (or local) messages by definition path, without the "definition." prefix. */
export type PathErrors = Record<string, string>;

const firstError = (errors: PathErrors, ...paths: string[]): string | undefined => {
  for (const path of paths) if (errors[path]) return errors[path];
  return undefined;
};

interface LocalizedProps {
  path: string;
  label: string;
  value: Localized | undefined;
  onChange: (value: Localized) => void;
  errors: PathErrors;
  multiline?: boolean;
  hint?: string;
}

/** The Vietnamese and English versions of one text, side by side on wide screens. */
export function LocalizedFields({ path, label, value, onChange, errors, multiline, hint }: LocalizedProps) {
  const text = value ?? emptyText();
  const field = (lang: "vi" | "en") => {
    const props = {
      id: fieldId(`${path}.${lang}`),
      label: t(lang === "vi" ? "inVietnamese" : "inEnglish", { label }),
      value: text[lang],
      onValueChange: (next: string) => onChange({ ...text, [lang]: next }),
      // An error on the whole text (e.g. missing) shows on the Vietnamese field.
      error: lang === "vi" ? firstError(errors, `${path}.vi`, path) : errors[`${path}.en`],
      hint: lang === "vi" ? hint : undefined,
      lang,
    };
    return multiline ? <TextAreaField {...props} rows={2} /> : <TextField {...props} autoComplete="off" />;
  };
  return (
    <div className="localized">
      {field("vi")}
      {field("en")}
    </div>
  );
}

export interface EarlierQuestion {
  question: EditorQuestion;
  number: number;
}

interface QuestionProps {
  /** The console's language: memoized editors re-render when it changes. */
  lang: Lang;
  question: EditorQuestion;
  path: string;
  number: number;
  /** Questions before this one (any section) that a show-if may test. */
  earlier: EarlierQuestion[];
  errors: PathErrors;
  isFirst: boolean;
  isLast: boolean;
  canRemove: boolean;
  onChange: (question: EditorQuestion) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}

const shorten = (text: string, max = 60) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

const candidateLabel = (e: EarlierQuestion) =>
  `${t("questionN", { n: e.number })}: ${shorten(e.question.text.vi || e.question.id)}`;

/**
 * Typing in one question must not re-render the other questions (a survey has dozens, and staff
 * edit on phones too). A question re-renders when its own props change, or when what its show-if
 * picker shows of earlier questions changes. Callbacks are stable (see useStableCallback).
 */
function sameProps(a: QuestionProps, b: QuestionProps): boolean {
  if (
    a.lang !== b.lang ||
    a.question !== b.question ||
    a.path !== b.path ||
    a.number !== b.number ||
    a.errors !== b.errors ||
    a.isFirst !== b.isFirst ||
    a.isLast !== b.isLast ||
    a.canRemove !== b.canRemove ||
    a.earlier.length !== b.earlier.length
  ) {
    return false;
  }
  const target = b.question.showIf?.questionId;
  return b.earlier.every((next, i) => {
    const prev = a.earlier[i]!;
    if (next.question.id === target && next.question !== prev.question) return false;
    return (
      prev.number === next.number &&
      prev.question.key === next.question.key &&
      prev.question.id === next.question.id &&
      prev.question.type === next.question.type &&
      candidateLabel(prev) === candidateLabel(next)
    );
  });
}

export const QuestionEditor = memo(QuestionEditorView, sameProps);

function QuestionEditorView(props: QuestionProps) {
  const { question, path, number, errors, onChange } = props;
  const set = (changes: Partial<EditorQuestion>) => onChange({ ...question, ...changes });
  const legend = t("questionN", { n: number });
  const baseId = `q-${question.key}`;

  return (
    <fieldset
      className="question-card"
      id={fieldId(path)}
      tabIndex={-1}
      aria-describedby={`${baseId}-summary`}
    >
      <legend>{legend}</legend>
      <p id={`${baseId}-summary`} className="muted question-summary">
        {question.text.vi ? shorten(question.text.vi, 90) : t("questionNoText")}
      </p>
      <div className="question-grid">
        <SelectField
          id={fieldId(`${path}.type`)}
          label={t("questionType")}
          value={question.type}
          onValueChange={(type) => onChange(changeType(question, type as QuestionType))}
          error={errors[`${path}.type`]}
        >
          {QUESTION_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(TYPE_KEYS[type])}
            </option>
          ))}
        </SelectField>
        <TextField
          id={fieldId(`${path}.id`)}
          label={t("questionId")}
          hint={t("questionIdHint")}
          value={question.id}
          onValueChange={(id) => set({ id })}
          error={errors[`${path}.id`]}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          className="mono-input"
        />
        <CheckboxField
          id={fieldId(`${path}.required`)}
          label={t("questionRequired")}
          checked={question.required}
          onCheckedChange={(required) => set({ required })}
          error={errors[`${path}.required`]}
        />
      </div>
      <LocalizedFields
        path={`${path}.text`}
        label={t("questionText")}
        value={question.text}
        onChange={(text) => set({ text })}
        errors={errors}
        multiline
      />
      <LocalizedFields
        path={`${path}.help`}
        label={t("questionHelp")}
        hint={t("optionalHint")}
        value={question.help}
        onChange={(help) => set({ help })}
        errors={errors}
      />
      {(question.type === "single" || question.type === "multi") && (
        <OptionsEditor question={question} path={path} errors={errors} onChange={onChange} />
      )}
      {question.type === "rating" && (
        <SelectField
          id={fieldId(`${path}.scale`)}
          label={t("ratingScale")}
          value={question.scale?.max === 10 ? "0-10" : "1-5"}
          onValueChange={(value) =>
            set({ scale: value === "0-10" ? { min: 0, max: 10 } : { min: 1, max: 5 } })
          }
          error={firstError(errors, `${path}.scale`, `${path}.scale.min`, `${path}.scale.max`)}
        >
          <option value="1-5">{t("scale1to5")}</option>
          <option value="0-10">{t("scale0to10")}</option>
        </SelectField>
      )}
      {question.type === "text" && (
        <TextField
          id={fieldId(`${path}.maxLength`)}
          type="number"
          inputMode="numeric"
          min={1}
          max={4000}
          label={t("maxLength")}
          hint={t("maxLengthHint")}
          value={question.maxLength === undefined ? "" : String(question.maxLength)}
          onValueChange={(value) => set({ maxLength: value === "" ? undefined : Number(value) })}
          error={errors[`${path}.maxLength`]}
          className="short-input"
        />
      )}
      <ShowIfEditor {...props} />
      <div className="row-actions question-actions">
        <button
          type="button"
          id={`${baseId}-up`}
          className="button small"
          aria-label={t("moveUpLabel", { item: legend })}
          disabled={props.isFirst}
          onClick={() => props.onMove(-1)}
        >
          {t("moveUp")}
        </button>
        <button
          type="button"
          id={`${baseId}-down`}
          className="button small"
          aria-label={t("moveDownLabel", { item: legend })}
          disabled={props.isLast}
          onClick={() => props.onMove(1)}
        >
          {t("moveDown")}
        </button>
        {props.canRemove && (
          <button
            type="button"
            className="button small danger"
            aria-label={t("removeItemLabel", { item: legend })}
            onClick={props.onRemove}
          >
            {t("remove")}
          </button>
        )}
      </div>
    </fieldset>
  );
}

function OptionsEditor({
  question,
  path,
  errors,
  onChange,
}: {
  question: EditorQuestion;
  path: string;
  errors: PathErrors;
  onChange: (question: EditorQuestion) => void;
}) {
  const options = question.options ?? [];
  const setOptions = (next: typeof options) => onChange({ ...question, options: next });
  const addOption = () => {
    const taken = new Set(options.map((o) => o.value));
    let n = options.length + 1;
    while (taken.has(String(n))) n++;
    const option = newOption(String(n));
    setOptions([...options, option]);
    requestAnimationFrame(() =>
      document.getElementById(fieldId(`${path}.options.${options.length}.label.vi`))?.focus(),
    );
  };
  return (
    <fieldset className="options" id={fieldId(`${path}.options`)} tabIndex={-1}>
      <legend>{t("optionsLegend")}</legend>
      {errors[`${path}.options`] && <p className="field-error">{errors[`${path}.options`]}</p>}
      <div className="option-list">
        {options.map((option, index) => {
          const optionPath = `${path}.options.${index}`;
          const name = t("optionN", { n: index + 1 });
          return (
            <fieldset key={option.key} className="option-row">
              <legend>{name}</legend>
              <TextField
                id={fieldId(`${optionPath}.value`)}
                label={t("optionValue")}
                value={option.value}
                onValueChange={(value) =>
                  setOptions(options.map((o) => (o.key === option.key ? { ...o, value } : o)))
                }
                error={errors[`${optionPath}.value`]}
                autoComplete="off"
                autoCapitalize="none"
                spellCheck={false}
                className="short-input"
              />
              <LocalizedFields
                path={`${optionPath}.label`}
                label={t("optionLabel")}
                value={option.label}
                onChange={(label) =>
                  setOptions(options.map((o) => (o.key === option.key ? { ...o, label } : o)))
                }
                errors={errors}
              />
              <div className="row-actions">
                <button
                  type="button"
                  className="button small"
                  aria-label={t("moveUpLabel", { item: name })}
                  disabled={index === 0}
                  onClick={() => setOptions(moveItem(options, index, index - 1))}
                >
                  {t("moveUp")}
                </button>
                <button
                  type="button"
                  className="button small danger"
                  aria-label={t("removeItemLabel", { item: name })}
                  disabled={options.length <= 2}
                  onClick={() => setOptions(options.filter((o) => o.key !== option.key))}
                >
                  {t("remove")}
                </button>
              </div>
            </fieldset>
          );
        })}
      </div>
      <button type="button" className="button small" onClick={addOption}>
        {t("addOption")}
      </button>
    </fieldset>
  );
}

function ShowIfEditor({ question, path, earlier, errors, onChange, number }: QuestionProps) {
  const candidates = earlier.filter((e) => e.question.type !== "text");
  const showIf = question.showIf;
  const selectedId = showIf?.questionId ?? "";
  const target = candidates.find((e) => e.question.id === selectedId);
  const selected = showIf ? showIfValues(showIf) : [];
  const valuesId = fieldId(`${path}.showIf.in`);
  const valuesError = firstError(errors, `${path}.showIf.in`, `${path}.showIf.equals`);

  const onPick = (id: string) => {
    if (!id) {
      const { showIf: _removed, ...rest } = question;
      onChange(rest);
      return;
    }
    onChange({ ...question, showIf: makeShowIf(id, []) });
  };

  const toggle = (value: ChoiceValue, on: boolean) => {
    if (!showIf) return;
    const next = on ? [...selected, value] : selected.filter((v) => v !== value);
    onChange({ ...question, showIf: makeShowIf(showIf.questionId, next) });
  };

  return (
    <div className="show-if">
      <SelectField
        id={fieldId(`${path}.showIf.questionId`)}
        label={t("showIfQuestion")}
        hint={number === 1 ? t("showIfFirst") : undefined}
        value={selectedId}
        onValueChange={onPick}
        error={firstError(errors, `${path}.showIf.questionId`, `${path}.showIf`)}
      >
        <option value="">{t("showIfAlways")}</option>
        {candidates.map((e) => (
          <option key={e.question.key} value={e.question.id}>
            {candidateLabel(e)}
          </option>
        ))}
        {showIf && !target && <option value={selectedId}>{t("showIfUnknown", { id: selectedId })}</option>}
      </SelectField>
      {showIf && target && (
        <fieldset
          className="show-if-values"
          id={valuesId}
          tabIndex={-1}
          aria-describedby={valuesError ? `${valuesId}-error` : undefined}
        >
          <legend>{t("showIfValues", { n: target.number })}</legend>
          {choiceValues(target.question).map((value) => {
            const id = `${fieldId(`${path}.showIf`)}-${String(value)}`;
            return (
              <div key={String(value)} className="checkbox-field">
                <input
                  type="checkbox"
                  id={id}
                  checked={selected.includes(value)}
                  onChange={(event) => toggle(value, event.target.checked)}
                />
                <label htmlFor={id}>{choiceLabel(target.question, value)}</label>
              </div>
            );
          })}
          {valuesError && (
            <p id={`${valuesId}-error`} className="field-error">
              {valuesError}
            </p>
          )}
        </fieldset>
      )}
    </div>
  );
}
