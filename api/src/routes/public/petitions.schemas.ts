import type { UnitKind } from "@gopy/db";
import { z } from "zod";
import { ZDay, ZTimestamp, ZUuid } from "../../http/openapi.ts";
import { PETITION_KINDS } from "../../petitions/deadlines.ts";
import { PETITION_EVENTS, PETITION_STATES } from "../../petitions/lifecycle.ts";

/**
 * What the public petition routes send, for the OpenAPI document (never used to parse). Times are
 * Vietnam time with its offset (`2026-11-23T09:00:00+07:00`), as citizens read their deadlines.
 */

export const ZRatingReason = z.enum(["vague", "no_evidence", "not_resolved", "slow"]);

const ZKind = z.enum(PETITION_KINDS);
const ZState = z.enum(PETITION_STATES);
const UNIT_KINDS = ["department", "ward", "school", "team"] as const satisfies readonly UnitKind[];

/** `DEMO-2611-7Q4MXK`: the unit, the month received, six characters without 0/O/1/I. */
export const ZTrackingCode = z
  .string()
  .regex(/^[A-Z0-9]{1,6}-\d{4}-[2-9A-HJ-NP-Z]{6}$/)
  .meta({ examples: ["DEMO-2611-7Q4MXK"] });

export const ZPublicUnit = z.strictObject({
  slug: z.string(),
  name: z.string(),
  kind: z.enum(UNIT_KINDS),
  petitionKinds: z.array(ZKind).meta({ description: "The kinds of message the form offers" }),
});

export const ZPublishedAnswers = z.strictObject({
  unit: z.strictObject({ name: z.string() }),
  items: z.array(
    z.strictObject({
      kind: ZKind,
      question: z.string().meta({ description: "The question as redacted by staff" }),
      answer: z.string(),
      answeredAt: ZDay.nullable().meta({
        description: "The day only (Vietnam time): no hour that singles a case out",
      }),
      publishedAt: ZDay.meta({ description: "The day only (Vietnam time)" }),
    }),
  ),
});

export const ZStoredAttachment = z.strictObject({
  id: ZUuid.meta({ description: "Send it in the case's `attachments` within a day" }),
  filename: z.string(),
  mediaType: z.enum(["image/jpeg", "image/png", "application/pdf"]),
  size: z.number().int().meta({ description: "Bytes" }),
});

/** The sender's secret: 10 characters without 0/O/1/I, shown once. */
export const ZCitizenKey = z
  .string()
  .regex(/^[2-9A-HJ-NP-Z]{10}$/)
  .meta({ examples: ["K7QM4XR2PT"] });

export const ZSubmitted = z.strictObject({
  trackingCode: ZTrackingCode,
  citizenKey: ZCitizenKey.meta({
    description:
      "The sender's secret key, shown this once: send it as `X-Citizen-Key` to follow, rate, reopen or withdraw",
  }),
  acknowledgeBy: ZTimestamp.meta({ description: "When the unit must acknowledge the case at the latest" }),
  dueBy: ZTimestamp.meta({ description: "When the unit must answer at the latest" }),
});

/** Events shown on the tracking page: the state machine's moves plus the ones recorded beside it. */
const ZPublicEvent = z.enum([
  ...PETITION_EVENTS,
  "submit",
  "register",
  "rate",
  "apology",
  "extend",
  "deadline_moved",
]);

export const ZTracking = z
  .strictObject({
    trackingCode: ZTrackingCode,
    unit: z.strictObject({ name: z.string() }),
    kind: ZKind,
    state: ZState,
    receivedAt: ZTimestamp,
    acknowledgeBy: ZTimestamp,
    dueBy: ZTimestamp,
    acknowledgedAt: ZTimestamp.nullable(),
    answeredAt: ZTimestamp.nullable(),
    closedAt: ZTimestamp.nullable(),
    outcome: z
      .enum(["early", "on_time", "late"])
      .nullable()
      .meta({ description: "Whether the first answer came before, on or after its deadline" }),
    answer: z.string().nullable(),
    forwardedTo: z.string().nullable(),
    rejectReason: z.string().nullable(),
    rating: z
      .strictObject({
        value: z.enum(["satisfied", "not_satisfied"]),
        reason: ZRatingReason.nullable(),
        at: ZTimestamp,
      })
      .nullable(),
    clock: z
      .strictObject({
        countedFrom: z.enum(["receipt", "acceptance"]).meta({
          description: "Complaints and denunciations are resolved within a limit counted from acceptance",
        }),
        law: z.enum(["citizen_reception", "complaints", "denunciations"]).meta({
          description:
            "Law on Citizen Reception 2013 art. 28, Complaints 2011 art. 28, Denunciations 2018 art. 30",
        }),
        acceptedAt: ZTimestamp.nullable().meta({ description: "When the case was accepted (thụ lý)" }),
        extensions: z.array(
          z.strictObject({
            at: ZTimestamp,
            reason: z.enum(["complex", "especially_complex"]),
            answerBy: ZTimestamp,
          }),
        ),
      })
      .meta({ description: "How the deadline is counted, its legal basis and the extensions recorded" }),
    history: z.array(
      z.strictObject({
        at: ZTimestamp,
        event: ZPublicEvent,
        state: ZState.nullable().meta({ description: "The state after the event, when it changed one" }),
        note: z.string().nullable(),
        onBehalfOfSender: z.boolean().meta({
          description: "Recorded by the unit at the sender's request (by phone, in person, by letter…)",
        }),
      }),
    ),
  })
  .meta({ description: "What the sender sees: no name, contact, subject, text or staff member" });
