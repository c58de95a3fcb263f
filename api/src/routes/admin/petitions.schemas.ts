import { z } from "zod";
import { ZDay, ZTimestamp, ZUuid } from "../../http/openapi.ts";
import { PETITION_KINDS } from "../../petitions/deadlines.ts";
import { PETITION_EVENTS, PETITION_STATES } from "../../petitions/lifecycle.ts";
import { ON_BEHALF_VIA } from "../../petitions/service.ts";

/**
 * Response schemas of the staff petition routes, for the OpenAPI document only (never used to
 * parse). They follow what the handlers send: case times in Vietnam's offset (`+07:00`).
 */

export const ZPetitionKind = z.enum(PETITION_KINDS);
export const ZPetitionState = z.enum(PETITION_STATES);
export const ZPetitionChannel = z.enum([
  "web",
  "paper",
  "phone",
  "email",
  "in_person",
  "survey_comment",
  "open311",
]);
const ZOutcome = z
  .enum(["early", "on_time", "late"])
  .meta({ description: "Timeliness against the deadline, stamped once when the step was done" });
const ZDueStatus = z
  .enum(["overdue", "due_today", "due_soon", "on_track", "done"])
  .meta({ description: "How close an open case is to its answer-by day (due_soon: at most 2 working days)" });
const ZTrackingCode = z.string().meta({ description: "The citizen's tracking code, e.g. DEMO-2611-7Q4MXK" });

/** One case in the inbox. */
export const ZPetitionSummary = z.strictObject({
  id: ZUuid,
  trackingCode: ZTrackingCode,
  unitId: ZUuid,
  kind: ZPetitionKind,
  channel: ZPetitionChannel,
  subject: z.string(),
  state: ZPetitionState,
  receivedAt: ZTimestamp,
  acknowledgeBy: ZTimestamp,
  dueBy: ZTimestamp.meta({ description: "Answer-by deadline (moved on when a paused clock restarts)" }),
  due: ZDueStatus,
  outcome: ZOutcome.nullable(),
  assigneeUserId: ZUuid.nullable(),
  assigneeUnitId: ZUuid.nullable().meta({ description: "The team (tổ chuyên môn) the case is assigned to" }),
  paused: z
    .boolean()
    .meta({ description: "The clock is stopped while waiting for the citizen's information" }),
});

export const ZPetitionList = z.strictObject({
  items: z.array(ZPetitionSummary).meta({ description: "At most 500 cases, soonest deadline first" }),
});

const ZHistoryEvent = z.enum([
  ...PETITION_EVENTS,
  "submit",
  "register",
  "note",
  "apology",
  "rate",
  "extend",
  "deadline_moved",
]);

export const ZPetitionDetail = ZPetitionSummary.extend({
  content: z.string(),
  consentToContact: z.boolean(),
  consentToPublish: z.boolean(),
  acknowledgedAt: ZTimestamp.nullable(),
  acknowledgeOutcome: ZOutcome.nullable(),
  answeredAt: ZTimestamp.nullable(),
  closedAt: ZTimestamp.nullable(),
  answer: z.string().nullable(),
  forwardedTo: z.string().nullable(),
  rejectReason: z.string().nullable(),
  rating: z
    .strictObject({
      value: z.enum(["satisfied", "not_satisfied"]),
      reason: z.enum(["vague", "no_evidence", "not_resolved", "slow"]).nullable(),
      at: ZTimestamp,
    })
    .nullable()
    .meta({ description: "The citizen's rating of the answer" }),
  contact: z
    .strictObject({ name: z.string().nullable(), phone: z.string().nullable(), email: z.string().nullable() })
    .nullable()
    .optional()
    .meta({
      description:
        "Who sent it (null: left no contact). Absent for callers without `petitions.contact` on the case (see `contactHidden`).",
    }),
  contactHidden: z.boolean(),
  unitName: z.string(),
  assignee: z.strictObject({
    userName: z.string().nullable(),
    unitName: z.string().nullable().meta({ description: "The assigned team's name" }),
  }),
  apology: z
    .strictObject({ sentAt: ZTimestamp, number: z.string(), newDate: ZDay })
    .nullable()
    .meta({ description: "The apology letter for a late answer, when one was issued" }),
  attachments: z.array(
    z.strictObject({
      id: ZUuid,
      filename: z.string(),
      mediaType: z.enum(["image/jpeg", "image/png", "application/pdf"]),
      size: z.number().int(),
      uploadedBy: z.enum(["citizen", "staff"]),
      url: z.string().meta({ description: "Download path" }),
    }),
  ),
  attachmentsHidden: z
    .boolean()
    .meta({ description: "A denunciation's files are withheld from callers without `petitions.contact`" }),
  publication: z
    .strictObject({ question: z.string(), answer: z.string(), publishedAt: ZTimestamp })
    .nullable()
    .meta({ description: "The redacted question and answer published on the unit's page" }),
  allowedEvents: z
    .array(z.enum(PETITION_EVENTS))
    .meta({ description: "The moves the caller may make now (state machine and role)" }),
  history: z.array(
    z.strictObject({
      id: z.string(),
      at: ZTimestamp,
      actor: z.enum(["staff", "citizen", "system"]),
      actorName: z.string().nullable(),
      event: ZHistoryEvent,
      fromState: ZPetitionState.nullable(),
      toState: ZPetitionState.nullable(),
      public: z.boolean().meta({ description: "Shown on the citizen's tracking page" }),
      note: z.string().nullable(),
      onBehalfOf: z
        .strictObject({ via: z.enum(ON_BEHALF_VIA) })
        .nullable()
        .meta({
          description:
            "A withdrawal or reopening the staff member (`actorName`) recorded at the sender's request, and how they asked",
        }),
    }),
  ),
});

export const ZTransitionResult = z.strictObject({
  id: ZUuid,
  state: ZPetitionState,
  outcome: ZOutcome.nullable(),
  dueBy: ZTimestamp,
});

export const ZStoredAttachment = z.strictObject({
  id: ZUuid,
  filename: z.string(),
  mediaType: z.enum(["image/jpeg", "image/png", "application/pdf"]),
  size: z.number().int(),
  url: z.string().meta({ description: "Download path" }),
});

export const ZPublished = z.strictObject({
  question: z.string(),
  answer: z.string(),
  publishedAt: ZTimestamp,
});

export const ZRegistered = z.strictObject({
  id: ZUuid,
  trackingCode: ZTrackingCode,
  citizenKey: z
    .string()
    .regex(/^[2-9A-HJ-NP-Z]{10}$/)
    .meta({
      description:
        "The sender's secret key, shown this once (only its hash is kept): hand it to the sender with the code, " +
        "for them to follow, rate, reopen or withdraw the case",
    }),
  acknowledgeBy: ZTimestamp,
  dueBy: ZTimestamp,
});

/** The dashboard targets, shares between 0 and 1. */
export const ZTargetValues = z.strictObject({
  answered: z.number(),
  onTime: z.number(),
  early: z.number(),
  satisfied: z.number(),
});

const ZRate = z
  .number()
  .nullable()
  .meta({ description: "A share between 0 and 1; null when nothing to count" });

export const ZMonthFigures = z.strictObject({
  month: z.string().meta({ description: "YYYY-MM" }),
  asOf: ZTimestamp.meta({ description: "The month's end, or now for the running month (UTC)" }),
  received: z.number().int(),
  acknowledgedInTime: z.number().int(),
  acknowledgedLate: z.number().int(),
  answered: z.number().int(),
  early: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  openAtEnd: z.number().int(),
  openOverdue: z.number().int(),
  withdrawn: z.number().int().meta({ description: "Cases the citizens withdrew during the month" }),
  withdrawnLate: z.number().int().meta({
    description: "Of those, the ones withdrawn once overdue: counted late in the on-time rate",
  }),
  onTimeRate: ZRate,
  earlyRate: ZRate,
  responseRate: ZRate,
  avgWorkingDaysToAnswer: z.number().nullable(),
  p90WorkingDaysToAnswer: z.number().nullable(),
  rated: z.number().int(),
  satisfied: z.number().int(),
  satisfiedRate: ZRate,
  notSatisfiedReasons: z
    .record(z.string(), z.number().int())
    .meta({ description: "Count per reason given by dissatisfied citizens (`other` when none)" }),
  targets: z
    .strictObject({
      answered: z.boolean().nullable(),
      onTime: z.boolean().nullable(),
      early: z.boolean().nullable(),
      satisfied: z.boolean().nullable(),
    })
    .meta({ description: "Whether each target is met (null: nothing to measure)" }),
  goals: ZTargetValues.meta({ description: "The targets the figures were compared with" }),
});

const ZUnitRef = z.strictObject({ id: ZUuid, name: z.string() });

export const ZPetitionFigures = z.strictObject({
  unit: ZUnitRef,
  month: z.string().meta({ description: "YYYY-MM" }),
  total: ZMonthFigures.meta({ description: "The unit and every unit below it" }),
  own: ZMonthFigures.meta({ description: "The unit's own cases only" }),
  children: z.array(z.strictObject({ unit: ZUnitRef, figures: ZMonthFigures })).meta({
    description: "Each unit directly below (not archived), with its whole subtree and its own targets",
  }),
});
