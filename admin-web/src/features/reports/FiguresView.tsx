import type { ReactNode } from "react";
import { ScrollRegion } from "../../components/ScrollRegion";
import { formatDecimal, formatNumber, formatPercent, loc, type MessageKey, t } from "../../i18n";
import { formatCaseTime } from "../petitions/format";
import type { Element } from "../surveys/definition";
import { ELEMENT_KEYS } from "../surveys/labels";
import type { PetitionFigures, ProcedureFigures, SummaryFigures, SurveySummary } from "./api";
import { CellValue, pct, ResponsesValue, Verdict } from "./parts";

const elementName = (element: string) => {
  const key = ELEMENT_KEYS[element as Element] as MessageKey | undefined;
  return key ? t(key) : element;
};

function Facts({ items }: { items: [string, ReactNode][] }) {
  return (
    <dl className="facts">
      {items.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * A month's figures as the public page will show them: small cells already suppressed by the
 * server, hidden questions already left out, the reviewer's excerpts only.
 */
export function FiguresView({ figures, idPrefix }: { figures: SummaryFigures; idPrefix: string }) {
  const s = figures.satisfaction;
  return (
    <div className="report-figures">
      <p className="muted">{t("repAsOf", { time: formatCaseTime(figures.asOf) })}</p>
      <h3>{t("repSatisfactionTitle")}</h3>
      <p className="report-verdict">
        {s.index === null
          ? t("repIndexNone", { target: formatPercent(s.target) })
          : t("repIndexVsTarget", { value: formatPercent(s.index), target: formatPercent(s.target) })}{" "}
        {s.index !== null && <Verdict met={s.met} />}
      </p>
      <Facts
        items={[
          [t("repResponses"), <ResponsesValue key="r" value={s.responses} />],
          [t("repIndex"), pct(s.index, t("repNotEnough"))],
          [t("repTarget"), formatPercent(s.target)],
        ]}
      />
      {figures.surveys.length === 0 && <p>{t("repNoSurveys")}</p>}
      {figures.surveys.map((survey, i) => (
        <SurveyFigures key={survey.id} survey={survey} idPrefix={`${idPrefix}-s${i}`} />
      ))}
      <PetitionsFigures p={figures.petitions} idPrefix={idPrefix} />
      <ProceduresFigures p={figures.procedures} idPrefix={idPrefix} />
      <h3>{t("repExcerptsTitle")}</h3>
      {figures.excerpts.length === 0 ? (
        <p className="muted">{t("repNoExcerpts")}</p>
      ) : (
        <ul className="report-excerpts">
          {figures.excerpts.map((excerpt) => (
            <li key={excerpt}>
              <q>{excerpt}</q>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function SurveyFigures({ survey, idPrefix }: { survey: SurveySummary; idPrefix: string }) {
  const title = loc(survey.title);
  const cells = [...survey.questions.flatMap((q) => q.distribution), ...survey.channels];
  const anySmall = cells.some((c) => c.suppressed);
  return (
    <section className="report-survey" aria-labelledby={`${idPrefix}-title`}>
      <h3 id={`${idPrefix}-title`}>{title}</h3>
      <Facts
        items={[
          [t("repResponses"), <ResponsesValue key="r" value={survey.responses} />],
          [t("repIndex"), pct(survey.index, t("repNotEnough"))],
        ]}
      />
      {survey.review && survey.review.excluded > 0 && (
        <p className="small muted">
          {t("repReviewExcluded", { excluded: formatNumber(survey.review.excluded) })}
        </p>
      )}
      {survey.review && survey.review.held > 0 && (
        <p className="small muted">{t("repReviewHeld", { held: formatNumber(survey.review.held) })}</p>
      )}
      {survey.asOfRevision !== undefined && (
        <p className="small muted">{t("repAsOfRevision", { revision: survey.asOfRevision })}</p>
      )}
      {survey.responses === null ? (
        <p>{t("repSurveyFew")}</p>
      ) : (
        <>
          {survey.elements.length > 0 && (
            <ScrollRegion labelledBy={`${idPrefix}-elements`}>
              <table className="data-table">
                <caption id={`${idPrefix}-elements`}>{t("repElementsCaption", { survey: title })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("repColElement")}</th>
                    <th scope="col" className="num">
                      {t("repIndex")}
                    </th>
                    <th scope="col" className="num">
                      {t("repColMean")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {survey.elements.map((e) => (
                    <tr key={e.element}>
                      <th scope="row">
                        {elementName(e.element)}
                        {e.smallSample && ` (${t("repSmallSample")})`}
                      </th>
                      <td className="num">{pct(e.index, t("repNotEnough"))}</td>
                      <td className="num">{e.meanScore === null ? "—" : formatDecimal(e.meanScore)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )}
          {survey.questions.length > 0 && (
            <ScrollRegion labelledBy={`${idPrefix}-questions`}>
              <table className="data-table report-questions">
                <caption id={`${idPrefix}-questions`}>{t("repQuestionsCaption", { survey: title })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("repColQuestion")}</th>
                    <th scope="col" className="num">
                      {t("repColAnswers")}
                    </th>
                    <th scope="col" className="num">
                      {t("repColMean")}
                    </th>
                    <th scope="col" className="num">
                      {t("repColTopTwo")}
                    </th>
                    <th scope="col">{t("repColDistribution")}</th>
                  </tr>
                </thead>
                <tbody>
                  {survey.questions.map((q) => (
                    <tr key={q.id}>
                      <th scope="row">{loc(q.text)}</th>
                      <td className="num">
                        <ResponsesValue value={q.n} />
                      </td>
                      <td className="num">{q.mean === null ? "—" : formatDecimal(q.mean)}</td>
                      <td className="num">
                        {q.topTwoBox ? formatPercent(q.topTwoBox.share) : "—"}
                        {q.topTwoBox && q.smallSample && (
                          <span className="block small muted">
                            {t("repInterval", {
                              low: formatPercent(q.topTwoBox.low),
                              high: formatPercent(q.topTwoBox.high),
                            })}
                          </span>
                        )}
                      </td>
                      <td>
                        {q.detail === "share" || q.detail === "none" ? (
                          <span className="small muted">
                            {q.detail === "share" ? t("repLevelsHidden") : "—"}
                          </span>
                        ) : (
                          <ul className="dist-list">
                            {q.distribution.map((d) => (
                              <li key={d.level}>
                                {t("repLevel", { level: d.level })}: <CellValue cell={d} />
                              </li>
                            ))}
                          </ul>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )}
          {survey.channels.length > 0 && (
            <ScrollRegion labelledBy={`${idPrefix}-channels`} className="narrow-table">
              <table className="data-table">
                <caption id={`${idPrefix}-channels`}>{t("repChannelsCaption", { survey: title })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("repColChannel")}</th>
                    <th scope="col" className="num">
                      {t("repResponses")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {survey.channels.map((c) => (
                    <tr key={c.channel}>
                      <th scope="row">{c.channel}</th>
                      <td className="num">
                        <CellValue cell={c} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )}
          {anySmall && <div className="small muted">{anySmall && <p>{t("repNoteSmall")}</p>}</div>}
        </>
      )}
    </section>
  );
}

function PetitionsFigures({ p, idPrefix }: { p: PetitionFigures; idPrefix: string }) {
  const targets: [MessageKey, number | null, number, boolean | null][] = [
    ["repResponseRate", p.responseRate, p.goals.answered, p.targets.answered],
    ["repOnTimeRate", p.onTimeRate, p.goals.onTime, p.targets.onTime],
    ["repEarlyRate", p.earlyRate, p.goals.early, p.targets.early],
    ["repSatisfiedRate", p.satisfiedRate, p.goals.satisfied, p.targets.satisfied],
  ];
  return (
    <section aria-labelledby={`${idPrefix}-petitions-title`}>
      <h3 id={`${idPrefix}-petitions-title`}>{t("repPetitionsTitle")}</h3>
      <Facts
        items={[
          [t("repReceived"), formatNumber(p.received)],
          [t("repAnswered"), formatNumber(p.answered)],
          [t("repEarly"), formatNumber(p.early)],
          [t("repOnTime"), formatNumber(p.onTime)],
          [t("repLate"), formatNumber(p.late)],
          [t("repOpenOverdue"), formatNumber(p.openOverdue)],
          ...(p.withdrawn === undefined
            ? []
            : ([
                [t("repWithdrawn"), `${formatNumber(p.withdrawn)} (${formatNumber(p.withdrawnLate ?? 0)})`],
              ] as [string, string][])),
          [
            t("repRatings"),
            p.rated === 0
              ? t("repNoData")
              : p.satisfied === null
                ? t("repRatingsWithheld", { rated: formatNumber(p.rated) })
                : t("repRatingsValue", {
                    satisfied: formatNumber(p.satisfied),
                    rated: formatNumber(p.rated),
                  }),
          ],
        ]}
      />
      <ScrollRegion labelledBy={`${idPrefix}-targets`}>
        <table className="data-table">
          <caption id={`${idPrefix}-targets`}>{t("repTargetsCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("repColTarget")}</th>
              <th scope="col" className="num">
                {t("repColResult")}
              </th>
              <th scope="col" className="num">
                {t("repColGoal")}
              </th>
              <th scope="col">{t("repColVerdict")}</th>
            </tr>
          </thead>
          <tbody>
            {targets.map(([key, value, goal, met]) => (
              <tr key={key}>
                <th scope="row">{t(key)}</th>
                <td className="num">{pct(value)}</td>
                <td className="num">{formatPercent(goal)}</td>
                <td>
                  <Verdict met={met} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}

function ProceduresFigures({ p, idPrefix }: { p: ProcedureFigures | null; idPrefix: string }) {
  return (
    <section aria-labelledby={`${idPrefix}-procedures-title`}>
      <h3 id={`${idPrefix}-procedures-title`}>{t("repProceduresTitle")}</h3>
      {p === null ? (
        <p className="muted">{t("repNoProcedures")}</p>
      ) : (
        <Facts
          items={[
            [t("repProcReceived"), formatNumber(p.received)],
            [t("repProcEarly"), formatNumber(p.resolvedEarly)],
            [t("repProcOnTime"), formatNumber(p.resolvedOnTime)],
            [t("repProcLate"), formatNumber(p.resolvedLate)],
          ]}
        />
      )}
    </section>
  );
}
