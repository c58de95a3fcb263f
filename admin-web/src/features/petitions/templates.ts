import type { MessageKey } from "../../i18n";

/** What a masked piece of personal data becomes (the API's `REDACTED`): not a placeholder to fill. */
export const MASK = "[đã che]";

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
 * replaced before sending: the composer refuses a reply that still contains one. The answer shows on
 * the tracking page, which is public to whoever holds the code: the templates greet the sender
 * without a name and point to the school's office rather than a person's phone.
 */
export const REPLY_TEMPLATES: readonly ReplyTemplate[] = [
  {
    id: "thanks",
    label: "templateThanks",
    text: [
      "Kính gửi Quý phụ huynh,",
      "",
      "Nhà trường trân trọng cảm ơn ý kiến của Quý phụ huynh về [nội dung góp ý]. Ý kiến đã được đưa ra bàn tại [cuộc họp, ngày] và nhà trường thống nhất: [việc sẽ làm], hoàn thành trước ngày [ngày/tháng/năm].",
      "",
      "Người phụ trách: [chức vụ, ví dụ: giáo viên chủ nhiệm], liên hệ qua văn phòng nhà trường.",
      "",
      "Trân trọng.",
    ].join("\n"),
  },
  {
    id: "fixed",
    label: "templateFixed",
    text: [
      "Kính gửi Quý phụ huynh,",
      "",
      "Về nội dung Quý phụ huynh phản ánh: [tóm tắt nội dung], ngày [ngày/tháng] nhà trường đã kiểm tra và xác định: [kết quả kiểm tra].",
      "",
      "Nhà trường đã khắc phục như sau: [việc đã làm], hoàn thành ngày [ngày/tháng/năm]. Minh chứng: [ảnh chụp, biên bản hoặc văn bản số …], Quý phụ huynh có thể xem tại [nơi xem].",
      "",
      "Nếu vấn đề chưa được giải quyết, Quý phụ huynh vui lòng phản hồi qua mã hồ sơ này hoặc liên hệ văn phòng nhà trường để nhà trường xử lý tiếp.",
      "",
      "Trân trọng.",
    ].join("\n"),
  },
  {
    id: "rule",
    label: "templateRule",
    text: [
      "Kính gửi Quý phụ huynh,",
      "",
      "Về câu hỏi của Quý phụ huynh: [tóm tắt câu hỏi], nhà trường xin trả lời như sau.",
      "",
      "Theo [tên văn bản, số, ngày ban hành, điều/khoản]: [nội dung quy định]. Áp dụng vào trường hợp của Quý phụ huynh: [giải thích cụ thể].",
      "",
      "Văn bản được niêm yết tại [bảng tin nhà trường hoặc đường dẫn]. Nếu cần giải thích thêm, Quý phụ huynh vui lòng liên hệ văn phòng nhà trường.",
      "",
      "Trân trọng.",
    ].join("\n"),
  },
  {
    id: "decline",
    label: "templateDecline",
    text: [
      "Kính gửi Quý phụ huynh,",
      "",
      "Nhà trường cảm ơn Quý phụ huynh đã gửi đề nghị về [nội dung đề nghị]. Sau khi xem xét, nhà trường chưa thể đáp ứng đề nghị này vì [lý do cụ thể và căn cứ].",
      "",
      "Thay vào đó, nhà trường sẽ [giải pháp thay thế, thời gian]. Nhà trường mong Quý phụ huynh thông cảm; nếu cần trao đổi thêm, vui lòng liên hệ văn phòng nhà trường.",
      "",
      "Trân trọng.",
    ].join("\n"),
  },
];

/** The [bracketed] placeholders still left in a reply. */
export function unfilledPlaceholders(text: string): string[] {
  return (text.match(/\[[^\]\n]{1,80}\]/g) ?? []).filter((p) => p !== MASK);
}
