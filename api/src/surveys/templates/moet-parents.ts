import type { TQuestion, TSurveyDefinition } from "../definition.ts";

const likert = (id: string, vi: string, en: string): TQuestion => ({
  id,
  type: "likert5",
  required: true,
  text: { vi, en },
});

/**
 * Parents' satisfaction with public education, after the Ministry of Education and Training's
 * plan of 2013 (content groups: facilities, school environment, access, educational activities,
 * outcomes), the toolkit of Decision 2329/QĐ-BGDĐT (2017, adding overall satisfaction and open
 * comments) and the 2023–2030 plan of Decision 2034/QĐ-BGDĐT. Criteria are written for this product
 * for parents of preschool, primary and lower-secondary pupils; they are not the official items.
 */
export const moetParentsTemplate: TSurveyDefinition = {
  title: {
    vi: "Khảo sát sự hài lòng của cha mẹ học sinh về giáo dục của nhà trường",
    en: "Parents' satisfaction with the school's education",
  },
  intro: {
    vi: "Kính gửi quý phụ huynh! Ý kiến của quý vị giúp nhà trường chăm sóc, giáo dục các con tốt hơn. Phiếu gồm 7 phần ngắn, mất khoảng 3 phút và không ghi tên.",
    en: "Dear parents, your views help the school care for and teach your children better. Seven short parts, about 3 minutes, anonymous.",
  },
  description: {
    vi: "Mẫu theo các nhóm nội dung đo lường sự hài lòng về dịch vụ giáo dục công của Bộ Giáo dục và Đào tạo (kế hoạch năm 2013; bộ công cụ Quyết định 2329/QĐ-BGDĐT năm 2017; kế hoạch Quyết định 2034/QĐ-BGDĐT năm 2023): cơ sở vật chất, môi trường giáo dục, tiếp cận dịch vụ, hoạt động giáo dục, kết quả giáo dục, hài lòng chung. Thang đo 5 mức.",
    en: "Template after the Ministry of Education and Training's content groups for satisfaction with public education (plan of 2013; toolkit of Decision 2329/QĐ-BGDĐT, 2017; plan of Decision 2034/QĐ-BGDĐT, 2023): facilities, school environment, access, educational activities, outcomes, overall. 5-level scale.",
  },
  sections: [
    {
      id: "facilities",
      element: "facilities",
      title: { vi: "Cơ sở vật chất", en: "Facilities" },
      questions: [
        likert(
          "facilities_classrooms",
          "Phòng học, phòng chức năng đủ ánh sáng, thoáng mát, an toàn",
          "Classrooms and special rooms are bright, airy and safe",
        ),
        likert(
          "facilities_equipment",
          "Bàn ghế, đồ dùng, thiết bị dạy học đầy đủ và phù hợp với lứa tuổi",
          "Furniture, materials and teaching equipment are sufficient and suit the children's age",
        ),
        likert(
          "facilities_sanitation",
          "Nhà vệ sinh, nước uống, khu bán trú (nếu có) sạch sẽ, hợp vệ sinh",
          "Toilets, drinking water and the boarding area (if any) are clean and hygienic",
        ),
        likert(
          "facilities_yard",
          "Sân chơi, bãi tập, thư viện đáp ứng nhu cầu vui chơi, học tập của các con",
          "Playground, sports area and library meet the children's needs",
        ),
      ],
    },
    {
      id: "environment",
      element: "environment",
      title: { vi: "Môi trường giáo dục", en: "School environment" },
      questions: [
        likert(
          "environment_safe",
          "Các con được an toàn, không bị bạo lực, bắt nạt ở trường",
          "Children are safe at school, free from violence and bullying",
        ),
        likert(
          "environment_teachers",
          "Thầy cô yêu thương, tôn trọng và đối xử công bằng với các con",
          "Teachers care for, respect and treat the children fairly",
        ),
        likert(
          "environment_friendly",
          "Không khí trường lớp thân thiện; các con thích đến trường",
          "The school is friendly; the children like going to school",
        ),
      ],
    },
    {
      id: "access",
      element: "access",
      title: { vi: "Tiếp cận dịch vụ giáo dục", en: "Access to education" },
      questions: [
        likert(
          "access_enrolment",
          "Tuyển sinh, chuyển trường công khai, thuận tiện",
          "Enrolment and transfers are transparent and convenient",
        ),
        likert(
          "access_fees",
          "Các khoản thu được công khai, đúng quy định, hợp lý",
          "Fees and contributions are public, lawful and reasonable",
        ),
        likert(
          "access_information",
          "Nhà trường thông tin kịp thời, đầy đủ cho phụ huynh về việc học tập và rèn luyện của các con",
          "The school keeps parents informed about their child's learning and conduct",
        ),
      ],
    },
    {
      id: "activities",
      element: "activities",
      title: { vi: "Hoạt động giáo dục", en: "Educational activities" },
      questions: [
        likert(
          "activities_teaching",
          "Thầy cô dạy dễ hiểu, quan tâm đến từng học sinh",
          "Teachers explain clearly and attend to each pupil",
        ),
        likert(
          "activities_extra",
          "Hoạt động ngoài giờ, trải nghiệm, kỹ năng sống bổ ích và phù hợp",
          "Extracurricular, hands-on and life-skills activities are useful and suitable",
        ),
        likert(
          "activities_assessment",
          "Việc nhận xét, đánh giá học sinh khách quan, công bằng",
          "Pupils are assessed objectively and fairly",
        ),
        likert(
          "activities_cooperation",
          "Nhà trường phối hợp tốt với phụ huynh trong giáo dục các con",
          "The school works well with parents on the children's education",
        ),
      ],
    },
    {
      id: "outcomes",
      element: "outcomes",
      title: { vi: "Kết quả giáo dục", en: "Outcomes" },
      questions: [
        likert(
          "outcomes_knowledge",
          "Các con tiến bộ về kiến thức, kỹ năng so với đầu năm học",
          "The children have progressed in knowledge and skills since the start of the year",
        ),
        likert(
          "outcomes_behaviour",
          "Các con tiến bộ về đạo đức, lối sống, tự tin hơn",
          "The children have progressed in behaviour and confidence",
        ),
        likert(
          "outcomes_health",
          "Sức khoẻ và thể chất của các con được chăm sóc tốt",
          "The children's health and physical development are well cared for",
        ),
      ],
    },
    {
      id: "overall",
      element: "overall",
      title: { vi: "Đánh giá chung", en: "Overall" },
      questions: [
        likert(
          "overall_satisfaction",
          "Nhìn chung, quý vị hài lòng thế nào về việc giáo dục các con tại trường?",
          "Overall, how satisfied are you with your child's education at this school?",
        ),
        {
          id: "recommend",
          type: "rating",
          required: false,
          scale: { min: 0, max: 10 },
          text: {
            vi: "Quý vị có sẵn lòng giới thiệu trường cho người quen không? (0 = chắc chắn không, 10 = chắc chắn có)",
            en: "How likely are you to recommend the school to people you know? (0 = not at all, 10 = certainly)",
          },
        },
      ],
    },
    {
      id: "comments",
      title: { vi: "Ý kiến của quý vị", en: "Your comments" },
      questions: [
        {
          id: "child_level",
          type: "single",
          required: false,
          text: { vi: "Con quý vị đang học", en: "Your child is in" },
          options: [
            { value: "preschool", label: { vi: "Mầm non", en: "Preschool" } },
            { value: "primary", label: { vi: "Tiểu học", en: "Primary school" } },
            { value: "lower_secondary", label: { vi: "Trung học cơ sở", en: "Lower secondary school" } },
          ],
        },
        {
          id: "comment",
          type: "text",
          required: false,
          maxLength: 1000,
          text: {
            vi: "Điều quý vị mong nhà trường làm tốt hơn (không ghi tên, số điện thoại)",
            en: "What you would like the school to do better (please do not write names or phone numbers)",
          },
        },
      ],
    },
  ],
};
