import type { TQuestion, TSurveyDefinition } from "../definition.ts";

const likert = (id: string, vi: string, en: string): TQuestion => ({
  id,
  type: "likert5",
  required: true,
  text: { vi, en },
});

/**
 * SIPAS-style satisfaction survey for parents dealing with a school: the five elements of the
 * Ministry of Home Affairs method (Decisions 2640/QĐ-BNV of 2017 and 1001/QĐ-BNV of 2023), with
 * criteria worded for preschools, primary and lower-secondary schools. Criteria are written for
 * this product; they do not reproduce the official numbering.
 */
export const sipasTemplate: TSurveyDefinition = {
  title: {
    vi: "Khảo sát sự hài lòng của cha mẹ học sinh về sự phục vụ của nhà trường",
    en: "Parents' satisfaction with the school's service",
  },
  intro: {
    vi: "Kính gửi quý phụ huynh! Nhà trường mong nhận được đánh giá của quý vị về việc tiếp đón, giải quyết công việc và tiếp nhận ý kiến trong thời gian qua. Phiếu gồm 6 phần ngắn, mất khoảng 2–3 phút. Phiếu không ghi tên.",
    en: "Dear parents, the school would like your view of how it received you, handled your requests and listened to your feedback. Six short parts, about 2–3 minutes. The form is anonymous.",
  },
  description: {
    vi: "Mẫu theo phương pháp đo lường SIPAS của Bộ Nội vụ (Quyết định 2640/QĐ-BNV năm 2017, Quyết định 1001/QĐ-BNV năm 2023): 5 yếu tố, thang đo 5 mức.",
    en: "Template after the Ministry of Home Affairs SIPAS method (Decisions 2640/QĐ-BNV of 2017 and 1001/QĐ-BNV of 2023): five elements, 5-level scale.",
  },
  sections: [
    {
      id: "access",
      element: "access",
      title: { vi: "Tiếp cận dịch vụ", en: "Access to the service" },
      description: {
        vi: "Nơi tiếp đón, thông tin liên hệ và cách liên lạc với nhà trường.",
        en: "Where you were received, contact information and ways to reach the school.",
      },
      questions: [
        likert(
          "access_place",
          "Nơi tiếp đón phụ huynh (phòng văn thư, phòng tiếp dân) dễ tìm, có biển chỉ dẫn rõ ràng",
          "The place where parents are received is easy to find and clearly signposted",
        ),
        likert(
          "access_facilities",
          "Nơi chờ có đủ chỗ ngồi, sạch sẽ, thoáng mát",
          "The waiting area has enough seats and is clean and comfortable",
        ),
        likert(
          "access_contact",
          "Số điện thoại, email, trang thông tin của nhà trường dễ tìm và có người trả lời",
          "The school's phone, email and website are easy to find and someone answers",
        ),
      ],
    },
    {
      id: "procedure",
      element: "procedure",
      title: { vi: "Thủ tục hành chính", en: "Procedures" },
      description: {
        vi: "Các thủ tục như tuyển sinh, chuyển trường, xác nhận, cấp bản sao văn bằng.",
        en: "Procedures such as enrolment, transfers, certificates and copies of diplomas.",
      },
      questions: [
        likert(
          "procedure_public",
          "Thủ tục, hồ sơ và thời hạn giải quyết được niêm yết công khai, đầy đủ, dễ hiểu",
          "Procedures, required documents and time limits are posted publicly, fully and clearly",
        ),
        likert(
          "procedure_documents",
          "Giấy tờ phải nộp đúng như đã niêm yết, không phải bổ sung nhiều lần",
          "The documents asked for match what is posted; no repeated requests for more",
        ),
        likert(
          "procedure_fees",
          "Các khoản phải nộp (nếu có) đúng quy định, được thông báo rõ ràng",
          "Any fees follow the rules and are announced clearly",
        ),
      ],
    },
    {
      id: "staff",
      element: "staff",
      title: {
        vi: "Cán bộ, giáo viên, nhân viên giải quyết công việc",
        en: "Staff who handled your request",
      },
      questions: [
        likert(
          "staff_polite",
          "Cán bộ, giáo viên, nhân viên có thái độ lịch sự, tôn trọng khi tiếp đón",
          "Staff were polite and respectful",
        ),
        likert(
          "staff_listen",
          "Cán bộ, giáo viên lắng nghe và trả lời đầy đủ ý kiến của phụ huynh",
          "Staff listened and answered your questions fully",
        ),
        likert(
          "staff_guidance",
          "Hướng dẫn tận tình, dễ hiểu; hướng dẫn một lần là đủ",
          "Guidance was helpful and easy to understand; once was enough",
        ),
        likert(
          "staff_rules",
          "Cán bộ, giáo viên làm đúng quy định, không gây phiền hà, không đòi hỏi thêm",
          "Staff followed the rules, caused no trouble and asked for nothing extra",
        ),
      ],
    },
    {
      id: "result",
      element: "result",
      title: { vi: "Kết quả giải quyết công việc", en: "The result" },
      questions: [
        likert(
          "result_correct",
          "Kết quả nhận được đúng quy định, thông tin chính xác",
          "The result you received was correct and followed the rules",
        ),
        likert(
          "result_on_time",
          "Nhận kết quả đúng hẹn hoặc sớm hơn hẹn",
          "You received the result on time or early",
        ),
      ],
    },
    {
      id: "feedback",
      element: "feedback",
      title: {
        vi: "Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị",
        en: "Handling of suggestions, reflections and petitions",
      },
      questions: [
        likert(
          "feedback_channels",
          "Nhà trường có nhiều cách để phụ huynh góp ý (hòm thư, điện thoại, trực tuyến) và dễ sử dụng",
          "The school offers easy ways to give feedback (box, phone, online)",
        ),
        likert(
          "feedback_handling",
          "Góp ý, phản ánh được tiếp nhận nghiêm túc và trả lời kịp thời",
          "Feedback was taken seriously and answered promptly",
        ),
      ],
    },
    {
      id: "overall",
      element: "overall",
      title: { vi: "Đánh giá chung và mong muốn", en: "Overall and expectations" },
      questions: [
        likert(
          "overall_satisfaction",
          "Nhìn chung, quý vị hài lòng thế nào về sự phục vụ của nhà trường?",
          "Overall, how satisfied are you with the school's service?",
        ),
        {
          id: "expectations",
          type: "multi",
          required: false,
          text: {
            vi: "Nhà trường nên ưu tiên cải thiện điều gì? (chọn một hoặc nhiều)",
            en: "What should the school improve first? (choose one or more)",
          },
          options: [
            {
              value: "online",
              label: { vi: "Làm thủ tục trực tuyến nhiều hơn", en: "More procedures online" },
            },
            {
              value: "information",
              label: { vi: "Thông tin rõ ràng, kịp thời hơn", en: "Clearer, timelier information" },
            },
            { value: "attitude", label: { vi: "Thái độ phục vụ", en: "Staff attitude" } },
            { value: "time", label: { vi: "Rút ngắn thời gian giải quyết", en: "Shorter handling times" } },
            {
              value: "facilities",
              label: { vi: "Nơi tiếp đón, cơ sở vật chất", en: "Reception area and facilities" },
            },
          ],
        },
        {
          id: "comment",
          type: "text",
          required: false,
          maxLength: 1000,
          text: {
            vi: "Ý kiến khác của quý vị (không ghi tên, số điện thoại)",
            en: "Any other comment (please do not write names or phone numbers)",
          },
        },
      ],
    },
  ],
};
