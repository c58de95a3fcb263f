import type { MessageKey } from "../../i18n";

export interface ReplyTemplate {
  id: string;
  label: MessageKey;
  /** The reply goes to the citizen, so it stays Vietnamese whatever the console's language. */
  text: string;
}

/**
 * Starting points for a reply. Citizens rate vague answers badly (about a third were unsatisfied in
 * Hà Nội, mostly for answers without facts or evidence), so each template asks for what was
 * checked, what was done, when, the evidence and a person to contact. The [bracketed] parts must be
 * replaced before sending: the composer refuses a reply that still contains one.
 */
export const REPLY_TEMPLATES: readonly ReplyTemplate[] = [
  {
    id: "thanks",
    label: "templateThanks",
    text: [
      "Kính gửi Ông/Bà,",
      "",
      "Nhà trường trân trọng cảm ơn ý kiến của Ông/Bà về [nội dung góp ý]. Ý kiến đã được đưa ra bàn tại [cuộc họp, ngày] và nhà trường thống nhất: [việc sẽ làm], hoàn thành trước ngày [ngày/tháng/năm].",
      "",
      "Người phụ trách: [họ tên, chức vụ], điện thoại [số điện thoại].",
      "",
      "Trân trọng.",
    ].join("\n"),
  },
  {
    id: "fixed",
    label: "templateFixed",
    text: [
      "Kính gửi Ông/Bà,",
      "",
      "Về nội dung Ông/Bà phản ánh: [tóm tắt nội dung], ngày [ngày/tháng] nhà trường đã kiểm tra và xác định: [kết quả kiểm tra].",
      "",
      "Nhà trường đã khắc phục như sau: [việc đã làm], hoàn thành ngày [ngày/tháng/năm]. Minh chứng: [ảnh chụp, biên bản hoặc văn bản số …], Ông/Bà có thể xem tại [nơi xem].",
      "",
      "Nếu vấn đề chưa được giải quyết, Ông/Bà vui lòng phản hồi qua mã hồ sơ này hoặc liên hệ [họ tên, số điện thoại] để nhà trường xử lý tiếp.",
      "",
      "Trân trọng.",
    ].join("\n"),
  },
  {
    id: "rule",
    label: "templateRule",
    text: [
      "Kính gửi Ông/Bà,",
      "",
      "Về câu hỏi của Ông/Bà: [tóm tắt câu hỏi], nhà trường xin trả lời như sau.",
      "",
      "Theo [tên văn bản, số, ngày ban hành, điều/khoản]: [nội dung quy định]. Áp dụng vào trường hợp của Ông/Bà: [giải thích cụ thể].",
      "",
      "Văn bản được niêm yết tại [bảng tin nhà trường hoặc đường dẫn]. Nếu cần giải thích thêm, Ông/Bà vui lòng liên hệ [họ tên, số điện thoại].",
      "",
      "Trân trọng.",
    ].join("\n"),
  },
  {
    id: "decline",
    label: "templateDecline",
    text: [
      "Kính gửi Ông/Bà,",
      "",
      "Nhà trường cảm ơn Ông/Bà đã gửi đề nghị về [nội dung đề nghị]. Sau khi xem xét, nhà trường chưa thể đáp ứng đề nghị này vì [lý do cụ thể và căn cứ].",
      "",
      "Thay vào đó, nhà trường sẽ [giải pháp thay thế, thời gian]. Nhà trường mong Ông/Bà thông cảm; nếu cần trao đổi thêm, vui lòng liên hệ [họ tên, số điện thoại].",
      "",
      "Trân trọng.",
    ].join("\n"),
  },
];

/** The [bracketed] placeholders still left in a reply. */
export function unfilledPlaceholders(text: string): string[] {
  return text.match(/\[[^\]\n]{1,80}\]/g) ?? [];
}
