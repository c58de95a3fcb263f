import type { PetitionKindColumn } from "@gopy/db";
import { randomCode, UNAMBIGUOUS_UPPER } from "../codes.ts";
import { AppError, notFound, validationFailed } from "../errors.ts";
import type { AppDeps } from "../http/types.ts";
import { enqueueMessage } from "../outbox/outbox.ts";
import { vnDay } from "../time.ts";
import { emitPetitionEvent } from "../webhooks/events.ts";
import { claimAttachments } from "./attachments.ts";
import { citizenKeyHash, newCitizenKey } from "./citizen-key.ts";
import { clockLaw } from "./clocks.ts";
import { countsFromAcceptance, deadlinesFor, type PetitionKind } from "./deadlines.ts";
import { loadCalendar, loadPetitionSettings } from "./repository.ts";

type Deps = Pick<AppDeps, "database" | "clock" | "config">;

export interface PetitionSubmission {
  submissionId: string;
  kind: PetitionKindColumn;
  subject: string;
  content: string;
  contact?: { name?: string; phone?: string; email?: string };
  consentToContact: boolean;
  consentToPublish: boolean;
  /** Ids of files uploaded to the unit beforehand. */
  attachments?: string[];
  /** How it arrived: the public form, or an Open311 client. */
  channel?: "web" | "open311";
  location?: { lat?: number; long?: number; address?: string };
}

/**
 * The rules every channel applies: a denunciation names its sender and a way to reach them (the
 * law does not handle anonymous ones); consent to be contacted needs a phone or email.
 */
export function checkPetitionRules(
  input: Pick<PetitionSubmission, "kind" | "contact" | "consentToContact" | "consentToPublish">,
): void {
  const contact = input.contact;
  const reachable = !!(contact?.phone?.trim() || contact?.email?.trim());
  if (input.kind === "denunciation" && (!contact?.name?.trim() || !reachable)) {
    throw validationFailed([{ field: "contact", message: "denunciation_needs_identity" }]);
  }
  if (input.consentToContact && !reachable)
    throw validationFailed([{ field: "contact", message: "contact_needed" }]);
  // A denouncer's identity is confidential by law: a denunciation is never published.
  if (input.kind === "denunciation" && input.consentToPublish) {
    throw validationFailed([{ field: "consentToPublish", message: "denunciation_not_public" }]);
  }
}

/** ISO 8601 in Vietnam's offset, as citizens and partner systems read deadlines. */
export function vnIso(at: Date): string {
  const local = new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 19);
  return `${local}+07:00`;
}

/** `DEMO-2611-7Q4MXK`: the unit, the month received, six unguessable characters (no 0/O/1/I). */
export function newTrackingCode(unitSlug: string, receivedAt: Date): string {
  const prefix =
    unitSlug
      .replace(/[^a-z0-9]/gi, "")
      .slice(0, 6)
      .toUpperCase() || "GY";
  const yymm = vnDay(receivedAt).slice(2, 7).replace("-", "");
  return `${prefix}-${yymm}-${randomCode(6, UNAMBIGUOUS_UPPER)}`;
}

const KIND_VI: Record<PetitionKindColumn, string> = {
  reflection: "phản ánh",
  recommendation: "kiến nghị",
  suggestion: "góp ý",
  question: "câu hỏi",
  complaint: "khiếu nại",
  denunciation: "tố cáo",
};

/**
 * The sender's own link to the case: the key rides in the fragment, which browsers never send to a
 * server nor in a Referer, so it stays out of every access log.
 */
export function citizenLink(publicBaseUrl: string, trackingCode: string, key: string): string {
  return `${publicBaseUrl}/t/${trackingCode}#k=${key}`;
}

function receiptBody(
  u: { name: string },
  p: { trackingCode: string; citizenKey: string; kind: PetitionKindColumn },
  url: string,
  dueBy: Date,
) {
  const due = new Intl.DateTimeFormat("vi-VN", { timeZone: "Asia/Ho_Chi_Minh", dateStyle: "short" }).format(
    dueBy,
  );
  return [
    "Xin chào,",
    "",
    `${u.name} đã nhận ${KIND_VI[p.kind]} của bạn. Mã theo dõi: ${p.trackingCode}`,
    `Mã bí mật: ${p.citizenKey} (chỉ bạn giữ; không chia sẻ cho người khác)`,
    `Hạn trả lời: ${due}. Theo dõi tiến độ, đánh giá câu trả lời tại:`,
    url,
    "",
    "—",
    `${u.name} has received your message. Tracking code: ${p.trackingCode}, secret key: ${p.citizenKey} ` +
      "(keep it to yourself). Follow the case at the link above.",
  ].join("\n");
}

/**
 * Registers a citizen's message with its deadlines and hands its sender a key, returned once (only
 * its hash is kept). A repeated submission id (a retry after a lost confirmation) returns the first
 * registration with a new key, since the first answer may never have arrived: the submission id is
 * known only to the sender's device. A contact email gets the code and key through the outbox, in
 * the same transaction.
 */
export async function submitPetition(deps: Deps, unitSlug: string, input: PetitionSubmission) {
  const db = deps.database.db;
  const unit = await db
    .selectFrom("unit")
    .select(["id", "slug", "name"])
    .where("slug", "=", unitSlug)
    .where("archived_at", "is", null)
    .executeTakeFirst();
  if (!unit) throw notFound("unit_not_found");

  const previous = await db
    .selectFrom("petition")
    .select(["id", "kind", "tracking_code", "acknowledge_by", "answer_by", "unit_id"])
    .where("submission_id", "=", input.submissionId)
    .executeTakeFirst();
  if (previous) {
    if (previous.unit_id !== unit.id) {
      throw new AppError("submission_conflict", 409, {
        fields: [{ field: "submissionId", message: "field_invalid" }],
      });
    }
    const citizenKey = newCitizenKey();
    const now = deps.clock.now();
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable("petition")
        .set({
          citizen_key_hash: citizenKeyHash(previous.tracking_code, citizenKey),
          legacy_code_access: false,
        })
        .where("id", "=", previous.id)
        .execute();
      // The key emailed at first no longer works: the sender's email gets the one that does.
      const email = await trx
        .selectFrom("petition_contact")
        .select("email")
        .where("petition_id", "=", previous.id)
        .executeTakeFirst();
      if (email?.email) {
        const kind = previous.kind as PetitionKindColumn;
        const trackingCode = previous.tracking_code;
        await enqueueMessage(
          trx,
          {
            recipient: email.email,
            subject: `${unit.name}: đã nhận ${KIND_VI[kind]} — mã ${trackingCode}`,
            body: receiptBody(
              unit,
              { trackingCode, citizenKey, kind },
              citizenLink(deps.config.publicBaseUrl, trackingCode, citizenKey),
              previous.answer_by,
            ),
          },
          now,
        );
      }
    });
    return {
      created: false,
      body: responseBody(previous.tracking_code, citizenKey, previous.acknowledge_by, previous.answer_by),
    };
  }

  const now = deps.clock.now();
  const calendar = await loadCalendar(db, unit.id);
  const settings = await loadPetitionSettings(db, unit.id);
  const deadlines = deadlinesFor(input.kind, now, calendar, settings.rules[input.kind], settings.remoteArea);
  const contact = cleanContact(input.contact);
  return db.transaction().execute(async (trx) => {
    const citizenKey = newCitizenKey();
    for (let attempt = 0; ; attempt++) {
      const trackingCode = newTrackingCode(unit.slug, now);
      const row = await trx
        .insertInto("petition")
        .values({
          unit_id: unit.id,
          tracking_code: trackingCode,
          submission_id: input.submissionId,
          kind: input.kind,
          channel: input.channel ?? "web",
          lat: input.location?.lat ?? null,
          long: input.location?.long ?? null,
          address: input.location?.address ?? null,
          subject: input.subject,
          content: input.content,
          consent_contact: input.consentToContact,
          consent_publish: input.consentToPublish,
          received_at: now,
          acknowledge_by: deadlines.acknowledgeBy,
          answer_by: deadlines.answerBy,
          citizen_key_hash: citizenKeyHash(trackingCode, citizenKey),
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.column("tracking_code").doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) {
        if (attempt >= 5) throw new Error("could not find a free tracking code");
        continue;
      }
      if (contact)
        await trx
          .insertInto("petition_contact")
          .values({ petition_id: row.id, ...contact })
          .execute();
      await claimAttachments(trx, unit.id, row.id, input.attachments ?? []);
      await emitPetitionEvent(trx, row, { type: "petition.created" }, now, deps.config.publicBaseUrl);
      await trx
        .insertInto("petition_event")
        .values({
          petition_id: row.id,
          at: now,
          actor: "citizen",
          event: "submit",
          to_state: "received",
          public: true,
        })
        .execute();
      if (contact?.email) {
        const url = citizenLink(deps.config.publicBaseUrl, trackingCode, citizenKey);
        await enqueueMessage(
          trx,
          {
            recipient: contact.email,
            subject: `${unit.name}: đã nhận ${KIND_VI[input.kind]} — mã ${trackingCode}`,
            body: receiptBody(unit, { trackingCode, citizenKey, kind: input.kind }, url, deadlines.answerBy),
          },
          now,
        );
      }
      return {
        created: true,
        body: responseBody(trackingCode, citizenKey, deadlines.acknowledgeBy, deadlines.answerBy),
      };
    }
  });
}

function cleanContact(contact: PetitionSubmission["contact"]) {
  if (!contact) return null;
  const name = contact.name?.trim() || null;
  const phone = contact.phone?.replace(/[\s.-]/g, "") || null;
  const email = contact.email?.trim().toLowerCase() || null;
  return name || phone || email ? { name, phone, email } : null;
}

function responseBody(trackingCode: string, citizenKey: string, acknowledgeBy: Date, answerBy: Date) {
  return { trackingCode, citizenKey, acknowledgeBy: vnIso(acknowledgeBy), dueBy: vnIso(answerBy) };
}

/**
 * What the sender (holding the code and key) sees: never a name, phone, email or the text itself,
 * nor which staff member did what.
 */
export async function trackPetition(deps: Deps, code: string) {
  const db = deps.database.db;
  const p = await db
    .selectFrom("petition as p")
    .innerJoin("unit as u", "u.id", "p.unit_id")
    .select([
      "p.id",
      "p.tracking_code",
      "p.kind",
      "p.state",
      "p.received_at",
      "p.acknowledge_by",
      "p.answer_by",
      "p.acknowledged_at",
      "p.answered_at",
      "p.closed_at",
      "p.outcome",
      "p.answer",
      "p.rating",
      "p.rating_reason",
      "p.rated_at",
      "p.forwarded_to",
      "p.reject_reason",
      "u.name as unit_name",
    ])
    .where("p.tracking_code", "=", code)
    .executeTakeFirst();
  if (!p) throw notFound("petition_not_found");
  const history = await db
    .selectFrom("petition_event")
    .select(["at", "event", "to_state", "note", "details"])
    .where("petition_id", "=", p.id)
    .where("public", "=", true)
    .orderBy("at")
    .orderBy("id")
    .execute();
  const iso = (d: Date | null) => (d ? vnIso(d) : null);
  const kind = p.kind as PetitionKind;
  const fromAcceptance = countsFromAcceptance(kind);
  return {
    trackingCode: p.tracking_code,
    unit: { name: p.unit_name },
    kind: p.kind,
    state: p.state,
    receivedAt: vnIso(p.received_at),
    acknowledgeBy: vnIso(p.acknowledge_by),
    dueBy: vnIso(p.answer_by),
    acknowledgedAt: iso(p.acknowledged_at),
    answeredAt: iso(p.answered_at),
    closedAt: iso(p.closed_at),
    outcome: p.outcome,
    answer: p.answer,
    forwardedTo: p.forwarded_to,
    rejectReason: p.reject_reason,
    rating: p.rating ? { value: p.rating, reason: p.rating_reason, at: iso(p.rated_at) } : null,
    clock: {
      countedFrom: fromAcceptance ? "acceptance" : "receipt",
      law: clockLaw(kind),
      acceptedAt: fromAcceptance ? iso(p.acknowledged_at) : null,
      extensions: history
        .filter((h) => h.event === "extend")
        .map((h) => {
          const d = h.details as { reason: "complex" | "especially_complex"; answerBy: string };
          return { at: vnIso(h.at), reason: d.reason, answerBy: vnIso(new Date(d.answerBy)) };
        }),
    },
    history: history.map((h) => ({
      at: vnIso(h.at),
      event: h.event,
      state: h.to_state,
      note: h.note,
      onBehalfOfSender: isOnBehalf(h.details),
    })),
  };
}

/** How a sender asked staff to withdraw or reopen their case for them. */
export const ON_BEHALF_VIA = ["phone", "in_person", "letter", "email"] as const;

/** Details of a withdrawal or reopening staff recorded at the sender's request. */
export interface OnBehalfDetails {
  onBehalfOfSender: true;
  via: (typeof ON_BEHALF_VIA)[number];
}

export const isOnBehalf = (details: unknown): boolean =>
  typeof details === "object" && details !== null && (details as OnBehalfDetails).onBehalfOfSender === true;
