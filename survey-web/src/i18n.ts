import { useSyncExternalStore } from "react";
import type { Lang, LocalizedText } from "./types";

const STORAGE_KEY = "gopy.lang";

/** Ensures both catalogues have exactly the same keys. */
function defineMessages<T extends Record<string, string>>(catalogue: {
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
    loading: "Đang tải khảo sát…",
    loadErrorTitle: "Không tải được khảo sát",
    loadErrorText: "Vui lòng kiểm tra kết nối mạng rồi thử lại.",
    retry: "Thử lại",
    notFoundTitle: "Không tìm thấy khảo sát",
    notFoundText:
      "Đường dẫn hoặc mã QR không đúng hoặc không còn hiệu lực. Vui lòng kiểm tra lại thông báo của nhà trường.",
    closedTitle: "Khảo sát đã kết thúc",
    closedText: "Cảm ơn bạn đã quan tâm. Khảo sát này đã đóng và không nhận thêm câu trả lời.",
    privacyTitle: "Quyền riêng tư",
    privacyText:
      "Phiếu khảo sát ẩn danh: chúng tôi không hỏi tên hay số điện thoại của bạn. Chỉ cán bộ nhà trường được xem từng câu trả lời; kết quả công bố chỉ là số liệu tổng hợp.",
    closesAt: "Hạn trả lời: {date}",
    autosave: "Câu trả lời được lưu tự động trên máy này.",
    progress: "Phần {current}/{total}",
    progressLabel: "Tiến độ khảo sát",
    required: "bắt buộc",
    requiredHint: "Câu hỏi ghi “bắt buộc” cần được trả lời.",
    next: "Tiếp tục",
    back: "Quay lại",
    submit: "Gửi phiếu",
    sending: "Đang gửi…",
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
    pendingText: "Đang chờ kết nối để gửi… Câu trả lời của bạn đã được lưu trên máy này.",
    pendingRetryIn: "Tự động thử lại sau {seconds} giây.",
    pendingTrying: "Đang thử gửi…",
    retryNow: "Thử gửi ngay",
    thanksTitle: "Cảm ơn bạn đã tham gia khảo sát!",
    thanksText: "Phiếu của bạn đã được ghi nhận.",
    alreadySubmitted: "Bạn đã gửi phiếu khảo sát này.",
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
    loading: "Loading the survey…",
    loadErrorTitle: "Could not load the survey",
    loadErrorText: "Please check your connection and try again.",
    retry: "Try again",
    notFoundTitle: "Survey not found",
    notFoundText: "The link or QR code is wrong or no longer valid. Please check your school's notice.",
    closedTitle: "This survey has ended",
    closedText: "Thank you for your interest. This survey is closed and no longer accepts answers.",
    privacyTitle: "Privacy",
    privacyText:
      "This survey is anonymous: we never ask for your name or phone number. Only the school's staff can see individual answers; only aggregated figures are published.",
    closesAt: "Open until: {date}",
    autosave: "Your answers are saved automatically on this device.",
    progress: "Part {current}/{total}",
    progressLabel: "Survey progress",
    required: "required",
    requiredHint: "Questions marked “required” must be answered.",
    next: "Next",
    back: "Back",
    submit: "Submit",
    sending: "Sending…",
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
    pendingText: "Waiting for a connection to send… Your answers are saved on this device.",
    pendingRetryIn: "Retrying automatically in {seconds} seconds.",
    pendingTrying: "Trying to send…",
    retryNow: "Send now",
    thanksTitle: "Thank you for taking part!",
    thanksText: "Your answers have been received.",
    alreadySubmitted: "You have already submitted this survey.",
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

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  let text: string = messages[current][key];
  if (params) {
    for (const [name, value] of Object.entries(params)) text = text.replaceAll(`{${name}}`, String(value));
  }
  return text;
}

/** Picks the current language from API-provided text, falling back to Vietnamese. */
export function loc(text: LocalizedText | undefined): string {
  if (!text) return "";
  return (current === "en" && text.en) || text.vi;
}
