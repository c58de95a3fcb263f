import { useState } from "react";
import { SelectField, TextField } from "../../components/Field";
import { t } from "../../i18n";
import { type DocumentHeading, documentHref } from "./api";
import { monthText } from "./parts";

interface Props {
  unitId: string;
  month: string;
  /** The month's published revisions, oldest first. */
  revisions: number[];
  hasDraft: boolean;
}

const ROMAN = ["I", "II", "III", "IV"];
const NUMBER = /^\d{1,6}$/;
const LATEST = "latest";

/** What the header fields add to the links: only what is filled in and valid. */
function headingQuery(number: string, place: string, signer: string): DocumentHeading {
  const query: DocumentHeading = {};
  const n = number.trim();
  if (NUMBER.test(n)) query.number = n;
  const p = place.trim().normalize("NFC");
  if (p) query.place = p;
  const s = signer.trim().normalize("NFC");
  if (s) query.signer = s;
  return query;
}

/**
 * The printable documents (Decree 30 layout): the month's public notice, its draft, and the reports
 * of the quarter and year containing the month. Plain download links: the session cookie goes along.
 */
export function DocumentsPanel({ unitId, month, revisions, hasDraft }: Props) {
  const [chosen, setChosen] = useState(LATEST);
  const [number, setNumber] = useState("");
  const [place, setPlace] = useState("");
  const [signer, setSigner] = useState("");

  const year = month.slice(0, 4);
  const quarter = Math.ceil(Number(month.slice(5, 7)) / 3);
  const quarterPeriod = `${year}-Q${quarter}`;
  const heading = headingQuery(number, place, signer);
  const latest = revisions.at(-1);
  // A revision chosen for another month, or gone, falls back to the latest.
  const revision = chosen !== LATEST && revisions.includes(Number(chosen)) ? Number(chosen) : undefined;
  const noticeQuery = revision === undefined ? heading : { ...heading, revision };
  const numberError = number.trim() !== "" && !NUMBER.test(number.trim()) ? t("repErrDocNumber") : undefined;

  return (
    <section className="panel report-documents" aria-labelledby="documents-title">
      <h2 id="documents-title">{t("repDocsTitle")}</h2>
      <p className="muted">{t("repDocsIntro")}</p>

      <details className="filter-box report-heading">
        <summary>
          <span className="disclosure" aria-hidden="true" />
          {t("repDocsHeadingTitle")}
        </summary>
        <div className="narrow-form">
          <p className="hint">{t("repDocsHeadingHint")}</p>
          <TextField
            id="rep-doc-number"
            label={t("repDocsNumber")}
            hint={t("repDocsNumberHint")}
            inputMode="numeric"
            autoComplete="off"
            maxLength={6}
            className="short-input"
            value={number}
            onValueChange={setNumber}
            error={numberError}
          />
          <TextField
            id="rep-doc-place"
            label={t("repDocsPlace")}
            hint={t("repDocsPlaceHint")}
            autoComplete="off"
            maxLength={60}
            value={place}
            onValueChange={setPlace}
          />
          <TextField
            id="rep-doc-signer"
            label={t("repDocsSigner")}
            hint={t("repDocsSignerHint")}
            autoComplete="off"
            maxLength={80}
            value={signer}
            onValueChange={setSigner}
          />
        </div>
      </details>

      <h3>{t("repDocsNoticeTitle", { month: monthText(month) })}</h3>
      {latest !== undefined ? (
        <>
          {revisions.length > 1 && (
            <SelectField
              id="rep-doc-revision"
              label={t("repColRevision")}
              className="short-select"
              value={revision === undefined ? LATEST : String(revision)}
              onValueChange={setChosen}
            >
              <option value={LATEST}>{t("repDocsLatest", { n: latest })}</option>
              {[...revisions]
                .reverse()
                .slice(1)
                .map((n) => (
                  <option key={n} value={String(n)}>
                    {t("repRevisionN", { n })}
                  </option>
                ))}
            </SelectField>
          )}
          <ul className="download-list">
            <li>
              <a href={documentHref(unitId, month, "notice.pdf", noticeQuery)} download>
                {t("repDocsNotice", { format: "PDF" })}
              </a>
            </li>
            <li>
              <a href={documentHref(unitId, month, "notice.docx", noticeQuery)} download>
                {t("repDocsNotice", { format: "Word" })}
              </a>
            </li>
          </ul>
        </>
      ) : (
        <p>{t("repDocsNotPublished")}</p>
      )}
      {hasDraft && (
        <>
          <p className="hint">{t("repDocsDraftHint")}</p>
          <ul className="download-list">
            <li>
              <a href={documentHref(unitId, month, "notice.pdf", { ...heading, draft: true })} download>
                {t("repDocsDraft", { format: "PDF" })}
              </a>
            </li>
          </ul>
        </>
      )}

      <h3>{t("repDocsPeriodTitle")}</h3>
      <p className="hint">{t("repDocsPeriodHint")}</p>
      <ul className="download-list">
        {(["pdf", "docx"] as const).map((format) => (
          <li key={`q-${format}`}>
            <a href={documentHref(unitId, quarterPeriod, `report.${format}`, heading)} download>
              {t("repDocsQuarter", {
                roman: ROMAN[quarter - 1]!,
                quarter,
                year,
                format: format === "pdf" ? "PDF" : "Word",
              })}
            </a>
          </li>
        ))}
        {(["pdf", "docx"] as const).map((format) => (
          <li key={`y-${format}`}>
            <a href={documentHref(unitId, year, `report.${format}`, heading)} download>
              {t("repDocsYear", { year, format: format === "pdf" ? "PDF" : "Word" })}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
