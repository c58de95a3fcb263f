import { useState } from "react";
import { t } from "../../i18n";
import { Open311Keys } from "./Open311Keys";
import { Webhooks } from "./Webhooks";

export interface IntegrationUnit {
  id: string;
  slug: string;
  name: string;
}

interface Props {
  unit: IntegrationUnit | null;
  /** The unit's admin (integrations.manage): everything here needs it. */
  canManage: boolean;
  onUnauthorized: () => void;
}

/** A unit's links with outside systems: Open311 client keys and webhooks with their delivery log. */
export function IntegrationsPage({ unit, canManage, onUnauthorized }: Props) {
  const [status, setStatus] = useState("");
  return (
    <main id="main" className="content integrations" tabIndex={-1}>
      <div className="page-head">
        <h1 id="integrations-title" tabIndex={-1}>
          {t("integrationsTitle")}
        </h1>
        <p className="status-line" aria-live="polite">
          {status}
        </p>
      </div>
      {!unit && <p>{t("chooseUnitFirst")}</p>}
      {unit && !canManage && <p className="notice">{t("integrationsReadOnly")}</p>}
      {unit && canManage && (
        <>
          <p className="muted">{t("integrationsIntro", { unit: unit.name })}</p>
          <Open311Keys unit={unit} onStatus={setStatus} onUnauthorized={onUnauthorized} />
          <Webhooks unit={unit} onStatus={setStatus} onUnauthorized={onUnauthorized} />
          <SignatureHelp />
        </>
      )}
    </main>
  );
}

const FORMULA = `v1 = HMAC-SHA256(secret, \`\${t}.\${rawBody}\`)`;

const VERIFY_EXAMPLE = `import { createHmac, timingSafeEqual } from "node:crypto";

function verify(secret, signatureHeader, rawBody) {
  const { t, v1 = "" } = Object.fromEntries(signatureHeader.split(",").map((part) => part.split("=")));
  const mac = createHmac("sha256", secret).update(\`\${t}.\${rawBody}\`).digest("hex");
  const fresh = Math.abs(Date.now() / 1000 - Number(t)) <= 300;
  return fresh && v1.length === mac.length && timingSafeEqual(Buffer.from(v1), Buffer.from(mac));
}`;

function SignatureHelp() {
  return (
    <section className="panel" aria-labelledby="signature-title">
      <h2 id="signature-title">{t("sigTitle")}</h2>
      <p>{t("sigIntro")}</p>
      <ul className="header-list">
        <li>
          <code>Gopy-Signature: {t("sigHeaderFormat")}</code> — {t("sigSignature")} <code>{FORMULA}</code>
        </li>
        <li>
          <code>Gopy-Event</code>: {t("sigEvent")}
        </li>
        <li>
          <code>Gopy-Delivery</code>: {t("sigDelivery")}
        </li>
      </ul>
      <p>{t("sigCheck")}</p>
      <h3>{t("sigExample")}</h3>
      <pre className="code-block">
        <code>{VERIFY_EXAMPLE}</code>
      </pre>
    </section>
  );
}
