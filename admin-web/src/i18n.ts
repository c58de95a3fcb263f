import { useSyncExternalStore } from "react";

export type Lang = "vi" | "en";
export interface LocalizedText {
  vi: string;
  en?: string;
}

const STORAGE_KEY = "gopy.admin.lang";

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
    documentTitle: "Góp Ý — Cán bộ",
    languageLabel: "Ngôn ngữ",
    skipToContent: "Bỏ qua đến nội dung chính",
    loading: "Đang tải…",
    loginTitle: "Góp Ý — Đăng nhập cán bộ",
    loginIntro: "Dành cho cán bộ nhà trường quản lý khảo sát.",
    email: "Email",
    password: "Mật khẩu",
    signIn: "Đăng nhập",
    signingIn: "Đang đăng nhập…",
    errEmailRequired: "Vui lòng nhập email.",
    errPasswordRequired: "Vui lòng nhập mật khẩu.",
    errNetwork: "Không kết nối được máy chủ. Vui lòng kiểm tra mạng và thử lại.",
    errGeneric: "Đã có lỗi xảy ra. Vui lòng thử lại.",
    retryAfter: "Vui lòng thử lại sau {seconds} giây.",
    sessionExpired: "Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.",
    signedOut: "Bạn đã đăng xuất.",
    retry: "Thử lại",
    signOut: "Đăng xuất",
    signedInAs: "Tài khoản",
    unitsLabel: "Đơn vị",
    surveysTitle: "Khảo sát",
    surveysCaption: "Danh sách khảo sát và số phiếu đã nhận",
    colTitle: "Khảo sát",
    colUnit: "Đơn vị",
    colStatus: "Trạng thái",
    colResponses: "Số phiếu",
    statusOpen: "Đang mở",
    statusClosed: "Đã đóng",
    statusDraft: "Bản nháp",
    refresh: "Làm mới",
    refreshing: "Đang làm mới…",
    lastUpdated: "Cập nhật lúc {time}. Tự động làm mới mỗi 30 giây.",
    noSurveys: "Chưa có khảo sát nào.",
    noLinks: "Chưa có đường dẫn khảo sát.",
    linksLabel: "Đường dẫn của khảo sát “{title}”",
    channel: "Kênh",
    linkResponses: "Số phiếu: {count}",
    copy: "Sao chép",
    copyLabel: "Sao chép đường dẫn kênh {channel}",
    copied: "Đã sao chép đường dẫn.",
    copyFailed: "Không sao chép được. Hãy chọn và sao chép đường dẫn thủ công.",
    qrAlt: "Mã QR kênh {channel} – {title}",
    qrDownload: "Tải mã QR (SVG)",
  },
  en: {
    appName: "Góp Ý",
    documentTitle: "Góp Ý — Staff",
    languageLabel: "Language",
    skipToContent: "Skip to main content",
    loading: "Loading…",
    loginTitle: "Góp Ý — Staff sign-in",
    loginIntro: "For school staff who manage surveys.",
    email: "Email",
    password: "Password",
    signIn: "Sign in",
    signingIn: "Signing in…",
    errEmailRequired: "Please enter your email.",
    errPasswordRequired: "Please enter your password.",
    errNetwork: "Cannot reach the server. Please check your connection and try again.",
    errGeneric: "Something went wrong. Please try again.",
    retryAfter: "Please try again in {seconds} seconds.",
    sessionExpired: "Your session has expired. Please sign in again.",
    signedOut: "You have signed out.",
    retry: "Try again",
    signOut: "Sign out",
    signedInAs: "Account",
    unitsLabel: "Units",
    surveysTitle: "Surveys",
    surveysCaption: "Surveys and responses received",
    colTitle: "Survey",
    colUnit: "Unit",
    colStatus: "Status",
    colResponses: "Responses",
    statusOpen: "Open",
    statusClosed: "Closed",
    statusDraft: "Draft",
    refresh: "Refresh",
    refreshing: "Refreshing…",
    lastUpdated: "Updated at {time}. Refreshes automatically every 30 seconds.",
    noSurveys: "No surveys yet.",
    noLinks: "No survey links yet.",
    linksLabel: "Links for the survey “{title}”",
    channel: "Channel",
    linkResponses: "Responses: {count}",
    copy: "Copy",
    copyLabel: "Copy the link for channel {channel}",
    copied: "Link copied.",
    copyFailed: "Could not copy. Please select and copy the link manually.",
    qrAlt: "QR code for channel {channel} – {title}",
    qrDownload: "Download QR code (SVG)",
  },
});

export type MessageKey = keyof typeof messages.vi;

function readStoredLang(): Lang {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === "vi" || stored === "en") return stored;
  } catch {
    // Storage unavailable: use the default language.
  }
  return "vi";
}

let current: Lang = readStoredLang();
const listeners = new Set<() => void>();

function applyToDocument(): void {
  document.documentElement.lang = current;
  document.title = messages[current].documentTitle;
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
    // Ignore: the choice will not survive a reload.
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

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(current === "vi" ? "vi-VN" : "en-GB").format(value);
}

export function formatTime(date: Date): string {
  return new Intl.DateTimeFormat(current === "vi" ? "vi-VN" : "en-GB", { timeStyle: "short" }).format(date);
}
