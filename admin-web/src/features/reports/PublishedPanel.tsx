import { CopyButton } from "../../components/CopyButton";
import { ScrollRegion } from "../../components/ScrollRegion";
import { t } from "../../i18n";
import { formatCaseTime } from "../petitions/format";
import type { SummaryRow } from "./api";
import { monthText } from "./parts";

interface Props {
  unit: { slug: string; name: string };
  month: string;
  revisions: SummaryRow[];
}

/**
 * The snippet a school pastes into its website. It stays in Vietnamese whatever the console's
 * language: it is shown to the school's visitors.
 */
export function embedSnippet(origin: string, unit: { slug: string; name: string }): string {
  const title = `Kết quả khảo sát hằng tháng – ${unit.name}`
    .replaceAll("&", "&amp;")
    .replaceAll('"', "&quot;");
  return `<iframe src="${origin}/embed/r/${encodeURIComponent(unit.slug)}" title="${title}" width="100%" height="420" loading="lazy"></iframe>`;
}

/** After publishing: where the public reads the month, the open data, the widget; the revisions. */
export function PublishedPanel({ unit, month, revisions }: Props) {
  const origin = window.location.origin;
  const slug = encodeURIComponent(unit.slug);
  const page = `${origin}/r/${slug}/${month}`;
  const json = `${origin}/api/public/units/${slug}/reports/${month}.json`;
  const csv = `${origin}/api/public/units/${slug}/reports/${month}.csv`;
  const snippet = embedSnippet(origin, unit);
  const monthName = monthText(month);
  return (
    <>
      <section className="panel report-published" aria-labelledby="published-title">
        <h2 id="published-title" tabIndex={-1}>
          {t("repPublishedTitle", { month: monthName })}
        </h2>
        <ul className="header-list">
          <li>
            {t("repPublicPage")}: <a href={page}>{page}</a>
          </li>
          <li>
            {t("repJson")}: <a href={json}>{json}</a>
          </li>
          <li>
            {t("repCsv")}: <a href={csv}>{csv}</a>
          </li>
        </ul>
        <h3>{t("repEmbedTitle")}</h3>
        <p className="hint">{t("repEmbedHint")}</p>
        <pre className="code-block">
          <code>{snippet}</code>
        </pre>
        <CopyButton text={snippet} label={t("repCopyEmbed")} copiedText={t("repEmbedCopied")} />
      </section>

      <section className="panel" aria-labelledby="revisions-title">
        <h2 id="revisions-title">{t("repRevisionsTitle")}</h2>
        <ScrollRegion labelledBy="revisions-caption">
          <table className="data-table">
            <caption id="revisions-caption">{t("repRevisionsCaption", { month: monthName })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("repColRevision")}</th>
                <th scope="col">{t("repColPublishedAt")}</th>
                <th scope="col">{t("repColChanges")}</th>
              </tr>
            </thead>
            <tbody>
              {[...revisions].reverse().map((revision) => (
                <tr key={revision.id}>
                  <th scope="row">{t("repRevisionN", { n: revision.revision ?? 1 })}</th>
                  <td className="nowrap">{formatCaseTime(revision.publishedAt)}</td>
                  <td className="break">
                    {revision.changes ?? (revision.revision === 1 ? t("repFirstPublication") : "—")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>
    </>
  );
}
