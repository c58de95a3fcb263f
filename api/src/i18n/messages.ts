/**
 * User-facing messages of the API, Vietnamese first. Problem details carry the message in the
 * language the client asks for (Accept-Language), Vietnamese by default.
 */
export const messages = {
  vi: {
    internal_error: "Đã có lỗi ngoài ý muốn. Vui lòng thử lại sau.",
    database_unavailable: "Hệ thống tạm thời không kết nối được cơ sở dữ liệu. Vui lòng thử lại sau ít phút.",
    not_found: "Không tìm thấy địa chỉ này.",
    method_not_allowed: "Phương thức không được hỗ trợ.",
    malformed_json: "Dữ liệu gửi lên không phải JSON hợp lệ.",
    unsupported_media_type: "Dữ liệu phải được gửi dưới dạng JSON (Content-Type: application/json).",
    payload_too_large: "Dữ liệu gửi lên quá lớn.",
    validation_failed: "Dữ liệu chưa hợp lệ. Vui lòng kiểm tra các trường được nêu.",
    link_not_found: "Không tìm thấy khảo sát. Vui lòng kiểm tra lại đường dẫn hoặc mã QR.",
    survey_not_open: "Khảo sát chưa mở. Vui lòng quay lại sau.",
    survey_closed: "Khảo sát đã kết thúc. Cảm ơn bạn đã quan tâm.",
    survey_full: "Khảo sát đã nhận đủ số phiếu. Cảm ơn bạn đã quan tâm.",
    submission_conflict: "Mã lần gửi này đã được dùng cho một khảo sát khác.",
    invalid_credentials: "Email hoặc mật khẩu không đúng.",
    unauthenticated: "Bạn cần đăng nhập để tiếp tục.",
    csrf_rejected: "Yêu cầu bị từ chối vì không xuất phát từ trang quản trị.",
    forbidden: "Bạn không có quyền thực hiện thao tác này.",
    conflict_retry: "Có thao tác khác cùng lúc; vui lòng thử lại.",
    no_summary_draft: "Chưa có bản nháp báo cáo của tháng này; hãy tạo bản nháp trước.",
    report_not_found: "Chưa có báo cáo được công bố cho tháng này.",
    draft_only_version:
      "Khảo sát chưa từng được phát hành: bản nháp là nội dung duy nhất, hãy sửa thay vì bỏ.",
    token_cannot_create_tokens:
      "Mã truy cập API không được dùng để tạo mã mới; hãy đăng nhập trên trang quản trị.",
    slug_taken: "Mã đơn vị này đã được dùng.",
    unit_cycle: "Không thể chuyển một đơn vị vào trong chính nó hoặc đơn vị cấp dưới của nó.",
    top_level_unit: "Chỉ quản trị hệ thống mới tạo được đơn vị cấp cao nhất.",
    too_many_logins: "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {minutes} phút.",
    reset_link_invalid:
      "Liên kết đặt mật khẩu không còn hiệu lực (đã dùng hoặc đã hết hạn). Vui lòng yêu cầu liên kết mới.",
    member_exists: "Người này đã có vai trò trong đơn vị.",
    password_too_short: "Mật khẩu cần ít nhất {min} ký tự.",
    password_common: "Mật khẩu này quá phổ biến hoặc dễ đoán. Vui lòng chọn mật khẩu khác.",
    wrong_password: "Mật khẩu hiện tại không đúng.",
    already_answered:
      "Thiết bị này đã gửi câu trả lời cho khảo sát. Bạn có thể sửa câu trả lời đã gửi thay vì gửi thêm một phiếu.",
    response_not_found: "Thiết bị này chưa gửi câu trả lời nào cho khảo sát.",
    spam_suspected:
      "Không nhận được phiếu vì ô ẩn “Website” có nội dung (thường do trình duyệt tự điền). Vui lòng xoá ô đó và gửi lại.",
    challenge_required:
      "Trình duyệt cần xác minh tự động (thường dưới vài giây) trước khi gửi phiếu, để chống gửi phiếu hàng loạt.",
    survey_not_found: "Không tìm thấy khảo sát.",
    held_not_found: "Không có phiếu nào đang chờ xem xét trong số phiếu đã chọn.",
    template_not_found: "Không có mẫu khảo sát này.",
    no_draft: "Khảo sát chưa có bản nháp để công bố.",
    link_not_found_admin: "Không tìm thấy đường dẫn này của khảo sát.",
    closes_before_opens: "Thời điểm đóng phải sau thời điểm mở.",
    draft_invalid: "Bản nháp chưa hợp lệ: {detail}",
    question_id_duplicate: "Mã câu hỏi này trùng với một câu hỏi khác.",
    show_if_order: "Điều kiện hiển thị phải dựa vào một câu hỏi đứng trước.",
    option_duplicate: "Giá trị phương án này trùng với một phương án khác.",
    unit_not_found: "Không tìm thấy đơn vị này. Vui lòng kiểm tra lại đường dẫn.",
    petition_not_found:
      "Không tìm thấy hồ sơ với mã theo dõi và mã bí mật này. Vui lòng kiểm tra lại cả hai mã trong giấy biên nhận.",
    staff_session_not_citizen:
      "Bạn đang đăng nhập bằng tài khoản cán bộ: chỉ người gửi mới được theo dõi, đánh giá, đề nghị xem xét lại hoặc rút hồ sơ tại đây. Cán bộ vui lòng dùng trang quản trị (ghi nhận thay người gửi khi họ đề nghị), hoặc đăng xuất nếu bạn là người gửi.",
    denunciation_needs_identity:
      "Tố cáo cần ghi rõ họ tên và số điện thoại hoặc email của người tố cáo. Thông tin này được giữ bí mật theo Luật Tố cáo; tố cáo nặc danh không được xử lý.",
    contact_needed: "Để được liên hệ lại, vui lòng để lại số điện thoại hoặc email.",
    too_many_lookups: "Bạn tra cứu quá nhiều lần. Vui lòng thử lại sau {minutes} phút.",
    phone_invalid: "Số điện thoại chưa đúng (ví dụ 0912 345 678).",
    text_too_long: "Nội dung quá dài (tối đa {max} ký tự).",
    transition_not_allowed: "Không thể thực hiện thao tác này khi hồ sơ đang ở trạng thái hiện tại.",
    reopen_window_passed: "Chỉ có thể đề nghị xem xét lại trong vòng {days} ngày sau khi nhận câu trả lời.",
    extension_not_allowed: "Chỉ khiếu nại và tố cáo mới được gia hạn thời hạn giải quyết.",
    extension_before_acceptance: "Cần thụ lý hồ sơ trước khi gia hạn thời hạn giải quyết.",
    extension_too_late: "Đã quá thời hạn giải quyết: việc gia hạn phải quyết định trước khi hết hạn.",
    extension_limit_reached: "Hồ sơ đã được gia hạn đủ số lần luật cho phép.",
    not_answered_yet: "Hồ sơ chưa có câu trả lời để đánh giá.",
    petition_not_found_admin: "Không tìm thấy hồ sơ.",
    not_late: "Hồ sơ này không bị chậm hạn nên không cần thư xin lỗi.",
    apology_date_future: "Ngày hẹn trả lời mới phải sau hôm nay.",
    limit_longer_than_law:
      "Đơn vị chỉ được rút ngắn thời hạn, cùng cách tính: tối đa {days} {unitVi} theo quy định.",
    comment_not_found: "Không tìm thấy ý kiến này trong phiếu trả lời.",
    publish_not_allowed:
      "Chỉ công khai được hồ sơ đã trả lời, có sự đồng ý công khai của người gửi và không phải là tố cáo.",
    denunciation_not_public: "Tố cáo không được công khai để giữ bí mật danh tính người tố cáo.",
    personal_data_found:
      "Nội dung sẽ được công khai nhưng có thể chứa thông tin cá nhân (họ tên, số điện thoại, email, số định danh, địa chỉ, lớp của học sinh). Hãy che các chỗ được nêu, hoặc xác nhận đã kiểm tra.",
    calendar_day_exists: "Ngày này đã có trong lịch của đơn vị.",
    attachment_empty: "Tệp đính kèm bị trống.",
    attachment_too_large: "Tệp đính kèm quá lớn (tối đa 10 MB mỗi tệp).",
    attachment_type: "Chỉ nhận ảnh JPEG, PNG hoặc tệp PDF. Tệp này không phải là một trong các loại đó.",
    attachment_unknown: "Tệp đính kèm không hợp lệ hoặc đã được dùng. Vui lòng tải lên lại.",
    too_many_uploads: "Bạn tải lên quá nhiều tệp. Vui lòng thử lại sau {minutes} phút.",
    too_many_submissions: "Có quá nhiều đơn được gửi từ cùng một mạng. Vui lòng thử lại sau {minutes} phút.",
    apology_not_found: "Hồ sơ này chưa có thư xin lỗi.",
    assignee_invalid: "Người hoặc tổ được giao không thuộc đơn vị này hoặc không có quyền xử lý hồ sơ.",
    // field-level
    field_required: "Trường này là bắt buộc.",
    field_invalid: "Giá trị không hợp lệ.",
    field_unknown: "Trường này không được chấp nhận.",
    answer_required: "Vui lòng trả lời câu hỏi này.",
    answer_unknown_question: "Câu hỏi này không có trong khảo sát.",
    answer_likert: "Vui lòng chọn một mức từ 1 (Rất không hài lòng) đến 5 (Rất hài lòng).",
    answer_rating: "Vui lòng chọn một số từ {min} đến {max}.",
    answer_option: "Vui lòng chọn một trong các phương án đã cho.",
    answer_options: "Vui lòng chọn trong các phương án đã cho.",
    answer_yesno: "Vui lòng chọn Có hoặc Không.",
    answer_text: "Vui lòng nhập nội dung dạng chữ.",
    answer_text_too_long: "Nội dung quá dài (tối đa {max} ký tự).",
  },
  en: {
    internal_error: "Something went wrong. Please try again later.",
    database_unavailable:
      "The service cannot reach its database right now. Please try again in a few minutes.",
    not_found: "Nothing here.",
    method_not_allowed: "Method not allowed.",
    malformed_json: "The request body is not valid JSON.",
    unsupported_media_type: "Send the data as JSON (Content-Type: application/json).",
    payload_too_large: "The request body is too large.",
    validation_failed: "Some fields are not valid. Check the fields listed.",
    link_not_found: "Survey not found. Check the link or the QR code.",
    survey_not_open: "This survey is not open yet. Please come back later.",
    survey_closed: "This survey has closed. Thank you for your interest.",
    survey_full: "This survey has received all the responses it needs. Thank you for your interest.",
    submission_conflict: "This submission id was already used for another survey.",
    invalid_credentials: "Wrong email or password.",
    unauthenticated: "Please sign in to continue.",
    csrf_rejected: "Request refused: it did not come from the staff console.",
    forbidden: "You are not allowed to do this.",
    conflict_retry: "Something else changed at the same moment; please try again.",
    no_summary_draft: "There is no draft summary for this month yet; make one first.",
    report_not_found: "No summary has been published for this month.",
    draft_only_version: "This survey was never published: the draft is all it has, so edit it instead.",
    token_cannot_create_tokens: "An API token cannot create tokens; sign in to the console instead.",
    slug_taken: "This unit code is already in use.",
    unit_cycle: "A unit cannot be moved into itself or one of its descendants.",
    top_level_unit: "Only a platform administrator can create a top-level unit.",
    too_many_logins: "Too many failed sign-ins. Please try again in {minutes} minutes.",
    reset_link_invalid:
      "This password link is no longer valid (already used or expired). Please ask for a new one.",
    member_exists: "This person already has a role in the unit.",
    password_too_short: "The password needs at least {min} characters.",
    password_common: "This password is too common or easy to guess. Please choose another.",
    wrong_password: "The current password is wrong.",
    already_answered:
      "This device has already answered the survey. You can edit your answers instead of sending another response.",
    response_not_found: "This device has not answered the survey yet.",
    spam_suspected:
      "The response was not accepted because the hidden “Website” field was filled in (often by autofill). Clear it and send again.",
    challenge_required:
      "The browser must complete an automatic check (usually a few seconds at most) before sending, to stop mass submissions.",
    survey_not_found: "Survey not found.",
    held_not_found: "None of the chosen responses is waiting for review.",
    template_not_found: "There is no such survey template.",
    no_draft: "The survey has no draft to publish.",
    link_not_found_admin: "This link of the survey was not found.",
    closes_before_opens: "The closing time must be after the opening time.",
    draft_invalid: "The draft is not valid: {detail}",
    question_id_duplicate: "This question id is already used by another question.",
    show_if_order: "A display condition must refer to an earlier question.",
    option_duplicate: "This option value is already used by another option.",
    unit_not_found: "This unit was not found. Check the link.",
    petition_not_found: "No case has this tracking code and secret key. Check both codes on the receipt.",
    staff_session_not_citizen:
      "You are signed in with a staff account: only the sender may follow, rate, reopen or withdraw a case here. Staff must use the console (recording the sender's request on their behalf), or sign out if you are the sender.",
    denunciation_needs_identity:
      "A denunciation must give the full name and a phone number or email of the person making it. This is kept confidential under the Law on Denunciations; anonymous denunciations are not handled.",
    contact_needed: "To be contacted, leave a phone number or an email.",
    too_many_lookups: "Too many lookups. Try again in {minutes} minutes.",
    phone_invalid: "The phone number is not valid (e.g. 0912 345 678).",
    text_too_long: "The text is too long (at most {max} characters).",
    transition_not_allowed: "This action is not possible in the case's current state.",
    reopen_window_passed: "A case can only be reopened within {days} days of its answer.",
    extension_not_allowed: "Only complaints and denunciations may have their time limit extended.",
    extension_before_acceptance: "Accept the case before extending its time limit.",
    extension_too_late: "The time limit has passed: an extension must be decided before it runs out.",
    extension_limit_reached: "The case has been extended as many times as the law allows.",
    not_answered_yet: "The case has no answer to rate yet.",
    petition_not_found_admin: "Case not found.",
    not_late: "This case is not late: no apology is needed.",
    apology_date_future: "The new date must be after today.",
    limit_longer_than_law:
      "A unit may only shorten a time limit, counted the same way: at most {days} {unitEn} by law.",
    comment_not_found: "This comment was not found in the response.",
    publish_not_allowed:
      "Only an answered case whose sender agreed to publish it, and not a denunciation, can be published.",
    denunciation_not_public:
      "A denunciation is never published, to keep the denouncer's identity confidential.",
    personal_data_found:
      "This text will be public but may contain personal data (names, phone numbers, emails, ID numbers, addresses, a pupil's class). Mask the places listed, or confirm that you checked them.",
    calendar_day_exists: "This day is already in the unit's calendar.",
    attachment_empty: "The attachment is empty.",
    attachment_too_large: "The attachment is too large (10 MB per file at most).",
    attachment_type: "Only JPEG or PNG images and PDF files are accepted. This file is none of them.",
    attachment_unknown: "An attachment is not valid or was already used. Please upload it again.",
    too_many_uploads: "Too many uploads. Try again in {minutes} minutes.",
    too_many_submissions: "Too many messages were sent from this network. Try again in {minutes} minutes.",
    apology_not_found: "No apology has been recorded for this case.",
    assignee_invalid: "The person or team is not part of this unit or may not handle cases.",
    field_required: "This field is required.",
    field_invalid: "Invalid value.",
    field_unknown: "This field is not accepted.",
    answer_required: "Please answer this question.",
    answer_unknown_question: "This question is not part of the survey.",
    answer_likert: "Choose a level from 1 (Very dissatisfied) to 5 (Very satisfied).",
    answer_rating: "Choose a number from {min} to {max}.",
    answer_option: "Choose one of the options given.",
    answer_options: "Choose among the options given.",
    answer_yesno: "Choose Yes or No.",
    answer_text: "Enter text.",
    answer_text_too_long: "Too long (at most {max} characters).",
  },
} as const;

export type Lang = keyof typeof messages;
export type MessageKey = keyof (typeof messages)["vi"];

export function translate(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  return messages[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** Vietnamese unless the client prefers English over it. */
export function pickLang(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return "vi";
  for (const part of acceptLanguage.split(",")) {
    const tag = part.trim().split(";")[0]?.toLowerCase() ?? "";
    if (tag.startsWith("vi")) return "vi";
    if (tag.startsWith("en")) return "en";
  }
  return "vi";
}
