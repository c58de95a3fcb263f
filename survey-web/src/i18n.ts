import { useSyncExternalStore } from "react";
import type { Lang, LocalizedText } from "./types";

const STORAGE_KEY = "gopy.lang";

/** Ensures both catalogues have exactly the same keys. */
export function defineMessages<T extends Record<string, string>>(catalogue: {
  vi: T;
  en: { [K in keyof NoInfer<T>]: string };
}) {
  return catalogue;
}

const messages = defineMessages({
  vi: {
    appName: "Góp Ý",
    languageLabel: "Ngôn ngữ",
    langVi: "Tiếng Việt",
    langEn: "English",
    landingTitle: "Góp ý cho nhà trường",
    landingText: "Quét mã QR trên thông báo của nhà trường để mở phiếu khảo sát.",
    landingTrack: "Tra cứu phản ánh, kiến nghị đã gửi",
    loadingPage: "Đang tải…",
    pageLoadErrorTitle: "Không tải được trang",
    pageLoadErrorText:
      "Vui lòng kiểm tra kết nối mạng rồi thử lại. Nội dung bạn đã nhập vẫn được lưu trên máy này.",
    loading: "Đang tải khảo sát…",
    loadErrorTitle: "Không tải được khảo sát",
    loadErrorText: "Vui lòng kiểm tra kết nối mạng rồi thử lại.",
    retry: "Thử lại",
    notFoundTitle: "Không tìm thấy khảo sát",
    notFoundText:
      "Đường dẫn hoặc mã QR không đúng hoặc không còn hiệu lực. Vui lòng kiểm tra lại thông báo của nhà trường.",
    pageNotFoundTitle: "Không tìm thấy trang",
    pageNotFoundText:
      "Địa chỉ này không có trang nào. Hãy kiểm tra lại đường dẫn, hoặc quét lại mã QR trên thông báo của nhà trường.",
    closedTitle: "Khảo sát đã kết thúc",
    closedText: "Cảm ơn bạn đã quan tâm. Khảo sát này đã đóng và không nhận thêm câu trả lời.",
    privacySummary: "Quyền riêng tư: phiếu này lưu những gì?",
    privacyStored:
      "Chỉ lưu câu trả lời của bạn, kênh nhận phiếu (ví dụ mã QR ở cổng trường) và thời điểm gửi.",
    privacyAnonymous: "Phiếu ẩn danh: không hỏi tên, không hỏi số điện thoại.",
    privacyDevice:
      "Một mã thiết bị ngẫu nhiên, chỉ lưu trong trình duyệt này, giúp không tính hai lần phiếu từ cùng một điện thoại.",
    privacyLocal: "Câu trả lời được lưu tạm trên máy này cho đến khi gửi xong, sau đó được xóa khỏi máy.",
    privacyWho:
      "Cán bộ nhà trường xem kết quả tổng hợp và các phiếu không ghi tên; kết quả chỉ được công bố dưới dạng số liệu tổng.",
    closesAt: "Hạn trả lời: {date}",
    autosave: "Câu trả lời được lưu tự động trên máy này.",
    progress: "Phần {current}/{total}",
    progressLabel: "Tiến độ khảo sát",
    required: "bắt buộc",
    requiredHint: "Câu hỏi ghi “bắt buộc” cần được trả lời.",
    next: "Tiếp tục",
    back: "Quay lại",
    submit: "Gửi phiếu",
    errRequired: "Vui lòng trả lời câu hỏi này.",
    errTooLong: "Câu trả lời quá dài (tối đa {max} ký tự).",
    errSummary: "Vui lòng kiểm tra lại các câu hỏi được đánh dấu.",
    errGeneric: "Đã có lỗi xảy ra. Vui lòng thử lại.",
    likert1: "Rất không hài lòng",
    likert2: "Không hài lòng",
    likert3: "Bình thường",
    likert4: "Hài lòng",
    likert5: "Rất hài lòng",
    yes: "Có",
    no: "Không",
    ratingLow: "{value} = Thấp nhất",
    ratingHigh: "{value} = Cao nhất",
    npsLow: "0 = Chắc chắn không",
    npsHigh: "10 = Chắc chắn có",
    charCount: "{count}/{max} ký tự",
    charCountNoMax: "{count} ký tự",
    pendingTitle: "Đang gửi phiếu",
    pendingText: "Đang gửi… Câu trả lời đã được lưu trên máy, sẽ tự gửi khi có mạng.",
    pendingRetryIn: "Tự động thử lại sau {seconds} giây.",
    retryNow: "Thử gửi ngay",
    verifying: "Đang xác minh…",
    verifyingText: "Máy của bạn đang làm một bước kiểm tra chống gửi tự động, có thể mất vài giây.",
    thanksTitle: "Cảm ơn bạn đã tham gia khảo sát!",
    thanksText: "Phiếu của bạn đã được ghi nhận.",
    alreadySubmitted: "Bạn đã gửi phiếu khảo sát này.",
    alreadyTitle: "Bạn đã trả lời khảo sát này trên thiết bị này",
    alreadyText: "Mỗi thiết bị chỉ được tính một phiếu. Phiếu bạn gửi trước đó vẫn được giữ.",
    notEditable: "Khảo sát đã đóng nên không thể sửa câu trả lời nữa.",
    editAnswers: "Sửa câu trả lời",
    editLoading: "Đang tải câu trả lời…",
    editFailed: "Không tải được câu trả lời đã gửi. Vui lòng kiểm tra kết nối mạng rồi thử lại.",
    editingNotice: "Bạn đang sửa phiếu đã gửi (mã xác nhận {receipt}).",
    cancelEdit: "Hủy sửa",
    updatedTitle: "Đã cập nhật câu trả lời",
    updatedText: "Câu trả lời mới đã thay cho câu trả lời trước. Cảm ơn bạn!",
    honeypotLabel: "Website",
    honeypotHint: "Vui lòng để trống ô này rồi gửi lại.",
    receiptLabel: "Mã xác nhận",
    receiptHint: "Mã này xác nhận nhà trường đã nhận phiếu của bạn. Mã không chứa thông tin cá nhân.",
  },
  en: {
    appName: "Góp Ý",
    languageLabel: "Language",
    langVi: "Tiếng Việt",
    langEn: "English",
    landingTitle: "Feedback for your school",
    landingText: "Scan the QR code on your school's notice to open the survey.",
    landingTrack: "Track a message you sent",
    loadingPage: "Loading…",
    pageLoadErrorTitle: "Could not load the page",
    pageLoadErrorText:
      "Please check your connection and try again. What you typed is still saved on this device.",
    loading: "Loading the survey…",
    loadErrorTitle: "Could not load the survey",
    loadErrorText: "Please check your connection and try again.",
    retry: "Try again",
    notFoundTitle: "Survey not found",
    notFoundText: "The link or QR code is wrong or no longer valid. Please check your school's notice.",
    pageNotFoundTitle: "Page not found",
    pageNotFoundText:
      "There is no page at this address. Check the link, or scan the QR code on your school's notice again.",
    closedTitle: "This survey has ended",
    closedText: "Thank you for your interest. This survey is closed and no longer accepts answers.",
    privacySummary: "Privacy: what does this form keep?",
    privacyStored:
      "Only your answers, the channel (for example the QR code at the school gate) and the time they were sent.",
    privacyAnonymous: "The form is anonymous: no name or phone number is asked.",
    privacyDevice:
      "A random device code, kept only in this browser, stops the same phone from being counted twice.",
    privacyLocal: "Your answers are kept on this device until they are sent, then removed from it.",
    privacyWho:
      "The school's staff see aggregated results and the unnamed forms; results are published only as totals.",
    closesAt: "Open until: {date}",
    autosave: "Your answers are saved automatically on this device.",
    progress: "Part {current}/{total}",
    progressLabel: "Survey progress",
    required: "required",
    requiredHint: "Questions marked “required” must be answered.",
    next: "Next",
    back: "Back",
    submit: "Submit",
    errRequired: "Please answer this question.",
    errTooLong: "This answer is too long (at most {max} characters).",
    errSummary: "Please check the highlighted questions.",
    errGeneric: "Something went wrong. Please try again.",
    likert1: "Very dissatisfied",
    likert2: "Dissatisfied",
    likert3: "Neutral",
    likert4: "Satisfied",
    likert5: "Very satisfied",
    yes: "Yes",
    no: "No",
    ratingLow: "{value} = Lowest",
    ratingHigh: "{value} = Highest",
    npsLow: "0 = Not at all likely",
    npsHigh: "10 = Extremely likely",
    charCount: "{count}/{max} characters",
    charCountNoMax: "{count} characters",
    pendingTitle: "Sending your answers",
    pendingText: "Sending… Your answers are saved on this device and will be sent when you are online.",
    pendingRetryIn: "Retrying automatically in {seconds} seconds.",
    retryNow: "Send now",
    verifying: "Verifying…",
    verifyingText: "Your device is doing a quick anti-spam check; this can take a few seconds.",
    thanksTitle: "Thank you for taking part!",
    thanksText: "Your answers have been received.",
    alreadySubmitted: "You have already submitted this survey.",
    alreadyTitle: "You have already answered this survey on this device",
    alreadyText: "Each device counts once. The answers you sent earlier are kept.",
    notEditable: "The survey has closed, so the answers can no longer be changed.",
    editAnswers: "Edit my answers",
    editLoading: "Loading your answers…",
    editFailed: "Could not load the answers you sent. Please check your connection and try again.",
    editingNotice: "You are editing the answers you sent (receipt {receipt}).",
    cancelEdit: "Cancel editing",
    updatedTitle: "Your answers have been updated",
    updatedText: "Your new answers replaced the earlier ones. Thank you!",
    honeypotLabel: "Website",
    honeypotHint: "Please leave this field empty and send again.",
    receiptLabel: "Receipt",
    receiptHint: "This code confirms that the school received your answers. It contains no personal data.",
  },
});

export type MessageKey = keyof typeof messages.vi;

function readStoredLang(): Lang {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === "vi" || stored === "en") return stored;
  } catch {
    // Storage unavailable: fall back to the default language.
  }
  return "vi";
}

let current: Lang = readStoredLang();
const listeners = new Set<() => void>();

function applyToDocument(): void {
  document.documentElement.lang = current;
  document.title = messages[current].appName;
}

applyToDocument();

export function getLang(): Lang {
  return current;
}

export function setLang(lang: Lang): void {
  if (lang === current) return;
  current = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Ignore: the choice simply will not survive a reload.
  }
  applyToDocument();
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Re-renders the calling component when the language changes. */
export function useLang(): Lang {
  return useSyncExternalStore(subscribe, getLang, getLang);
}

function fill(text: string, params?: Record<string, string | number>): string {
  if (params) {
    for (const [name, value] of Object.entries(params)) text = text.replaceAll(`{${name}}`, String(value));
  }
  return text;
}

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return fill(messages[current][key], params);
}

/** A `t` for a catalogue that lives in a lazily loaded page, following the same language choice. */
export function translator<K extends string>(catalogue: { vi: Record<K, string>; en: Record<K, string> }) {
  return (key: K, params?: Record<string, string | number>): string => fill(catalogue[current][key], params);
}

/** Picks the current language from API-provided text, falling back to Vietnamese. */
export function loc(text: LocalizedText | undefined): string {
  if (!text) return "";
  return (current === "en" && text.en) || text.vi;
}
