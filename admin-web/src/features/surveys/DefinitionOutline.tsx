import { loc, t } from "../../i18n";
import { choiceLabel } from "./choices";
import { choiceValues, type Element, type SurveyDefinition, showIfValues } from "./definition";
import { ELEMENT_KEYS, TYPE_KEYS } from "./labels";

/** A read-only view of a survey version: sections and their questions, in order. */
export function DefinitionOutline({ definition, label }: { definition: SurveyDefinition; label: string }) {
  const numbers = new Map<string, number>();
  let n = 0;
  for (const section of definition.sections) for (const q of section.questions) numbers.set(q.id, ++n);
  const byId = new Map(definition.sections.flatMap((s) => s.questions).map((q) => [q.id, q]));

  return (
    <section className="outline" aria-label={label}>
      <h3>{loc(definition.title)}</h3>
      <p className="muted">{loc(definition.intro)}</p>
      {definition.sections.map((section, si) => (
        <section key={section.id} className="outline-section" aria-labelledby={`outline-${section.id}`}>
          <h4 id={`outline-${section.id}`}>
            {t("sectionN", { n: si + 1 })}: {loc(section.title)}
            {section.element &&
              ELEMENT_KEYS[section.element as Element] &&
              t(ELEMENT_KEYS[section.element as Element]) !== loc(section.title) && (
                <span className="badge">{t(ELEMENT_KEYS[section.element as Element])}</span>
              )}
          </h4>
          <ol className="outline-questions">
            {section.questions.map((question) => {
              const condition = question.showIf;
              const target = condition ? byId.get(condition.questionId) : undefined;
              return (
                <li key={question.id} value={numbers.get(question.id)}>
                  <p>
                    {loc(question.text)}{" "}
                    <span className="muted">
                      ({t(TYPE_KEYS[question.type])}
                      {question.type === "rating" && question.scale
                        ? ` ${question.scale.min}–${question.scale.max}`
                        : ""}
                      {question.required ? `, ${t("requiredShort")}` : `, ${t("optionalShort")}`})
                    </span>
                  </p>
                  {(question.type === "single" || question.type === "multi") && (
                    <ul className="outline-options">
                      {choiceValues(question).map((value) => (
                        <li key={String(value)}>{choiceLabel(question, value)}</li>
                      ))}
                    </ul>
                  )}
                  {condition && (
                    <p className="muted">
                      {t("showIfSummary", {
                        n: numbers.get(condition.questionId) ?? condition.questionId,
                        values: showIfValues(condition)
                          .map((v) => (target ? choiceLabel(target, v) : String(v)))
                          .join(", "),
                      })}
                    </p>
                  )}
                </li>
              );
            })}
          </ol>
        </section>
      ))}
    </section>
  );
}
