import { describe, expect, it } from "vitest";
import { checkAnswers } from "./answers.ts";
import { type TSurveyDefinition, ZSurveyDefinition } from "./definition.ts";
import { sipasTemplate } from "./templates/sipas.ts";

const t = (vi: string) => ({ vi, en: vi });
const survey: TSurveyDefinition = {
  title: t("Khảo sát"),
  intro: t("Giới thiệu"),
  sections: [
    {
      id: "main",
      title: t("Phần 1"),
      questions: [
        { id: "visited", type: "yesno", required: true, text: t("Đã đến trường?") },
        {
          id: "visit_rating",
          type: "likert5",
          required: true,
          text: t("Hài lòng với buổi đến trường?"),
          showIf: { questionId: "visited", equals: true },
        },
        {
          id: "topics",
          type: "multi",
          required: false,
          text: t("Chủ đề"),
          options: [
            { value: "food", label: t("Bán trú") },
            { value: "fees", label: t("Các khoản thu") },
          ],
        },
        {
          id: "fees_detail",
          type: "text",
          required: true,
          maxLength: 10,
          text: t("Chi tiết về khoản thu"),
          showIf: { questionId: "topics", in: ["fees"] },
        },
        { id: "nps", type: "rating", required: false, scale: { min: 0, max: 10 }, text: t("Giới thiệu?") },
        {
          id: "grade",
          type: "single",
          required: false,
          text: t("Khối"),
          options: [
            { value: "1", label: t("Lớp 1") },
            { value: "2", label: t("Lớp 2") },
          ],
        },
      ],
    },
  ],
};

const fields = (result: ReturnType<typeof checkAnswers>) =>
  result.ok ? [] : result.issues.map((i) => `${i.field}:${i.message}`);

describe("checking answers against a survey", () => {
  it("accepts a complete, valid set", () => {
    const result = checkAnswers(survey, {
      visited: true,
      visit_rating: 5,
      topics: ["food"],
      nps: 0,
      grade: "2",
    });
    expect(result).toEqual({
      ok: true,
      answers: { visited: true, visit_rating: 5, topics: ["food"], nps: 0, grade: "2" },
    });
  });

  it("requires a question only while its show-if holds", () => {
    expect(fields(checkAnswers(survey, { visited: true }))).toEqual(["answers.visit_rating:answer_required"]);
    expect(checkAnswers(survey, { visited: false }).ok).toBe(true);
  });

  it("drops the answer to a hidden question instead of storing it", () => {
    const result = checkAnswers(survey, { visited: false, visit_rating: 1 });
    expect(result).toEqual({ ok: true, answers: { visited: false } });
  });

  it("shows a question when any ticked option of a multi-choice matches", () => {
    expect(fields(checkAnswers(survey, { visited: false, topics: ["food", "fees"] }))).toEqual([
      "answers.fees_detail:answer_required",
    ]);
  });

  it("names every wrong answer with the reason", () => {
    const result = checkAnswers(survey, {
      visited: "yes",
      topics: ["food", "other"],
      nps: 11,
      grade: "3",
      unknown_q: 1,
    });
    expect(fields(result).sort()).toEqual([
      "answers.grade:answer_option",
      "answers.nps:answer_rating",
      "answers.topics:answer_options",
      "answers.unknown_q:answer_unknown_question",
      "answers.visited:answer_yesno",
    ]);
  });

  it("refuses fractional and out-of-range Likert levels", () => {
    for (const bad of [0, 6, 4.5, "4", null]) {
      const result = checkAnswers(survey, { visited: true, visit_rating: bad });
      expect(result.ok).toBe(false);
    }
  });

  it("counts text length in characters after NFC normalisation, and trims", () => {
    const nfd = "Học phí".normalize("NFD"); // 7 characters, more code points in NFD
    const ok = checkAnswers(survey, { visited: false, topics: ["fees"], fees_detail: `  ${nfd}  ` });
    expect(ok).toEqual({ ok: true, answers: { visited: false, topics: ["fees"], fees_detail: "Học phí" } });
    const long = checkAnswers(survey, { visited: false, topics: ["fees"], fees_detail: "Các khoản thu" });
    expect(fields(long)).toEqual(["answers.fees_detail:answer_text_too_long"]);
  });

  it("treats blank text and empty selections as unanswered", () => {
    expect(fields(checkAnswers(survey, { visited: false, topics: ["fees"], fees_detail: "   " }))).toEqual([
      "answers.fees_detail:answer_required",
    ]);
    expect(checkAnswers(survey, { visited: false, topics: [] })).toEqual({
      ok: true,
      answers: { visited: false },
    });
  });
});

describe("survey definitions", () => {
  it("the SIPAS template is valid and covers the five elements", () => {
    const parsed = ZSurveyDefinition.parse(sipasTemplate);
    const elements = parsed.sections.map((s) => s.element);
    for (const e of ["access", "procedure", "staff", "result", "feedback"]) expect(elements).toContain(e);
  });

  it("refuses duplicate ids and a show-if pointing forward", () => {
    const bad = structuredClone(survey);
    bad.sections[0]!.questions[1]!.showIf = { questionId: "grade", equals: "1" };
    bad.sections[0]!.questions.push({ ...bad.sections[0]!.questions[0]! });
    const result = ZSurveyDefinition.safeParse(bad);
    expect(result.success).toBe(false);
    // Each issue names its message key and points at the offending field.
    expect(result.error?.issues.map((i) => [i.message, i.path.join(".")])).toEqual(
      expect.arrayContaining([
        ["question_id_duplicate", expect.stringMatching(/^sections\.\d+\.questions\.\d+\.id$/)],
        ["show_if_order", expect.stringMatching(/^sections\.\d+\.questions\.\d+\.showIf\.questionId$/)],
      ]),
    );
  });
});
