import type { Petition } from "@gopy/db";
import type { Context } from "hono";
import { Hono } from "hono";
import { sql } from "kysely";
import { z } from "zod";
import { writeAudit } from "../../audit.ts";
import { loadAccess } from "../../auth/access.ts";
import type { Action } from "../../auth/permissions.ts";
import { AppError, notFound } from "../../errors.ts";
import { describe } from "../../http/openapi.ts";
import type { AppEnv } from "../../http/types.ts";
import { validate } from "../../http/validate.ts";
import { authorize, type UnitOf, UUID, unitParam } from "../../middleware/authorize.ts";
import { renderApology } from "../../petitions/apology.ts";
import { claimAttachments, storeAttachment } from "../../petitions/attachments.ts";
import { addDays } from "../../petitions/calendar.ts";
import { citizenKeyHash, newCitizenKey } from "../../petitions/citizen-key.ts";
import { MAX_DENUNCIATION_EXTENSION_DAYS } from "../../petitions/clocks.ts";
import { deadlinesFor, PETITION_KINDS } from "../../petitions/deadlines.ts";
import { extendCase } from "../../petitions/extension.ts";
import { monthBounds, monthFigures } from "../../petitions/figures.ts";
import {
  type Actor,
  nextState,
  PETITION_EVENTS,
  PETITION_STATES,
  type PetitionState,
} from "../../petitions/lifecycle.ts";
import { checkPublicText, confirmationSummary, type PublicTextFinding } from "../../petitions/public-text.ts";
import { loadCalendar, loadCaseFacts, loadPetitionSettings } from "../../petitions/repository.ts";
import { erasePersonalData } from "../../petitions/retention.ts";
import {
  isOnBehalf,
  newTrackingCode,
  ON_BEHALF_VIA,
  type OnBehalfDetails,
  vnIso,
} from "../../petitions/service.ts";
import { applyTransition } from "../../petitions/transitions.ts";
import { vnDay } from "../../time.ts";
import { subtreeIds } from "../../units.ts";
import { emitPetitionEvent } from "../../webhooks/events.ts";
import {
  ZPetitionDetail,
  ZPetitionFigures,
  ZPetitionList,
  ZPublished,
  ZRegistered,
  ZStoredAttachment,
  ZTransitionResult,
} from "./petitions.schemas.ts";

/** The unit of the case in the path, for the one authorisation check. */
const petitionParam: UnitOf = async (c) => {
  const id = c.req.param("petitionId");
  if (!id || !UUID.test(id)) return undefined;
  const row = await c.var.deps.database.db
    .selectFrom("petition")
    .select(["unit_id", "assignee_unit_id"])
    .where("id", "=", id.toLowerCase())
    .executeTakeFirst();
  if (!row) return undefined;
  // An officer of a team (tổ chuyên môn) works the cases assigned to the team, not the school's others.
  if (
    !c.var.access.canSee(row.unit_id) &&
    row.assignee_unit_id &&
    c.var.access.canSee(row.assignee_unit_id)
  ) {
    return row.assignee_unit_id;
  }
  return row.unit_id;
};

/** May the caller do `action` on this case: through its unit, or through the team it is assigned to. */
function canOnCase(c: Context<AppEnv>, action: Action, p: Pick<Petition, "unit_id" | "assignee_unit_id">) {
  const access = c.var.access;
  return (
    access.can(action, p.unit_id) || (p.assignee_unit_id !== null && access.can(action, p.assignee_unit_id))
  );
}

/** Events that direct a case (principal, vice-principals); the others are work on it. */
const MANAGE_EVENTS = new Set(["acknowledge", "assign", "forward", "reject", "close"]);

/**
 * Officers see only what is assigned to them or to a team they belong to; the others with
 * `petitions.read_all` see every case of the unit.
 */
function mayOpen(c: Context<AppEnv>, p: Pick<Petition, "unit_id" | "assignee_user_id" | "assignee_unit_id">) {
  const access = c.var.access;
  if (access.can("petitions.read_all", p.unit_id)) return true;
  const me = c.var.user!.id;
  return (
    p.assignee_user_id === me ||
    (p.assignee_unit_id !== null && access.can("petitions.handle", p.assignee_unit_id))
  );
}

async function loadPetition(c: Context<AppEnv>): Promise<Petition> {
  const p = await c.var.deps.database.db
    .selectFrom("petition")
    .selectAll()
    .where("id", "=", c.req.param("petitionId")!.toLowerCase())
    .executeTakeFirst();
  if (!p || !mayOpen(c, p)) throw notFound("petition_not_found_admin");
  return p;
}

/** A staff member sent public text in which personal data seemed present, after checking it. */
async function auditConfirmation(
  trx: Parameters<typeof writeAudit>[0],
  c: Context<AppEnv>,
  p: Petition,
  findings: readonly PublicTextFinding[],
): Promise<void> {
  await writeAudit(trx, c, {
    action: "petition.personal_data_confirmed",
    unitId: p.unit_id,
    targetType: "petition",
    targetId: p.id,
    summary: { findings: confirmationSummary(findings) },
  });
}

type DueStatus = "overdue" | "due_today" | "due_soon" | "on_track" | "done";

/** How close an open case is to its answer-by day, in working days; a stopped clock is on track. */
function dueStatus(p: Petition, today: string, workingDaysLeft: number): DueStatus {
  if (
    p.closed_at ||
    p.answered_at ||
    ["answered", "closed", "forwarded", "rejected", "withdrawn"].includes(p.state)
  )
    return "done";
  if (p.paused_at) return "on_track";
  const due = vnDay(p.answer_by);
  if (due < today) return "overdue";
  if (due === today) return "due_today";
  return workingDaysLeft <= 2 ? "due_soon" : "on_track";
}

function summary(p: Petition, due: DueStatus) {
  return {
    id: p.id,
    trackingCode: p.tracking_code,
    unitId: p.unit_id,
    kind: p.kind,
    channel: p.channel,
    subject: p.subject,
    state: p.state,
    receivedAt: vnIso(p.received_at),
    acknowledgeBy: vnIso(p.acknowledge_by),
    dueBy: vnIso(p.answer_by),
    due,
    outcome: p.outcome,
    assigneeUserId: p.assignee_user_id,
    assigneeUnitId: p.assignee_unit_id,
    paused: p.paused_at !== null,
  };
}

const ZList = z.strictObject({
  unitId: z.uuid().optional(),
  state: z.enum(PETITION_STATES).optional(),
  kind: z.enum(PETITION_KINDS).optional(),
  due: z.enum(["overdue", "due_today", "due_soon", "on_track", "done"]).optional(),
  q: z.string().max(100).optional(),
  assignee: z.literal("me").optional(),
});
const ZTransition = z.strictObject({
  event: z.enum(PETITION_EVENTS),
  publicNote: z.string().max(2000).optional(),
  answer: z.string().max(10_000).optional(),
  assigneeUserId: z.uuid().nullable().optional(),
  assigneeUnitId: z.uuid().nullable().optional(),
  forwardedTo: z.string().max(300).optional(),
  rejectReason: z.string().max(2000).optional(),
  confirmPersonalData: z.boolean().optional().meta({
    description:
      "The texts shown on the tracking page were checked: send them even though personal data seems present",
  }),
});
const ZPublication = z.strictObject({
  question: z.string().trim().min(1).max(4000),
  answer: z.string().trim().min(1).max(10_000),
  confirmPersonalData: z.boolean().optional().meta({
    description: "The texts were checked: publish them even though personal data seems present",
  }),
});
const ZApology = z.strictObject({
  number: z.string().trim().min(1).max(40),
  newDate: z.iso.date(),
  place: z.string().trim().min(1).max(60),
  signerTitle: z.string().trim().min(1).max(60).default("Hiệu trưởng"),
  signerName: z.string().trim().min(1).max(100),
});
const KIND_LABELS: Record<string, string> = {
  reflection: "phản ánh",
  recommendation: "kiến nghị",
  suggestion: "góp ý",
  question: "câu hỏi",
  complaint: "đơn khiếu nại",
  denunciation: "đơn tố cáo",
};
const isOpenCase = (p: Petition) =>
  !["answered", "closed", "forwarded", "rejected", "withdrawn"].includes(p.state);
const ZNote = z.strictObject({ note: z.string().trim().min(1).max(4000) });
const ZRegister = z.strictObject({
  kind: z.enum(PETITION_KINDS),
  channel: z.enum(["paper", "phone", "email", "in_person", "survey_comment"]),
  subject: z.string().trim().min(1).max(200),
  content: z.string().trim().min(1).max(4000),
  receivedAt: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
  contact: z
    .strictObject({
      name: z.string().max(100).optional(),
      phone: z
        .string()
        // At least 8 digits, as on the public form: "--------" is no way to reach anyone.
        .regex(/^(?=(?:\D*\d){8})\+?[0-9 .-]{8,20}$/)
        .optional(),
      email: z.email().max(254).optional(),
    })
    .optional(),
  consentToContact: z.boolean().default(false),
  consentToPublish: z.boolean().default(false),
});

/** The staff inbox: cases with deadlines, their history, the moves allowed, and notes. */
export const adminPetitionRoutes = new Hono<AppEnv>()
  .get(
    "/",
    describe({
      summary: "List the petition cases the caller may open, with their deadlines",
      description:
        "Cases of every unit where the caller has `petitions.read` (with `unitId`: that unit and the units " +
        "below it), plus cases assigned to a team of theirs. Officers (without `petitions.read_all`) see only " +
        "cases assigned to them or to a team they work in. No contact details. At most 500 cases, soonest " +
        "answer-by day first; `due` is computed on the unit's working-day calendar.",
      responses: { 200: ZPetitionList },
    }),
    authorize("petitions.read"),
    validate("query", ZList),
    async (c) => {
      const { database, clock } = c.var.deps;
      const filters = c.req.valid("query");
      const readable = c.var.access.unitsWhere("petitions.read");
      let units = readable;
      if (filters.unitId) {
        if (readable !== "all" && !readable.includes(filters.unitId)) throw notFound();
        // A unit's inbox holds its own cases and those of the units below it (a ward over its schools).
        const subtree = await subtreeIds(database.db, filters.unitId, { includeArchived: true });
        units = subtree.filter((id) => readable === "all" || readable.includes(id));
      }
      let query = database.db
        .selectFrom("petition")
        .selectAll()
        .orderBy("answer_by")
        .orderBy("received_at")
        .limit(500);
      if (units !== "all") {
        const ids = units.length > 0 ? units : ["00000000-0000-0000-0000-000000000000"];
        // Cases of the units, and those assigned to one of them (a team works the school's cases).
        query = query.where((eb) => eb.or([eb("unit_id", "in", ids), eb("assignee_unit_id", "in", ids)]));
      }
      if (filters.state) query = query.where("state", "=", filters.state);
      if (filters.kind) query = query.where("kind", "=", filters.kind);
      if (filters.assignee === "me") query = query.where("assignee_user_id", "=", c.var.user!.id);
      if (filters.q) {
        const like = `%${filters.q.replace(/[%_\\]/g, "\\$&")}%`;
        query = query.where((eb) =>
          eb.or([eb("tracking_code", "ilike", like), eb("subject", "ilike", like)]),
        );
      }
      const rows = (await query.execute()).filter((p) => mayOpen(c, p));
      const today = vnDay(clock.now());
      const calendars = new Map<string, Awaited<ReturnType<typeof loadCalendar>>>();
      const items = [];
      for (const p of rows) {
        let calendar = calendars.get(p.unit_id);
        if (!calendar) {
          calendar = await loadCalendar(database.db, p.unit_id);
          calendars.set(p.unit_id, calendar);
        }
        const due = dueStatus(p, today, calendar.workingDaysBetween(today, vnDay(p.answer_by)));
        if (!filters.due || filters.due === due) items.push(summary(p, due));
      }
      return c.json({ items });
    },
  )
  .get(
    "/:petitionId",
    describe({
      summary: "Open one case: its text, deadlines, history, files and the moves allowed",
      description:
        "Officers open only cases assigned to them or their team (others answer 404). `contact` is present " +
        "only for callers with `petitions.contact` on the case (officers, managers, admins); for the others " +
        "(e.g. inspectors) it is absent and `contactHidden` is true. A denunciation's files are likewise " +
        "withheld (`attachmentsHidden`), since they could reveal who sent it. The history includes internal " +
        "notes (`public: false`).",
      responses: { 200: ZPetitionDetail },
    }),
    authorize("petitions.read", petitionParam),
    async (c) => {
      const { database, clock } = c.var.deps;
      const p = await loadPetition(c);
      const calendar = await loadCalendar(database.db, p.unit_id);
      const today = vnDay(clock.now());
      const events = await database.db
        .selectFrom("petition_event as e")
        .leftJoin("app_user as u", "u.id", "e.actor_user_id")
        .select([
          "e.id",
          "e.at",
          "e.actor",
          "e.event",
          "e.from_state",
          "e.to_state",
          "e.public",
          "e.note",
          "e.details",
          "u.display_name",
        ])
        .where("e.petition_id", "=", p.id)
        .orderBy("e.at")
        .orderBy("e.id")
        .execute();
      // Contact details only for those who work the case; a denouncer's identity never to oversight roles.
      const seesContact = canOnCase(c, "petitions.contact", p);
      const contact = seesContact
        ? await database.db
            .selectFrom("petition_contact")
            .select(["name", "phone", "email"])
            .where("petition_id", "=", p.id)
            .executeTakeFirst()
        : undefined;
      // Files are evidence for those who read the case; a denunciation's files could reveal who sent
      // it, so only those who may see contacts get them.
      const seesFiles = seesContact || p.kind !== "denunciation";
      const attachments = seesFiles
        ? await database.db
            .selectFrom("petition_attachment")
            .select(["id", "filename", "media_type", "size", "uploaded_by"])
            .where("petition_id", "=", p.id)
            .orderBy("created_at")
            .execute()
        : [];
      const named = await database.db
        .selectFrom("unit as u")
        .leftJoin("unit as team", (j) =>
          j.on("team.id", "=", p.assignee_unit_id ?? "00000000-0000-0000-0000-000000000000"),
        )
        .leftJoin("app_user as who", (j) =>
          j.on("who.id", "=", p.assignee_user_id ?? "00000000-0000-0000-0000-000000000000"),
        )
        .select(["u.name as unitName", "team.name as teamName", "who.display_name as userName"])
        .where("u.id", "=", p.unit_id)
        .executeTakeFirstOrThrow();
      const names = { unitName: named.unitName, teamName: named.teamName, userName: named.userName };
      const staffActor: Actor = "staff";
      // The rule the transitions route applies: directing a case needs petitions.manage on the
      // case's own unit (a team's manager works the team's cases but does not direct them).
      const allowedEvents = PETITION_EVENTS.filter(
        (event) =>
          nextState(p.state as PetitionState, event, staffActor) !== null &&
          (MANAGE_EVENTS.has(event)
            ? c.var.access.can("petitions.manage", p.unit_id)
            : canOnCase(c, "petitions.handle", p)),
      );
      return c.json({
        ...summary(p, dueStatus(p, today, calendar.workingDaysBetween(today, vnDay(p.answer_by)))),
        content: p.content,
        consentToContact: p.consent_contact,
        consentToPublish: p.consent_publish,
        acknowledgedAt: p.acknowledged_at ? vnIso(p.acknowledged_at) : null,
        acknowledgeOutcome: p.acknowledge_outcome,
        answeredAt: p.answered_at ? vnIso(p.answered_at) : null,
        closedAt: p.closed_at ? vnIso(p.closed_at) : null,
        answer: p.answer,
        forwardedTo: p.forwarded_to,
        rejectReason: p.reject_reason,
        rating: p.rating ? { value: p.rating, reason: p.rating_reason, at: vnIso(p.rated_at!) } : null,
        contact: seesContact ? (contact ?? null) : undefined,
        contactHidden: !seesContact,
        unitName: names.unitName,
        assignee: {
          userName: names.userName,
          unitName: names.teamName,
        },
        apology: p.apology_sent_at
          ? { sentAt: vnIso(p.apology_sent_at), number: p.apology_number, newDate: p.apology_new_date }
          : null,
        attachments: attachments.map((a) => ({
          id: a.id,
          filename: a.filename,
          mediaType: a.media_type,
          size: a.size,
          uploadedBy: a.uploaded_by,
          url: `/api/admin/petitions/${p.id}/attachments/${a.id}`,
        })),
        attachmentsHidden: !seesFiles,
        publication: p.published_at
          ? { question: p.published_question, answer: p.published_answer, publishedAt: vnIso(p.published_at) }
          : null,
        allowedEvents,
        history: events.map((e) => ({
          id: String(e.id),
          at: vnIso(e.at),
          actor: e.actor,
          actorName: e.display_name,
          event: e.event,
          fromState: e.from_state,
          toState: e.to_state,
          public: e.public,
          note: e.note,
          onBehalfOf: isOnBehalf(e.details) ? { via: (e.details as OnBehalfDetails).via } : null,
        })),
      });
    },
  )
  .post(
    "/:petitionId/transitions",
    describe({
      summary: "Move a case through its life: acknowledge, assign, start, answer, forward, close…",
      description:
        "Working events (start, request_info, info_received, answer) need `petitions.handle`; directing events " +
        "(acknowledge, assign, forward, reject, close) need `petitions.manage` on the case's unit. A move the " +
        "state machine does not allow from the current state answers 409 and changes nothing. The first staff " +
        "move stamps the acknowledgement and its timeliness; `answer` stamps the outcome; `request_info` stops " +
        "the clock and `info_received` extends the deadline by the pause. The move is shown on the tracking " +
        "page, and the citizen is emailed (when they left an email) on acknowledge, request_info, answer, " +
        "forward and reject. `answer`, `forwardedTo`, `rejectReason` are required by their events; `assign` " +
        "needs a staff member who may handle the unit's cases or a team within the unit. The texts the " +
        "tracking page shows (`answer`, `publicNote`, `forwardedTo`, `rejectReason`) are checked for personal " +
        "data: 422 `personal_data_found` lists each finding (`field`, `kind`, `text`, `start`, `end`) unless " +
        "`confirmPersonalData` is true (audited).",
      requestExample: {
        event: "answer",
        answer:
          "Nhà trường đã sửa lại mái che khu để xe và bố trí bảo vệ trực từ 6 giờ 30. Cảm ơn phụ huynh đã phản ánh.",
        publicNote: "Đã kiểm tra thực tế ngày 25/11.",
      },
      responses: { 200: ZTransitionResult },
    }),
    authorize("petitions.handle", petitionParam),
    validate("json", ZTransition),
    async (c) => {
      const { database, clock, config } = c.var.deps;
      const input = c.req.valid("json");
      const p = await loadPetition(c);
      if (MANAGE_EVENTS.has(input.event) && !c.var.access.can("petitions.manage", p.unit_id)) {
        throw new AppError("forbidden", 403);
      }
      if (input.event === "assign")
        await checkAssignee(c, p.unit_id, input.assigneeUserId, input.assigneeUnitId);
      // What the tracking page will show (public to whoever holds the code).
      const { confirmPersonalData, ...move } = input;
      const confirmed = checkPublicText(
        {
          ...(move.event === "answer" && { answer: move.answer }),
          ...(move.event === "forward" && { forwardedTo: move.forwardedTo }),
          ...(move.event === "reject" && { rejectReason: move.rejectReason }),
          publicNote: move.publicNote,
        },
        confirmPersonalData,
      );
      const updated = await database.db.transaction().execute(async (trx) => {
        if (confirmed.length > 0) await auditConfirmation(trx, c, p, confirmed);
        const next = await applyTransition(trx, p, move, {
          actor: "staff",
          actorUserId: c.var.user!.id,
          now: clock.now(),
          publicBaseUrl: config.publicBaseUrl,
        });
        await writeAudit(trx, c, {
          action: `petition.${input.event}`,
          unitId: p.unit_id,
          targetType: "petition",
          targetId: p.id,
          summary: {
            before: { state: p.state },
            after: {
              state: next.state,
              ...(input.event === "assign" && {
                assigneeUserId: next.assignee_user_id,
                assigneeUnitId: next.assignee_unit_id,
              }),
              ...(next.outcome !== p.outcome && { outcome: next.outcome }),
            },
          },
        });
        return next;
      });
      return c.json(moveResult(updated));
    },
  )
  .post(
    "/:petitionId/extend",
    describe({
      summary: "Extend the time to resolve an accepted complaint or denunciation, as its law allows",
      description:
        "Complaints: to 45 days from acceptance for a complex case (60 in a remote area), once (Law on Complaints " +
        "2011, art. 28). Denunciations: by up to 30 days (`days`), once, twice when especially complex (Law on " +
        "Denunciations 2018, art. 30). Only before the current limit runs out: 409 `extension_too_late` after it, " +
        "`extension_before_acceptance` before the case is accepted, `extension_limit_reached` past the law's count, " +
        "`extension_not_allowed` for other kinds. Needs `petitions.manage`; shown on the tracking page, so " +
        "personal data in `note` answers 422 `personal_data_found` unless `confirmPersonalData` is true.",
      requestExample: { reason: "complex", days: 30, note: "Cần xác minh thêm tại hai lớp học." },
      responses: { 200: ZTransitionResult },
    }),
    authorize("petitions.manage", petitionParam),
    validate(
      "json",
      z.strictObject({
        reason: z.enum(["complex", "especially_complex"]),
        days: z.number().int().min(1).max(MAX_DENUNCIATION_EXTENSION_DAYS).optional(),
        note: z.string().max(2000).optional(),
        confirmPersonalData: z.boolean().optional().meta({
          description:
            "The note (shown on the tracking page) was checked: keep it despite personal data found",
        }),
      }),
    ),
    async (c) => {
      const { database, clock, config } = c.var.deps;
      const { confirmPersonalData, ...input } = c.req.valid("json");
      const p = await loadPetition(c);
      const confirmed = checkPublicText({ note: input.note }, confirmPersonalData);
      const updated = await database.db.transaction().execute(async (trx) => {
        if (confirmed.length > 0) await auditConfirmation(trx, c, p, confirmed);
        const next = await extendCase(trx, p, input, {
          actorUserId: c.var.user!.id,
          now: clock.now(),
          publicBaseUrl: config.publicBaseUrl,
        });
        await writeAudit(trx, c, {
          action: "petition.extend",
          unitId: p.unit_id,
          targetType: "petition",
          targetId: p.id,
          summary: {
            before: { answerBy: p.answer_by },
            after: { answerBy: next.answer_by, reason: input.reason },
          },
        });
        return next;
      });
      return c.json(moveResult(updated));
    },
  )
  .post(
    "/:petitionId/on-behalf",
    describe({
      summary: "Record the sender's own request to withdraw or reopen their case, made by phone, in person…",
      description:
        "For a sender who asked the unit rather than using their key: `withdraw` (while the case is open or " +
        "waiting for information) or `reopen` (within 30 days of the answer), with the sender's rules (409 " +
        "otherwise). `via` says how they asked and `note` is required (who called, when, what they said): kept " +
        "for staff only. Recorded as the caller's act on the sender's behalf in the history and the audit log; " +
        "the tracking page says the unit recorded it at the sender's request (no staff name), and a sender who " +
        "left an email is told. Ratings are the sender's alone: there is no rating on their behalf. Needs " +
        "`petitions.manage` on the case's unit.",
      requestExample: {
        action: "withdraw",
        via: "phone",
        note: "Phụ huynh gọi điện lúc 9 giờ ngày 24/11, cho biết nhà trường đã giải quyết xong và xin rút phản ánh.",
      },
      responses: { 200: ZTransitionResult },
    }),
    authorize("petitions.manage", petitionParam),
    validate(
      "json",
      z.strictObject({
        action: z.enum(["withdraw", "reopen"]),
        via: z.enum(ON_BEHALF_VIA),
        note: z.string().trim().min(1).max(2000),
      }),
    ),
    async (c) => {
      const { database, clock, config } = c.var.deps;
      const input = c.req.valid("json");
      const p = await loadPetition(c);
      // Directing a case is done on its own unit (as for the transitions that close it).
      if (!c.var.access.can("petitions.manage", p.unit_id)) throw new AppError("forbidden", 403);
      const now = clock.now();
      const me = c.var.user!.id;
      const updated = await database.db.transaction().execute(async (trx) => {
        const next = await applyTransition(
          trx,
          p,
          { event: input.action },
          {
            actor: "citizen",
            actorUserId: null,
            now,
            publicBaseUrl: config.publicBaseUrl,
            onBehalf: { userId: me, via: input.via },
          },
        );
        await trx
          .insertInto("petition_event")
          .values({
            petition_id: p.id,
            at: now,
            actor: "staff",
            actor_user_id: me,
            event: "note",
            public: false,
            note: input.note.normalize("NFC"),
            details: JSON.stringify({ onBehalfOfSender: true, via: input.via } satisfies OnBehalfDetails),
          })
          .execute();
        await writeAudit(trx, c, {
          action: `petition.${input.action}_on_behalf`,
          unitId: p.unit_id,
          targetType: "petition",
          targetId: p.id,
          summary: {
            onBehalfOfSender: true,
            via: input.via,
            before: { state: p.state },
            after: { state: next.state },
          },
        });
        return next;
      });
      return c.json(moveResult(updated));
    },
  )
  .post(
    "/:petitionId/apology",
    describe({
      summary: "Issue the apology letter for a late answer and set a new answer date",
      description:
        "Only for a case answered late, or still open past its deadline with a running clock (else 409). " +
        "Records a public history entry with the new date; the letter is then downloadable as a PDF.",
      requestExample: {
        number: "15/CV-THDEMO",
        newDate: "2026-12-05",
        place: "Hà Nội",
        signerTitle: "Hiệu trưởng",
        signerName: "Nguyễn Thị Lan",
      },
      responses: {
        201: z.strictObject({ pdfUrl: z.string().meta({ description: "Path of the letter's PDF" }) }),
      },
    }),
    authorize("petitions.manage", petitionParam),
    validate("json", ZApology),
    async (c) => {
      const { database, clock } = c.var.deps;
      const p = await loadPetition(c);
      const input = c.req.valid("json");
      const now = clock.now();
      // A case waiting for the citizen's information has a stopped clock: not late (yet).
      const late =
        p.outcome === "late" ||
        (p.answered_at === null && p.paused_at === null && isOpenCase(p) && p.answer_by < now);
      if (!late) throw new AppError("not_late", 409);
      if (input.newDate <= vnDay(now)) {
        throw new AppError("validation_failed", 422, {
          fields: [{ field: "newDate", message: "apology_date_future" }],
        });
      }
      await database.db.transaction().execute(async (trx) => {
        await trx
          .updateTable("petition")
          .set({
            apology_sent_at: now,
            apology_number: input.number,
            apology_new_date: input.newDate,
            apology_signer: JSON.stringify({
              title: input.signerTitle,
              name: input.signerName,
              place: input.place,
            }),
            updated_at: now,
          })
          .where("id", "=", p.id)
          .execute();
        await trx
          .insertInto("petition_event")
          .values({
            petition_id: p.id,
            at: now,
            actor: "staff",
            actor_user_id: c.var.user!.id,
            event: "apology",
            public: true,
            note: `Nhà trường xin lỗi vì trả lời chậm và hẹn trả lời ngày ${input.newDate.split("-").reverse().join("/")}.`,
          })
          .execute();
        await writeAudit(trx, c, {
          action: "petition.apology",
          unitId: p.unit_id,
          targetType: "petition",
          targetId: p.id,
          summary: { after: { number: input.number, newDate: input.newDate } },
        });
      });
      return c.json({ pdfUrl: `/api/admin/petitions/${p.id}/apology.pdf` }, 201);
    },
  )
  .get(
    "/:petitionId/apology.pdf",
    describe({
      summary: "Download the apology letter of a late case as a PDF",
      description:
        "The letter names the addressee only for callers with `petitions.contact` on the case; for the others " +
        "the name is left out. 404 when no apology was issued.",
      responses: {
        200: { contentType: "application/pdf", description: "The apology letter" },
      },
    }),
    authorize("petitions.read", petitionParam),
    async (c) => {
      const db = c.var.deps.database.db;
      const p = await loadPetition(c);
      if (!p.apology_sent_at || !p.apology_new_date || !p.apology_signer) throw notFound("apology_not_found");
      const unit = await db
        .selectFrom("unit as u")
        .leftJoin("unit as parent", "parent.id", "u.parent_id")
        .select(["u.name", "parent.name as parentName"])
        .where("u.id", "=", p.unit_id)
        .executeTakeFirstOrThrow();
      // The letter is addressed to the person: only roles that may see contacts get their name in it.
      const contact = canOnCase(c, "petitions.contact", p)
        ? await db
            .selectFrom("petition_contact")
            .select("name")
            .where("petition_id", "=", p.id)
            .executeTakeFirst()
        : undefined;
      const signer = JSON.parse(p.apology_signer) as { title: string; name: string; place: string };
      const pdf = await renderApology({
        parentUnitName: unit.parentName,
        unitName: unit.name,
        place: signer.place,
        number: p.apology_number ?? "",
        issuedAt: p.apology_sent_at,
        recipientName: contact?.name ?? null,
        trackingCode: p.tracking_code,
        kindLabel: KIND_LABELS[p.kind] ?? p.kind,
        receivedAt: p.received_at,
        dueBy: p.answer_by,
        newDate: p.apology_new_date,
        signerTitle: signer.title,
        signerName: signer.name,
      });
      c.header("Content-Type", "application/pdf");
      c.header("Content-Disposition", `attachment; filename="thu-xin-loi-${p.tracking_code}.pdf"`);
      c.header("Cache-Control", "no-store");
      return c.body(new Uint8Array(pdf));
    },
  )
  .get(
    "/:petitionId/attachments/:attachmentId",
    describe({
      summary: "Download a file attached to a case",
      description:
        "Sent as an attachment, never rendered inline. A denunciation's files answer 404 to callers without " +
        "`petitions.contact` on the case.",
      responses: {
        200: {
          contentType: ["image/jpeg", "image/png", "application/pdf"],
          description: "The file as stored (its type was checked from its content at upload)",
        },
      },
    }),
    authorize("petitions.read", petitionParam),
    async (c) => {
      const p = await loadPetition(c);
      const attachmentId = c.req.param("attachmentId");
      if (!UUID.test(attachmentId)) throw notFound();
      if (p.kind === "denunciation" && !canOnCase(c, "petitions.contact", p)) throw notFound();
      const file = await c.var.deps.database.db
        .selectFrom("petition_attachment")
        .select(["filename", "media_type", "data"])
        .where("id", "=", attachmentId)
        .where("petition_id", "=", p.id)
        .executeTakeFirst();
      if (!file) throw notFound();
      c.header("Content-Type", file.media_type);
      c.header("Content-Disposition", `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
      c.header("Cache-Control", "private, no-store");
      c.header("Content-Security-Policy", "default-src 'none'; sandbox");
      return c.body(new Uint8Array(file.data));
    },
  )
  // On the person's request (Law on Personal Data Protection): erase, keep the figures.
  .post(
    "/:petitionId/erase-personal-data",
    describe({
      summary: "Erase a case's personal data on the person's request, keeping its figures",
      description:
        "Deletes the contact and the files, replaces the subject and text with a notice, and removes the " +
        "citizen's notes and rating reason. Kind, dates, state, outcome, rating and the unit's answer stay. " +
        "Cannot be undone.",
      responses: { 204: { description: "Erased" } },
    }),
    authorize("petitions.manage", petitionParam),
    async (c) => {
      const { database, clock } = c.var.deps;
      const p = await loadPetition(c);
      await database.db.transaction().execute(async (trx) => {
        await erasePersonalData(trx, p.id, clock.now());
        await writeAudit(trx, c, {
          action: "petition.erase_personal_data",
          unitId: p.unit_id,
          targetType: "petition",
          targetId: p.id,
        });
      });
      return c.body(null, 204);
    },
  )
  // Staff add their own files (a photo of the fix, a signed document); same checks as the public form.
  .post(
    "/:petitionId/attachments",
    describe({
      summary: "Attach a staff file to a case (a photo of the fix, a signed document)",
      description:
        "The request body is the file itself (not a form). JPEG, PNG or PDF as detected from the content, " +
        "at most 10 MB: another type answers 415, a larger file 413, an empty one 422.",
      query: z.object({
        name: z
          .string()
          .optional()
          .meta({ description: "The file's name, as shown and offered on download" }),
      }),
      requestBody: {
        contentType: "application/octet-stream",
        description: "The file's bytes",
        schema: { type: "string", contentMediaType: "application/octet-stream" },
      },
      responses: { 201: ZStoredAttachment },
    }),
    authorize("petitions.handle", petitionParam),
    async (c) => {
      const { database, clock } = c.var.deps;
      const p = await loadPetition(c);
      const stored = await storeAttachment(database.db, {
        unitId: p.unit_id,
        data: Buffer.from(await c.req.arrayBuffer()),
        filename: c.req.query("name"),
        by: "staff",
        now: clock.now(),
      });
      await database.db.transaction().execute(async (trx) => {
        await claimAttachments(trx, p.unit_id, p.id, [stored.id]);
        await writeAudit(trx, c, {
          action: "petition.attachment_add",
          unitId: p.unit_id,
          targetType: "petition",
          targetId: p.id,
          summary: { after: { filename: stored.filename, size: stored.size } },
        });
      });
      return c.json({ ...stored, url: `/api/admin/petitions/${p.id}/attachments/${stored.id}` }, 201);
    },
  )
  // A redacted question and answer, published when the sender consented and the case is answered.
  .put(
    "/:petitionId/publication",
    describe({
      summary: "Publish (or replace) a redacted question and answer of a case",
      description:
        "Only when the sender consented to publication, the case is answered or closed, its personal data " +
        "was not erased, and it is not a denunciation (else 409). Staff write the redacted texts themselves; " +
        "personal data found in them answers 422 `personal_data_found` with the findings unless " +
        "`confirmPersonalData` is true (audited).",
      requestExample: {
        question: "Khu để xe của học sinh bị dột khi trời mưa, nhà trường có kế hoạch sửa chữa không?",
        answer: "Nhà trường đã thay mái che khu để xe trong tháng 11/2026.",
      },
      responses: { 200: ZPublished },
    }),
    authorize("petitions.manage", petitionParam),
    validate("json", ZPublication),
    async (c) => {
      const { database, clock } = c.var.deps;
      const p = await loadPetition(c);
      const allowed =
        p.consent_publish &&
        p.kind !== "denunciation" &&
        (p.state === "answered" || p.state === "closed") &&
        !p.anonymized_at;
      if (!allowed) throw new AppError("publish_not_allowed", 409);
      const { question, answer, confirmPersonalData } = c.req.valid("json");
      const confirmed = checkPublicText({ question, answer }, confirmPersonalData);
      const now = clock.now();
      await database.db.transaction().execute(async (trx) => {
        if (confirmed.length > 0) await auditConfirmation(trx, c, p, confirmed);
        await trx
          .updateTable("petition")
          .set({ published_question: question, published_answer: answer, published_at: now, updated_at: now })
          .where("id", "=", p.id)
          .execute();
        await writeAudit(trx, c, {
          action: "petition.publish",
          unitId: p.unit_id,
          targetType: "petition",
          targetId: p.id,
        });
      });
      return c.json({ question, answer, publishedAt: vnIso(now) });
    },
  )
  .delete(
    "/:petitionId/publication",
    describe({
      summary: "Withdraw a case's published question and answer",
      responses: { 204: { description: "No longer published (also when it was not)" } },
    }),
    authorize("petitions.manage", petitionParam),
    async (c) => {
      const { database, clock } = c.var.deps;
      const p = await loadPetition(c);
      await database.db.transaction().execute(async (trx) => {
        await trx
          .updateTable("petition")
          .set({
            published_question: null,
            published_answer: null,
            published_at: null,
            updated_at: clock.now(),
          })
          .where("id", "=", p.id)
          .execute();
        await writeAudit(trx, c, {
          action: "petition.unpublish",
          unitId: p.unit_id,
          targetType: "petition",
          targetId: p.id,
        });
      });
      return c.body(null, 204);
    },
  )
  .post(
    "/:petitionId/notes",
    describe({
      summary: "Add an internal note to a case's history",
      description: "Seen by staff who open the case, never on the citizen's tracking page.",
      requestExample: { note: "Đã gọi điện cho phụ huynh, hẹn gặp vào sáng thứ Sáu." },
      responses: { 204: { description: "Noted" } },
    }),
    authorize("petitions.handle", petitionParam),
    validate("json", ZNote),
    async (c) => {
      const { database, clock } = c.var.deps;
      const p = await loadPetition(c);
      const { note } = c.req.valid("json");
      await database.db.transaction().execute(async (trx) => {
        await trx
          .insertInto("petition_event")
          .values({
            petition_id: p.id,
            at: clock.now(),
            actor: "staff",
            actor_user_id: c.var.user!.id,
            event: "note",
            public: false,
            note: note.normalize("NFC"),
          })
          .execute();
        await writeAudit(trx, c, {
          action: "petition.note",
          unitId: p.unit_id,
          targetType: "petition",
          targetId: p.id,
        });
      });
      return c.body(null, 204);
    },
  );

async function checkAssignee(
  c: Context<AppEnv>,
  unitId: string,
  userId: string | null | undefined,
  teamId: string | null | undefined,
) {
  const db = c.var.deps.database.db;
  if (teamId && !(c.var.access.canSee(teamId) && (await isWithin(c, teamId, unitId)))) {
    throw new AppError("assignee_invalid", 422, {
      fields: [{ field: "assigneeUnitId", message: "assignee_invalid" }],
    });
  }
  if (userId) {
    const user = await db
      .selectFrom("app_user")
      .select(["id", "is_superadmin", "disabled_at"])
      .where("id", "=", userId)
      .executeTakeFirst();
    const access = user && !user.disabled_at ? await loadAccess(db, user.id, false) : undefined;
    if (!access?.can("petitions.handle", unitId) && !(teamId && access?.can("petitions.handle", teamId))) {
      throw new AppError("assignee_invalid", 422, {
        fields: [{ field: "assigneeUserId", message: "assignee_invalid" }],
      });
    }
  }
}

/** True when `unitId` is `ancestorId` or below it. */
async function isWithin(c: Context<AppEnv>, unitId: string, ancestorId: string): Promise<boolean> {
  let current: string | null = unitId;
  for (let guard = 0; current && guard < 50; guard++) {
    if (current === ancestorId) return true;
    const row: { parent_id: string | null } | undefined = await c.var.deps.database.db
      .selectFrom("unit")
      .select("parent_id")
      .where("id", "=", current)
      .executeTakeFirst();
    current = row?.parent_id ?? null;
  }
  return false;
}

/** Staff enter what arrives on paper, by phone, by email or in person: same deadlines, same figures. */
/** What a move on a case answers: where the case stands and its answer-by date now. */
function moveResult(p: Petition): z.infer<typeof ZTransitionResult> {
  return { id: p.id, state: p.state as PetitionState, outcome: p.outcome, dueBy: vnIso(p.answer_by) };
}

export const adminUnitPetitionRoutes = new Hono<AppEnv>().post(
  "/",
  describe({
    summary: "Register a petition that arrived on paper, by phone, by email or in person",
    description:
      "Needs `petitions.manage` on the unit. Deadlines are counted from `receivedAt` (not in the future, " +
      "at most 90 days ago) with the unit's calendar and time limits, like the public form. No receipt email " +
      "is sent. The answer holds the sender's secret `citizenKey`, shown this once: hand it to the sender " +
      "with the tracking code (the code alone opens nothing on the tracking page).",
    requestExample: {
      kind: "reflection",
      channel: "paper",
      subject: "Cổng trường ùn tắc giờ tan học",
      content: "Giờ tan học buổi chiều, xe đưa đón đỗ kín cổng trường, học sinh đi bộ rất nguy hiểm.",
      receivedAt: "2026-11-20T08:30:00+07:00",
      contact: { name: "Trần Văn Minh", phone: "0912 345 678" },
      consentToContact: true,
      consentToPublish: false,
    },
    responses: { 201: ZRegistered },
  }),
  authorize("petitions.manage", unitParam),
  validate("json", ZRegister),
  async (c) => {
    const { database, clock } = c.var.deps;
    const unitId = c.req.param("unitId")!.toLowerCase();
    const input = c.req.valid("json");
    const now = clock.now();
    if (input.receivedAt > now) {
      throw new AppError("validation_failed", 422, {
        fields: [{ field: "receivedAt", message: "field_invalid" }],
      });
    }
    if (vnDay(input.receivedAt) < addDays(vnDay(now), -90)) {
      throw new AppError("validation_failed", 422, {
        fields: [{ field: "receivedAt", message: "field_invalid" }],
      });
    }
    const unit = await database.db
      .selectFrom("unit")
      .select("slug")
      .where("id", "=", unitId)
      .executeTakeFirstOrThrow();
    const calendar = await loadCalendar(database.db, unitId);
    const settings = await loadPetitionSettings(database.db, unitId);
    const deadlines = deadlinesFor(
      input.kind,
      input.receivedAt,
      calendar,
      settings.rules[input.kind],
      settings.remoteArea,
    );
    const citizenKey = newCitizenKey();
    const created = await database.db.transaction().execute(async (trx) => {
      let row: Petition | undefined;
      // A new random code in the rare case the first one is taken (as for the public form).
      for (let attempt = 0; !row; attempt++) {
        if (attempt >= 5) throw new Error("could not find a free tracking code");
        const trackingCode = newTrackingCode(unit.slug, input.receivedAt);
        row = await trx
          .insertInto("petition")
          .values({
            unit_id: unitId,
            tracking_code: trackingCode,
            citizen_key_hash: citizenKeyHash(trackingCode, citizenKey),
            kind: input.kind,
            channel: input.channel,
            subject: input.subject.normalize("NFC"),
            content: input.content.normalize("NFC"),
            consent_contact: input.consentToContact,
            consent_publish: input.consentToPublish,
            received_at: input.receivedAt,
            acknowledge_by: deadlines.acknowledgeBy,
            answer_by: deadlines.answerBy,
            created_at: now,
            updated_at: now,
          })
          .onConflict((oc) => oc.column("tracking_code").doNothing())
          .returningAll()
          .executeTakeFirst();
      }
      const contact = input.contact;
      if (contact && (contact.name || contact.phone || contact.email)) {
        await trx
          .insertInto("petition_contact")
          .values({
            petition_id: row.id,
            name: contact.name?.trim() || null,
            phone: contact.phone?.replace(/[\s.-]/g, "") || null,
            email: contact.email?.toLowerCase() || null,
          })
          .execute();
      }
      await trx
        .insertInto("petition_event")
        .values({
          petition_id: row.id,
          at: input.receivedAt,
          actor: "staff",
          actor_user_id: c.var.user!.id,
          event: "register",
          to_state: "received",
          public: true,
          note: null,
        })
        .execute();
      await emitPetitionEvent(trx, row, { type: "petition.created" }, now, c.var.deps.config.publicBaseUrl);
      await writeAudit(trx, c, {
        action: "petition.register",
        unitId,
        targetType: "petition",
        targetId: row.id,
        summary: { after: { kind: input.kind, channel: input.channel, trackingCode: row.tracking_code } },
      });
      return row;
    });
    return c.json(
      {
        id: created.id,
        trackingCode: created.tracking_code,
        citizenKey,
        acknowledgeBy: vnIso(deadlines.acknowledgeBy),
        dueBy: vnIso(deadlines.answerBy),
      },
      201,
    );
  },
);

const ZMonth = z.strictObject({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional(),
});

/** The 100% dashboard: a unit's month (its whole subtree), and each unit directly below it. */
export const adminUnitPetitionFigureRoutes = new Hono<AppEnv>().get(
  "/",
  describe({
    summary: "The month's petition figures of a unit, its whole subtree and each unit below it",
    description:
      "Aggregates only (`petitions.stats`): no case, no person. Timeliness uses the outcome stamped when each " +
      "case was answered; the running month is counted up to now. Defaults to the current month.",
    responses: { 200: ZPetitionFigures },
  }),
  authorize("petitions.stats", unitParam),
  validate("query", ZMonth),
  async (c) => {
    const { database, clock } = c.var.deps;
    const unitId = c.req.param("unitId")!.toLowerCase();
    const now = clock.now();
    const month = c.req.valid("query").month ?? vnDay(now).slice(0, 7);
    const { end } = monthBounds(month);
    const tree = await sql<{ id: string; parent_id: string | null; name: string; top: string }>`
      with recursive sub(id, parent_id, name, top) as (
        select id, parent_id, name, id from unit where id = ${unitId}
        union all
        select u.id, u.parent_id, u.name, case when sub.id = ${unitId} then u.id else sub.top end
        from unit u join sub on u.parent_id = sub.id where u.archived_at is null
      )
      select id, parent_id, name, top from sub`.execute(database.db);
    const { facts, calendarOf } = await loadCaseFacts(
      database.db,
      tree.rows.map((r) => r.id),
      end,
    );
    const topOf = new Map(tree.rows.map((r) => [r.id, r.top]));
    const self = tree.rows.find((r) => r.id === unitId)!;
    const children = tree.rows.filter((r) => r.parent_id === unitId);
    const targets = (await loadPetitionSettings(database.db, unitId)).targets;
    const childTargets = await Promise.all(
      children.map(async (child) => (await loadPetitionSettings(database.db, child.id)).targets),
    );
    return c.json({
      unit: { id: self.id, name: self.name },
      month,
      total: monthFigures(facts, month, now, calendarOf, targets),
      own: monthFigures(
        facts.filter((f) => f.unitId === unitId),
        month,
        now,
        calendarOf,
        targets,
      ),
      children: children.map((child, i) => ({
        unit: { id: child.id, name: child.name },
        figures: monthFigures(
          facts.filter((f) => topOf.get(f.unitId) === child.id),
          month,
          now,
          calendarOf,
          childTargets[i],
        ),
      })),
    });
  },
);
