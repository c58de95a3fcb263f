import { Hono } from "hono";
import { z } from "zod";
import { notFound } from "../../errors.ts";
import { clientIp } from "../../http/client-ip.ts";
import { describe, ZTimestamp, ZUuid } from "../../http/openapi.ts";
import type { AppEnv } from "../../http/types.ts";
import { validate } from "../../http/validate.ts";
import { ZLocalized, ZSection } from "../../surveys/definition.ts";
import { qrPng, qrSvg, surveyUrl } from "../../surveys/qr.ts";
import { findLinkByCode } from "../../surveys/repository.ts";
import {
  editDeviceResponse,
  getDeviceResponse,
  getPublicSurvey,
  submitResponse,
  surveyChallenge,
} from "../../surveys/service.ts";

const ZCodeParam = z.object({ code: z.string().regex(/^[a-z0-9]{4,32}$/) });
const ZDeviceToken = z.string().regex(/^[A-Za-z0-9_-]{22,64}$/);
const ZAnswers = z.record(z.string().max(64), z.unknown());
const ZSubmission = z.strictObject({
  submissionId: z.uuid(),
  answers: ZAnswers,
  deviceToken: ZDeviceToken.optional(),
  website: z.string().max(500).optional(),
  altcha: z.string().max(2000).optional(),
});
const ZEdit = z.strictObject({
  submissionId: z.uuid(),
  deviceToken: ZDeviceToken,
  answers: ZAnswers,
  website: z.string().max(500).optional(),
});
const ZDeviceHeader = z.object({ "x-device-token": ZDeviceToken });

// ---------- response schemas (documentation only) ----------

/** `R-7Q4M-K2XP`: what a parent keeps to show that their answer arrived. */
const ZReceipt = z
  .string()
  .regex(/^R-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/)
  .meta({ examples: ["R-7Q4M-K2XP"] });
const ZReceiptBody = z.strictObject({ receipt: ZReceipt });
/** Answers as stored after checking: hidden questions dropped, text trimmed and NFC. */
const ZStoredAnswers = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]),
);
const ZPublicSurvey = z.strictObject({
  code: z.string(),
  unit: z.strictObject({ slug: z.string(), name: z.string() }),
  survey: z.strictObject({
    id: ZUuid,
    versionId: ZUuid,
    title: ZLocalized,
    intro: ZLocalized,
    closesAt: ZTimestamp.nullable(),
  }),
  sections: z.array(ZSection),
});
const ZChallenge = z.strictObject({
  challenge: z
    .strictObject({
      algorithm: z.string(),
      challenge: z.string(),
      maxnumber: z.number().int().optional(),
      salt: z.string(),
      signature: z.string(),
    })
    .meta({ description: "ALTCHA v1 challenge; `maxnumber` is its difficulty" }),
});
const ZMine = z.strictObject({
  receipt: ZReceipt,
  answers: ZStoredAnswers,
  submittedAt: ZTimestamp,
  updatedAt: ZTimestamp.nullable().meta({ description: "When this device last edited its answer" }),
});

const SUBMISSION_EXAMPLE = {
  submissionId: "5b0f3c9e-2d41-4c7a-9e18-6a2f4d8b1c07",
  deviceToken: "Xb7kQ2mN9pR4sT1vW8yZ3cF6hJ0dL5gA",
  answers: {
    access_place: 4,
    access_facilities: 3,
    access_contact: 4,
    procedure_public: 5,
    procedure_documents: 4,
    procedure_fees: 5,
    staff_polite: 5,
    staff_listen: 4,
    staff_guidance: 4,
    staff_rules: 5,
    result_correct: 4,
    result_on_time: 4,
    feedback_channels: 3,
    feedback_handling: 3,
    overall_satisfaction: 4,
    expectations: ["information", "facilities"],
    comment:
      "Giờ tan học buổi chiều, cổng trường rất đông, xe máy phụ huynh đỗ tràn ra lòng đường. Mong nhà trường bố trí bảo vệ phân luồng và cho các cháu khối 1 ra sớm hơn 10 phút.",
  },
};

const pngCache = new WeakMap<object, Map<string, Buffer>>();

export const publicSurveyRoutes = new Hono<AppEnv>()
  .get(
    "/:code",
    describe({
      summary: "The survey behind a link or QR code, ready to answer",
      description:
        "Answers only while the campaign is open: before it opens, after it closes or once its response " +
        "cap is reached the link answers 410 (`survey_not_open`, `survey_closed`, `survey_full`); an " +
        "unknown or archived link answers 404. Question texts come in Vietnamese and English.",
      responses: { 200: ZPublicSurvey },
    }),
    validate("param", ZCodeParam),
    async (c) => {
      const survey = await getPublicSurvey(c.var.deps, c.req.valid("param").code);
      c.header("Cache-Control", "no-store");
      return c.json(survey);
    },
  )
  .get(
    "/:code/challenge",
    describe({
      summary: "A proof of work for the next answer from this address",
      description:
        "Every new answer carries a solved ALTCHA proof of work in `altcha` (an answer sent without one " +
        "is answered 428 `challenge_required` with a challenge, which works as well). Its difficulty " +
        "(`maxnumber`) is decided here and checked again when the answer arrives: it starts at 50,000 " +
        "(well under a second on a cheap phone) and doubles with each few answers from the same address, " +
        "and with each few hundred through the same link, in the last 10 minutes. A challenge is good " +
        "once, for 10 minutes. Same status codes as the survey itself (404, 410).",
      responses: { 200: ZChallenge },
    }),
    validate("param", ZCodeParam),
    async (c) => {
      const body = await surveyChallenge(c.var.deps, c.req.valid("param").code, { ip: clientIp(c) });
      c.header("Cache-Control", "no-store");
      return c.json(body);
    },
  )
  .post(
    "/:code/responses",
    describe({
      summary: "Send a parent's anonymous answers to the survey",
      description:
        "Stored once per `submissionId`: a retry after a lost confirmation answers 200 with the first " +
        "receipt (even if the campaign closed in between); an id already used for an answer to another " +
        "survey is refused with 409 `submission_conflict`. A `deviceToken` allows one answer per browser: " +
        "a second one is refused with 409 `already_answered` (the problem carries `receipt` and " +
        "`editable: true`; edit with PUT instead; `editable: false` while that answer is held for review). " +
        "Every new answer needs a solved proof of work in `altcha` (see `GET /{code}/challenge`): without " +
        "one, or with one too easy for the address's recent answers, the answer is 428 " +
        "`challenge_required` with an ALTCHA `challenge`; send again with it solved. Answers that arrive " +
        "in a burst (many from one address or network, or the same answers many times, within 10 " +
        "minutes) get a receipt like any other but are held for the staff to review before they count. `website` is a honeypot and must stay empty (400). Answers are " +
        "checked against the live survey version: one error per question, named `answers.<id>`. The " +
        "stored answer holds no IP address (it only feeds the rate limits) and only a hash of the device token.",
      responses: {
        201: { description: "Stored; keep the receipt", schema: ZReceiptBody },
        200: {
          description: "Already stored under this submission id: the first receipt",
          schema: ZReceiptBody,
        },
      },
      requestExample: SUBMISSION_EXAMPLE,
    }),
    validate("param", ZCodeParam),
    validate("json", ZSubmission),
    async (c) => {
      const result = await submitResponse(c.var.deps, c.req.valid("param").code, c.req.valid("json"), {
        ip: clientIp(c),
      });
      return c.json({ receipt: result.receipt }, result.created ? 201 : 200);
    },
  )
  .put(
    "/:code/responses",
    describe({
      summary: "Replace this device's answer while the survey is open",
      description:
        "The device is identified by the `deviceToken` it sent with its first answer (404 " +
        "`response_not_found` otherwise). The answer keeps its receipt and now answers the live survey " +
        "version; sending the same edit twice leaves the same result. `submissionId` and `website` are " +
        "accepted but not used. A closed campaign answers 410.",
      responses: { 200: ZReceiptBody },
      requestExample: {
        submissionId: "9c2e7a41-0b6d-4f3e-8a15-d27c5e9f6b30",
        deviceToken: SUBMISSION_EXAMPLE.deviceToken,
        answers: {
          ...SUBMISSION_EXAMPLE.answers,
          overall_satisfaction: 5,
          comment:
            "Sau khi góp ý, nhà trường đã có bảo vệ đứng cổng lúc tan học và vạch chỗ đỗ xe cho phụ huynh. Cảm ơn nhà trường!",
        },
      },
    }),
    validate("param", ZCodeParam),
    validate("json", ZEdit),
    async (c) => {
      const { deviceToken, answers } = c.req.valid("json");
      const result = await editDeviceResponse(c.var.deps, c.req.valid("param").code, {
        deviceToken,
        answers,
      });
      return c.json(result);
    },
  )
  .get(
    "/:code/responses/mine",
    describe({
      summary: "This device's answer to the survey, to prefill an edit",
      description:
        "The browser sends its device token in the `X-Device-Token` header (22–64 characters of " +
        "`A-Za-z0-9_-`; a missing or malformed header answers 422). 404 `response_not_found` when this " +
        "device has not answered. Answers even after the campaign closed.",
      responses: { 200: ZMine },
    }),
    validate("param", ZCodeParam),
    validate("header", ZDeviceHeader),
    async (c) => {
      const mine = await getDeviceResponse(
        c.var.deps,
        c.req.valid("param").code,
        c.req.valid("header")["x-device-token"],
      );
      c.header("Cache-Control", "no-store");
      return c.json(mine);
    },
  )
  .get(
    "/:code/qr.svg",
    describe({
      summary: "The link's QR code as SVG, for posters and print",
      description:
        "Encodes `{publicBaseUrl}/s/{code}`; given for any link that is not archived, open or not.",
      responses: { 200: { contentType: "image/svg+xml", description: "An SVG image" } },
    }),
    validate("param", ZCodeParam),
    async (c) => {
      const { code } = c.req.valid("param");
      const { database, config } = c.var.deps;
      if (!(await findLinkByCode(database.db, code))) throw notFound("link_not_found");
      c.header("Content-Type", "image/svg+xml");
      c.header("Cache-Control", "public, max-age=3600");
      return c.body(await qrSvg(surveyUrl(config.publicBaseUrl, code)));
    },
  )
  .get(
    "/:code/qr.png",
    describe({
      summary: "The link's QR code as a 512-pixel PNG",
      description:
        "Encodes `{publicBaseUrl}/s/{code}`; given for any link that is not archived, open or not.",
      responses: { 200: { contentType: "image/png", description: "A PNG image" } },
    }),
    validate("param", ZCodeParam),
    async (c) => {
      const { code } = c.req.valid("param");
      const deps = c.var.deps;
      if (!(await findLinkByCode(deps.database.db, code))) throw notFound("link_not_found");
      const cache = pngCache.get(deps) ?? new Map<string, Buffer>();
      pngCache.set(deps, cache);
      let png = cache.get(code);
      if (!png) {
        png = await qrPng(surveyUrl(deps.config.publicBaseUrl, code));
        if (cache.size > 1000) cache.clear();
        cache.set(code, png);
      }
      c.header("Content-Type", "image/png");
      c.header("Cache-Control", "public, max-age=3600");
      return c.body(new Uint8Array(png));
    },
  );
