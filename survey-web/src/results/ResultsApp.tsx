import { type ReactNode, useEffect, useRef, useState } from "react";
import { getLang, loc, t, useLang } from "../i18n";
import type { Lang } from "../types";
import { fetchList, fetchMonth, type Loaded, openDataUrl } from "./api";
import { type Bar, Chart, DataTable } from "./charts";
import { formatDate, formatNumber, formatPercent, MONTH, monthName, monthShort } from "./format";
import { type ResultsMessageKey, rt } from "./messages";
import type {
  MonthReport,
  PetitionFigures,
  ProcedureFigures,
  PublicCell,
  ReportList,
  ResultsView,
  SurveySummary,
  UnitRef,
} from "./types";
import "./results.css";

type State<T> = { kind: "loading" } | Loaded<T> | { kind: "noMonth"; unit: UnitRef };

/** Loads once per `key`, again on retry; a late answer of an old key is dropped. */
function useLoad<T>(key: string, loader: (lang: Lang) => Promise<State<T>>): [State<T>, () => void] {
  const [state, setState] = useState<State<T>>({ kind: "loading" });
  const [attempt, setAttempt] = useState(0);
  const loaderRef = useRef(loader);
  loaderRef.current = loader;
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the key changes or on retry
  useEffect(() => {
    let live = true;
    setState({ kind: "loading" });
    void loaderRef.current(getLang()).then((result) => {
      if (live) setState(result);
    });
    return () => {
      live = false;
    };
  }, [key, attempt]);
  return [state, () => setAttempt((n) => n + 1)];
}

function useTitle(title: string) {
  useEffect(() => {
    document.title = `${title} – ${t("appName")}`;
  });
}

const pct = (share: number | null, lang: Lang, none = rt("noData")) =>
  share === null ? none : formatPercent(share, lang);

// ---------- states ----------

function Loading() {
  return (
    <section className="panel" aria-busy="true">
      <h1>{rt("loading")}</h1>
    </section>
  );
}

function Unavailable({ retry }: { retry: () => void }) {
  return (
    <section className="panel">
      <h1>{rt("unavailableTitle")}</h1>
      <p>{rt("unavailableText")}</p>
      <button type="button" className="button primary" onClick={retry}>
        {t("retry")}
      </button>
    </section>
  );
}

function NotFound({ unit, month }: { unit?: UnitRef; month?: string }) {
  const lang = useLang();
  useTitle(rt("notFoundTitle"));
  return (
    <section className="panel">
      {unit && <p className="unit">{unit.name}</p>}
      <h1>{rt("notFoundTitle")}</h1>
      {unit && month ? (
        <>
          <p>{rt("monthNotFoundText", { month: monthShort(month, lang) })}</p>
          <p>
            <a href={`/r/${encodeURIComponent(unit.slug)}`}>{rt("allMonths")}</a>
          </p>
        </>
      ) : (
        <p>{rt("unitNotFoundText")}</p>
      )}
    </section>
  );
}

function Status<T>({ state, retry }: { state: Exclude<State<T>, { kind: "ok" }>; retry: () => void }) {
  if (state.kind === "loading") return <Loading />;
  if (state.kind === "unavailable") return <Unavailable retry={retry} />;
  return <NotFound {...(state.kind === "noMonth" ? { unit: state.unit } : {})} />;
}

// ---------- small parts ----------

/** Met or not, in words and a sign, never by colour alone. */
function Verdict({ met }: { met: boolean | null }) {
  if (met === null) return <span className="verdict">{rt("noData")}</span>;
  return (
    <span className={`verdict ${met ? "met" : "not-met"}`}>
      <span aria-hidden="true">{met ? "✓ " : "✗ "}</span>
      {rt(met ? "met" : "notMet")}
    </span>
  );
}

/** A count that may be hidden: "*", whatever the count (the mark must not tell it). */
function CellValue({ cell, lang }: { cell: PublicCell; lang: Lang }) {
  if (cell.count !== null) return <>{formatNumber(cell.count, lang)}</>;
  return (
    <>
      <span aria-hidden="true">*</span>
      <span className="visually-hidden">{rt("hidden")}</span>
    </>
  );
}

const cellBarText = (cell: PublicCell, lang: Lang) =>
  cell.count === null ? "*" : `${formatNumber(cell.count, lang)} · ${pct(cell.share, lang)}`;

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

function TrendChart({
  trend,
  target,
  lang,
}: {
  trend: { month: string; index: number | null }[];
  target?: number;
  lang: Lang;
}) {
  const caption =
    target === undefined
      ? rt("trendCaptionPlain")
      : rt("trendCaption", { target: formatPercent(target, lang) });
  const text = (index: number | null) => pct(index, lang, rt("notEnough"));
  return (
    <Chart
      caption={caption}
      marker={target}
      bars={trend.map((m) => ({ label: monthName(m.month, lang), value: m.index, text: text(m.index) }))}
      table={{
        head: [rt("colMonth"), rt("colIndex")],
        rows: trend.map((m) => [monthName(m.month, lang), text(m.index)]),
      }}
    />
  );
}

// ---------- a survey ----------

function levelLabel(level: number, scaleSize: number): string {
  return scaleSize === 5 && level >= 1 && level <= 5
    ? `${level} – ${t(`likert${level}` as "likert1")}`
    : rt("level", { level });
}

function SurveySection({ survey, lang }: { survey: SurveySummary; lang: Lang }) {
  const cells = [...survey.questions.flatMap((q) => q.distribution), ...survey.channels];
  const anySmall = cells.some((c) => c.suppressed);
  return (
    <section className="panel">
      <h2>{loc(survey.title)}</h2>
      <Facts
        items={[
          [rt("responses"), survey.responses === null ? rt("small") : formatNumber(survey.responses, lang)],
          [rt("satisfactionTitle"), pct(survey.index, lang, rt("notEnough"))],
        ]}
      />
      {survey.review && survey.review.excluded > 0 && (
        <p className="muted small">
          {rt("reviewExcluded", { excluded: formatNumber(survey.review.excluded, lang) })}
        </p>
      )}
      {survey.review && survey.review.held > 0 && (
        <p className="muted small">{rt("reviewHeld", { held: formatNumber(survey.review.held, lang) })}</p>
      )}
      {survey.asOfRevision !== undefined && (
        <p className="muted small">{rt("asOfRevision", { revision: survey.asOfRevision })}</p>
      )}
      {survey.responses === null ? (
        <p>{rt("surveyFew")}</p>
      ) : (
        <>
          {survey.elements.length > 0 && (
            <>
              <h3>{rt("elementsTitle")}</h3>
              <Chart
                captionHidden
                caption={`${rt("elementsTitle")}: ${loc(survey.title)}`}
                bars={survey.elements.map((e) => ({
                  label: elementName(e.element) + (e.smallSample ? ` (${rt("smallSample")})` : ""),
                  value: e.index,
                  text: pct(e.index, lang, rt("notEnough")),
                }))}
                table={{
                  head: [rt("colElement"), rt("colIndex")],
                  rows: survey.elements.map((e) => [
                    elementName(e.element) + (e.smallSample ? ` (${rt("smallSample")})` : ""),
                    pct(e.index, lang, rt("notEnough")),
                  ]),
                }}
              />
            </>
          )}
          {survey.questions.length > 0 && <h3>{rt("questionsTitle")}</h3>}
          {survey.questions.map((q) => {
            const text = loc(q.text);
            const size = q.distribution.length;
            const bars: Bar[] = q.distribution.map((d) => ({
              label: levelLabel(d.level, size),
              value: d.share,
              text: cellBarText(d, lang),
            }));
            return (
              <div className="question-result" key={q.id}>
                <h4>{text}</h4>
                <p className="muted small">
                  {q.n === null ? rt("fewAnswers") : rt("answers", { count: formatNumber(q.n, lang) })}
                  {q.mean !== null && `, ${rt("mean", { value: formatNumber(q.mean, lang, 2) })}`}
                </p>
                {q.topTwoBox && (
                  <p>
                    {rt("topTwo", { value: formatPercent(q.topTwoBox.share, lang) })}
                    {q.smallSample &&
                      ` (${rt("interval", {
                        low: formatPercent(q.topTwoBox.low, lang),
                        high: formatPercent(q.topTwoBox.high, lang),
                      })})`}
                  </p>
                )}
                {q.detail === "share" && <p className="muted small">{rt("levelsHidden")}</p>}
                {q.detail !== "share" && q.detail !== "none" && (
                  <Chart
                    captionHidden
                    caption={rt("distribution", { question: text })}
                    bars={bars}
                    table={{
                      head: [rt("colLevel"), rt("colCount"), rt("colShare")],
                      rows: q.distribution.map((d) => [
                        levelLabel(d.level, size),
                        <CellValue key="c" cell={d} lang={lang} />,
                        d.share === null ? <CellValue key="s" cell={d} lang={lang} /> : pct(d.share, lang),
                      ]),
                    }}
                  />
                )}
              </div>
            );
          })}
          {survey.channels.length > 0 && (
            <>
              <h3>{rt("channelsTitle")}</h3>
              <DataTable
                caption={`${rt("channelsTitle")}: ${loc(survey.title)}`}
                data={{
                  head: [rt("colChannel"), rt("colCount")],
                  rows: survey.channels.map((c) => [c.channel, <CellValue key="c" cell={c} lang={lang} />]),
                }}
              />
            </>
          )}
          {anySmall && (
            <div className="notes small">
              <p>{rt("noteSmall")}</p>
            </div>
          )}
        </>
      )}
    </section>
  );
}

const ELEMENTS = new Set([
  "access",
  "procedure",
  "staff",
  "result",
  "feedback",
  "facilities",
  "environment",
  "activities",
  "outcomes",
  "overall",
]);
const elementName = (element: string) =>
  ELEMENTS.has(element) ? rt(`element_${element}` as ResultsMessageKey) : element;

// ---------- petitions and procedures ----------

function countBars(items: [string, number][], lang: Lang): { bars: Bar[]; rows: ReactNode[][] } {
  const max = Math.max(1, ...items.map(([, n]) => n));
  return {
    bars: items.map(([label, n]) => ({ label, value: n / max, text: formatNumber(n, lang) })),
    rows: items.map(([label, n]) => [label, formatNumber(n, lang)]),
  };
}

function PetitionSection({ p, month, lang }: { p: PetitionFigures; month: string; lang: Lang }) {
  const timeliness = countBars(
    [
      [rt("pEarly"), p.early],
      [rt("pOnTime"), p.onTime],
      [rt("pLate"), p.late],
      [rt("pOpenOverdue"), p.openOverdue],
    ],
    lang,
  );
  const satisfied =
    p.rated === 0
      ? rt("noData")
      : p.satisfied === null
        ? rt("pSatisfiedWithheld", { rated: formatNumber(p.rated, lang) })
        : rt("pSatisfiedValue", {
            satisfied: formatNumber(p.satisfied, lang),
            rated: formatNumber(p.rated, lang),
            rate: pct(p.satisfiedRate, lang),
          });
  const targets: [ResultsMessageKey, number | null, number, boolean | null][] = [
    ["pResponseRate", p.responseRate, p.goals.answered, p.targets.answered],
    ["pOnTimeRate", p.onTimeRate, p.goals.onTime, p.targets.onTime],
    ["pEarlyRate", p.earlyRate, p.goals.early, p.targets.early],
    ["pSatisfied", p.satisfiedRate, p.goals.satisfied, p.targets.satisfied],
  ];
  return (
    <section className="panel" aria-labelledby="petitions-title">
      <h2 id="petitions-title">{rt("petitionsTitle")}</h2>
      <Facts
        items={[
          [rt("pReceived"), formatNumber(p.received, lang)],
          [rt("pAnswered"), formatNumber(p.answered, lang)],
          [rt("pOpenOverdue"), formatNumber(p.openOverdue, lang)],
          ...(p.withdrawn === undefined
            ? []
            : ([
                [
                  rt("pWithdrawn"),
                  `${formatNumber(p.withdrawn, lang)} (${formatNumber(p.withdrawnLate ?? 0, lang)})`,
                ],
              ] as [string, string][])),
          [rt("pOnTimeRate"), pct(p.onTimeRate, lang)],
          [rt("pEarlyRate"), pct(p.earlyRate, lang)],
          [rt("pSatisfied"), satisfied],
          ...(p.avgWorkingDaysToAnswer === null
            ? []
            : ([[rt("pAvgDays"), formatNumber(p.avgWorkingDaysToAnswer, lang, 1)]] as [string, string][])),
        ]}
      />
      <Chart
        caption={`${rt("pTimeliness")}, ${monthShort(month, lang)}`}
        bars={timeliness.bars}
        table={{ head: [rt("colItem"), rt("colCount")], rows: timeliness.rows }}
      />
      <h3>{rt("targetsTitle")}</h3>
      <ul className="plain-list targets">
        {targets.map(([key, value, goal, met]) => (
          <li key={key}>
            <strong>{rt(key)}</strong>
            <span className="block">
              {rt("targetLine", {
                value: pct(value, lang, rt("noDataInline")),
                goal: formatPercent(goal, lang),
              })}{" "}
              {met !== null && <Verdict met={met} />}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function ProcedureSection({ p, lang }: { p: ProcedureFigures; lang: Lang }) {
  const resolved = countBars(
    [
      [rt("procEarly"), p.resolvedEarly],
      [rt("procOnTime"), p.resolvedOnTime],
      [rt("procLate"), p.resolvedLate],
    ],
    lang,
  );
  return (
    <section className="panel" aria-labelledby="procedures-title">
      <h2 id="procedures-title">{rt("proceduresTitle")}</h2>
      <Facts items={[[rt("procReceived"), formatNumber(p.received, lang)]]} />
      <Chart
        caption={rt("procCaption")}
        bars={resolved.bars}
        table={{ head: [rt("colItem"), rt("colCount")], rows: resolved.rows }}
      />
    </section>
  );
}

// ---------- the pages ----------

function revisionText(revision: number) {
  // Revision 2 is the first correction.
  return revision > 1 ? rt("revisionLabel", { n: revision - 1 }) : rt("firstPublication");
}

function MonthPage({
  unitSlug,
  month,
  revision,
}: {
  unitSlug: string;
  month: string;
  revision: number | null;
}) {
  const lang = useLang();
  const [state, retry] = useLoad<MonthReport>(`${unitSlug}/${month}/${revision}`, async (l) => {
    const found: Loaded<MonthReport> = MONTH.test(month)
      ? await fetchMonth(unitSlug, month, revision, l)
      : { kind: "notFound" };
    if (found.kind !== "notFound") return found;
    const list = await fetchList(unitSlug, l);
    return list.kind === "ok" ? { kind: "noMonth", unit: list.data.unit } : list;
  });
  useTitle(
    state.kind === "ok"
      ? `${rt("monthTitle", { month: monthShort(month, lang) })}, ${state.data.unit.name}`
      : "",
  );
  if (state.kind === "noMonth") return <NotFound unit={state.unit} month={month} />;
  if (state.kind !== "ok") return <Status state={state} retry={retry} />;
  const r = state.data;
  const f = r.figures;
  const latest = Math.max(...r.revisions.map((x) => x.revision), r.revision);
  const slug = encodeURIComponent(r.unit.slug);
  const paragraphs = r.commentary
    .split(/\n\s*\n/)
    .map((s) => s.trim())
    .filter(Boolean);
  return (
    <div className="results">
      <header className="panel">
        <p className="unit">{r.unit.name}</p>
        <h1>{rt("monthTitle", { month: monthShort(r.month, lang) })}</h1>
        <p>
          {rt("publishedOn", { date: formatDate(r.publishedAt) })}. {revisionText(r.revision)}.
        </p>
        {r.changes && (
          <p className="notice">
            <strong>{rt("changesLabel")}</strong> {r.changes}
          </p>
        )}
        {r.revision < latest && (
          <p className="notice">
            {rt("olderNotice", { n: r.revision })} <a href={`/r/${slug}/${r.month}`}>{rt("seeLatest")}</a>
          </p>
        )}
        <p className="muted small">{rt("asOf", { date: formatDate(f.asOf) })}</p>
        <p className="actions no-print">
          <a href={`/r/${slug}`}>{rt("allMonths")}</a>
          <button type="button" className="link-button" onClick={() => window.print()}>
            {rt("print")}
          </button>
        </p>
      </header>

      <section className="panel" aria-labelledby="satisfaction-title">
        <h2 id="satisfaction-title">{rt("satisfactionTitle")}</h2>
        {f.satisfaction.index === null ? (
          <p>{rt("indexNull")}</p>
        ) : (
          <p className="headline">
            <span className="big" data-testid="satisfaction-index">
              {formatPercent(f.satisfaction.index, lang)}
            </span>{" "}
            <span>
              <Verdict met={f.satisfaction.met} /> (
              {rt("targetIs", { value: formatPercent(f.satisfaction.target, lang) })})
            </span>
          </p>
        )}
        <Facts
          items={[
            [
              rt("responses"),
              f.satisfaction.responses === null ? "< 5" : formatNumber(f.satisfaction.responses, lang),
            ],
          ]}
        />
      </section>

      {f.surveys.map((s) => (
        <SurveySection key={s.id} survey={s} lang={lang} />
      ))}

      <PetitionSection p={f.petitions} month={r.month} lang={lang} />
      {f.procedures && <ProcedureSection p={f.procedures} lang={lang} />}

      {(paragraphs.length > 0 || f.excerpts.length > 0) && (
        <section className="panel" aria-labelledby="commentary-title">
          <h2 id="commentary-title">{rt("commentaryTitle")}</h2>
          {paragraphs.map((text) => (
            <p className="prose" key={text}>
              {text}
            </p>
          ))}
          {f.excerpts.length > 0 && (
            <>
              <h3>{rt("excerptsTitle")}</h3>
              {f.excerpts.map((text) => (
                <blockquote key={text}>{text}</blockquote>
              ))}
            </>
          )}
        </section>
      )}

      {r.trend.length > 0 && (
        <section className="panel" aria-labelledby="trend-title">
          <h2 id="trend-title">{rt("trendTitle")}</h2>
          <TrendChart trend={r.trend} target={f.satisfaction.target} lang={lang} />
        </section>
      )}

      {r.revisions.length > 1 && (
        <section className="panel" aria-labelledby="revisions-title">
          <h2 id="revisions-title">{rt("revisionsTitle")}</h2>
          <ul className="plain-list">
            {[...r.revisions]
              .sort((a, b) => b.revision - a.revision)
              .map((x) => {
                const label = rt("revisionItem", { n: x.revision, date: formatDate(x.publishedAt) });
                return (
                  <li key={x.revision}>
                    {x.revision === r.revision ? (
                      <span aria-current="page">
                        {label} {rt("current")}
                      </span>
                    ) : (
                      <a href={`/r/${slug}/${r.month}?revision=${x.revision}`}>{label}</a>
                    )}
                    {x.changes && <span className="muted small block">{x.changes}</span>}
                  </li>
                );
              })}
          </ul>
        </section>
      )}

      <section className="panel" aria-labelledby="open-data-title">
        <h2 id="open-data-title">{rt("openDataTitle")}</h2>
        <p>{rt("openDataText")}</p>
        <ul className="plain-list">
          <li>
            <a href={openDataUrl(r.unit.slug, r.month, "json", r.revision < latest ? r.revision : null)}>
              {rt("jsonLabel")}
            </a>
          </li>
          <li>
            <a href={openDataUrl(r.unit.slug, r.month, "csv", r.revision < latest ? r.revision : null)}>
              {rt("csvLabel")}
            </a>
          </li>
        </ul>
      </section>
    </div>
  );
}

function ListPage({ unitSlug }: { unitSlug: string }) {
  const lang = useLang();
  const [state, retry] = useLoad<ReportList>(unitSlug, (l) => fetchList(unitSlug, l));
  useTitle(state.kind === "ok" ? `${rt("listTitle")}, ${state.data.unit.name}` : "");
  if (state.kind !== "ok") return <Status state={state} retry={retry} />;
  const { unit, months } = state.data;
  const slug = encodeURIComponent(unit.slug);
  return (
    <div className="results">
      <header className="panel">
        <p className="unit">{unit.name}</p>
        <h1>{rt("listTitle")}</h1>
        <p>{rt("listIntro")}</p>
      </header>
      <section className="panel" aria-labelledby="months-title">
        <h2 id="months-title">{rt("listHeading")}</h2>
        {months.length === 0 ? (
          <p>{rt("listEmpty")}</p>
        ) : (
          <ul className="month-list">
            {months.map((m) => (
              <li key={m.month}>
                <a href={`/r/${slug}/${m.month}`}>{monthName(m.month, lang)}</a>
                <span>
                  {m.index === null ? rt("noIndex") : rt("indexIs", { value: formatPercent(m.index, lang) })}
                </span>
                <span className="muted small">
                  {m.responses === null
                    ? rt("fewResponses")
                    : rt("responsesCount", { count: formatNumber(m.responses, lang) })}
                  {" · "}
                  {rt("publishedOn", { date: formatDate(m.publishedAt) })}
                  {m.revision > 1 && ` · ${revisionText(m.revision)}`}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {months.length > 0 && (
        <section className="panel" aria-labelledby="trend-title">
          <h2 id="trend-title">{rt("trendTitle")}</h2>
          <TrendChart trend={months.slice(0, 12).reverse()} lang={lang} />
        </section>
      )}
    </div>
  );
}

/** `/embed/r/{slug}`: the latest month, small, for an iframe on the school's website. */
function EmbedPage({ unitSlug }: { unitSlug: string }) {
  const lang = useLang();
  const [state, retry] = useLoad<MonthReport | UnitRef>(unitSlug, async (l) => {
    const list = await fetchList(unitSlug, l);
    if (list.kind !== "ok") return list;
    const latest = list.data.months[0];
    if (!latest) return { kind: "ok", data: list.data.unit };
    return fetchMonth(unitSlug, latest.month, null, l);
  });
  useTitle(rt("listTitle"));
  if (state.kind !== "ok") return <Status state={state} retry={retry} />;
  if (!("figures" in state.data)) {
    return (
      <section className="embed-card">
        <p className="unit">{state.data.name}</p>
        <h1>{rt("listTitle")}</h1>
        <p>{rt("embedEmpty")}</p>
      </section>
    );
  }
  const r = state.data;
  const f = r.figures;
  const p = f.petitions;
  return (
    <section className="embed-card">
      <p className="unit">{r.unit.name}</p>
      <h1>{rt("monthTitle", { month: monthShort(r.month, lang) })}</h1>
      {f.satisfaction.index === null ? (
        <p>{rt("indexNull")}</p>
      ) : (
        <p className="headline">
          <span className="big">{formatPercent(f.satisfaction.index, lang)}</span>{" "}
          <span>
            {rt("satisfactionTitle")}: <Verdict met={f.satisfaction.met} /> (
            {rt("targetIs", { value: formatPercent(f.satisfaction.target, lang) })})
          </span>
        </p>
      )}
      <Facts
        items={[
          [
            rt("responses"),
            f.satisfaction.responses === null ? "< 5" : formatNumber(f.satisfaction.responses, lang),
          ],
          [`${rt("petitionsTitle")}: ${rt("pReceived").toLowerCase()}`, formatNumber(p.received, lang)],
          [rt("pOnTimeRate"), pct(p.onTimeRate, lang)],
        ]}
      />
      <p>
        <a href={`/r/${encodeURIComponent(r.unit.slug)}/${r.month}`} target="_blank" rel="noopener">
          {rt("seeDetails")} <span className="visually-hidden">{rt("newTab")}</span>
        </a>
      </p>
    </section>
  );
}

export function ResultsApp(props: ResultsView) {
  useLang();
  if (props.view === "embed") return <EmbedPage key={props.unitSlug} unitSlug={props.unitSlug} />;
  if (props.view === "list") return <ListPage key={props.unitSlug} unitSlug={props.unitSlug} />;
  return <MonthPage unitSlug={props.unitSlug} month={props.month} revision={props.revision} />;
}
