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
    navSurveys: "Khảo sát",
    navUnits: "Đơn vị",
    navStaff: "Cán bộ",
    navAudit: "Nhật ký",
    navAccount: "Tài khoản",
    mainNav: "Chức năng chính",
    unitSwitcherLabel: "Đơn vị",
    chooseUnitFirst: "Chưa có đơn vị nào để chọn.",
    notFoundTitle: "Không tìm thấy trang",
    notFoundText: "Địa chỉ này không có trang nào.",
    forbiddenTitle: "Không có quyền truy cập",
    forbiddenText: "Vai trò của bạn không cho phép xem trang này.",
    backToHome: "Về trang khảo sát",
    save: "Lưu",
    saving: "Đang lưu…",
    cancel: "Huỷ",
    sending: "Đang gửi…",
    fullName: "Họ và tên",
    errEmailInvalid: "Email không hợp lệ.",
    colActions: "Thao tác",
    colCreated: "Tạo lúc",
    you: "bạn",
    unitsTitle: "Đơn vị",
    unitsIntro:
      "Cơ cấu đơn vị: Sở/Phòng GD&ĐT, phường/xã, trường và tổ chuyên môn. Vai trò ở một đơn vị áp dụng cho cả các đơn vị cấp dưới.",
    unitTreeTitle: "Cây đơn vị",
    noUnits: "Chưa có đơn vị nào.",
    kindDepartment: "Sở GD&ĐT / phòng ban",
    kindWard: "Phường/xã",
    kindSchool: "Trường",
    kindTeam: "Tổ chuyên môn",
    renameUnit: "Đổi tên",
    renameUnitLabel: "Đổi tên {name}",
    newUnitName: "Tên mới",
    moveUnit: "Chuyển",
    moveUnitLabel: "Chuyển {name} sang đơn vị khác",
    moveUnitTo: "Chuyển “{name}” vào đơn vị",
    noMoveTargets: "Không có đơn vị nào để chuyển vào.",
    chooseParent: "— Chọn đơn vị cấp trên —",
    noParent: "— Không có (cấp cao nhất) —",
    archiveUnit: "Lưu trữ",
    archiveUnitLabel: "Lưu trữ {name}",
    archiveUnitTitle: "Lưu trữ đơn vị?",
    archiveUnitConfirm: "Đơn vị “{name}” sẽ bị ẩn khỏi danh sách và không còn dùng được. Tiếp tục?",
    createUnitTitle: "Thêm đơn vị",
    createUnit: "Thêm đơn vị",
    unitName: "Tên đơn vị",
    unitSlug: "Mã đơn vị",
    unitSlugHint: "chữ thường không dấu, số và dấu gạch ngang",
    unitKind: "Loại đơn vị",
    unitParent: "Đơn vị cấp trên",
    unitAddress: "Địa chỉ (không bắt buộc)",
    errUnitName: "Tên đơn vị cần ít nhất 2 ký tự.",
    errSlug:
      "Mã chỉ gồm chữ thường không dấu, số và dấu gạch ngang (không bắt đầu hay kết thúc bằng dấu gạch ngang).",
    errParentRequired: "Vui lòng chọn đơn vị cấp trên.",
    unitCreated: "Đã thêm đơn vị “{name}”.",
    unitRenamed: "Đã đổi tên thành “{name}”.",
    unitMoved: "Đã chuyển “{name}” vào “{parent}”.",
    unitArchived: "Đã lưu trữ đơn vị “{name}”.",
    staffTitle: "Cán bộ",
    staffIntro: "Cán bộ có vai trò tại {unit}.",
    staffCaption: "Cán bộ của {unit}",
    staffReadOnly:
      "Bạn chỉ có quyền xem danh sách. Hiệu trưởng / quản trị đơn vị mới thêm hoặc đổi vai trò cán bộ.",
    noMembers: "Đơn vị này chưa có cán bộ nào.",
    colPerson: "Cán bộ",
    colRole: "Vai trò",
    roleAdmin: "Hiệu trưởng / quản trị đơn vị",
    roleManager: "Phó hiệu trưởng / quản lý",
    roleOfficer: "Cán bộ xử lý",
    roleInspector: "Ban Thanh tra nhân dân",
    roleViewer: "Cấp trên (chỉ xem số liệu)",
    roleOf: "Vai trò của {name}",
    roleChanged: "Đã đổi vai trò của {name} thành “{role}”.",
    memberStatusActive: "Đang hoạt động",
    memberStatusDisabled: "Đã khoá",
    memberStatusInvited: "Chờ nhận lời mời",
    disableMember: "Khoá",
    disableMemberLabel: "Khoá tài khoản {name}",
    disableMemberTitle: "Khoá tài khoản?",
    disableMemberConfirm: "{name} sẽ không đăng nhập được cho đến khi được mở khoá. Tiếp tục?",
    enableMember: "Mở khoá",
    enableMemberLabel: "Mở khoá tài khoản {name}",
    memberDisabled: "Đã khoá tài khoản {name}.",
    memberEnabled: "Đã mở khoá tài khoản {name}.",
    removeMember: "Gỡ khỏi đơn vị",
    removeMemberLabel: "Gỡ {name} khỏi đơn vị",
    removeMemberTitle: "Gỡ cán bộ khỏi đơn vị?",
    removeMemberConfirm: "{name} sẽ mất vai trò tại {unit}. Tiếp tục?",
    memberRemoved: "Đã gỡ {name} khỏi đơn vị.",
    selfNoActions: "Không thể tự đổi vai trò, khoá hay gỡ chính mình.",
    inviteTitle: "Mời cán bộ",
    inviteIntro: "Người được mời sẽ nhận một email có liên kết để tự đặt mật khẩu.",
    sendInvitation: "Gửi lời mời",
    errDisplayName: "Vui lòng nhập họ và tên (ít nhất 2 ký tự).",
    memberInvited: "Đã gửi lời mời đến {email}.",
    memberAdded: "Đã thêm {email} vào {unit}.",
    accountTitle: "Tài khoản",
    changePasswordTitle: "Đổi mật khẩu",
    currentPassword: "Mật khẩu hiện tại",
    newPassword: "Mật khẩu mới",
    confirmPassword: "Nhập lại mật khẩu mới",
    passwordRule: "Ít nhất 10 ký tự, không dùng mật khẩu phổ biến.",
    changePassword: "Đổi mật khẩu",
    errPasswordShort: "Mật khẩu mới cần ít nhất 10 ký tự.",
    errPasswordMismatch: "Hai mật khẩu chưa khớp nhau.",
    passwordChanged: "Đã đổi mật khẩu.",
    tokensTitle: "Khoá API",
    tokensIntro:
      "Khoá API cho phép các tập lệnh và trang web của nhà trường lấy số liệu mà không cần đăng nhập.",
    tokensUsage: "Tập lệnh và trang web của nhà trường gửi khoá trong tiêu đề HTTP:",
    tokensCaption: "Các khoá API của bạn",
    noTokens: "Bạn chưa tạo khoá API nào.",
    tokenName: "Tên khoá",
    tokenNameHint: "Để nhận biết nơi dùng khoá, ví dụ “Trang web trường”.",
    createTokenTitle: "Tạo khoá mới",
    createToken: "Tạo khoá",
    errTokenName: "Vui lòng đặt tên cho khoá.",
    tokenCreated: "Đã tạo khoá “{name}”.",
    tokenOnceWarning: "Hãy sao chép và cất giữ khoá này ngay: khoá sẽ không được hiển thị lại.",
    newTokenLabel: "Khoá mới “{name}”",
    copyToken: "Sao chép khoá",
    tokenCopied: "Đã sao chép khoá.",
    tokenSaved: "Tôi đã lưu khoá",
    colLastUsed: "Dùng lần cuối",
    neverUsed: "Chưa dùng",
    tokenActive: "Đang dùng được",
    tokenRevokedAt: "Đã thu hồi {time}",
    revokeToken: "Thu hồi",
    revokeTokenLabel: "Thu hồi khoá {name}",
    revokeTokenTitle: "Thu hồi khoá API?",
    revokeTokenConfirm: "Các tập lệnh đang dùng khoá “{name}” sẽ ngừng hoạt động ngay. Tiếp tục?",
    tokenRevoked: "Đã thu hồi khoá “{name}”.",
    auditTitle: "Nhật ký thao tác",
    auditIntro: "Các thao tác của cán bộ tại {unit} và các đơn vị cấp dưới.",
    auditIntroAll: "Các thao tác của cán bộ.",
    auditFilters: "Lọc nhật ký",
    auditAction: "Thao tác",
    auditActionHint: "Lọc theo phần đầu mã thao tác, ví dụ: staff hoặc unit.create",
    auditFrom: "Từ ngày",
    auditTo: "Đến ngày",
    errDateRange: "Ngày kết thúc phải sau hoặc trùng ngày bắt đầu.",
    applyFilters: "Lọc",
    clearFilters: "Xoá bộ lọc",
    downloadCsv: "Tải CSV",
    auditCaption: "Nhật ký thao tác tại {unit}",
    noAuditEntries: "Không có thao tác nào phù hợp.",
    colTime: "Thời gian",
    colActor: "Người thực hiện",
    colAction: "Thao tác",
    colTarget: "Đối tượng",
    colSummary: "Chi tiết",
    systemActor: "Hệ thống",
    requestId: "Mã yêu cầu: {id}",
    loadMore: "Tải thêm",
    auditEnd: "Đã hiển thị toàn bộ.",
    auditLoaded: "Đã tải {count} dòng.",
    auditLoadedMore: "Đã tải thêm {count} dòng.",
    forgotLink: "Quên mật khẩu?",
    forgotTitle: "Quên mật khẩu",
    forgotIntro: "Nhập email tài khoản cán bộ. Chúng tôi sẽ gửi một liên kết để đặt lại mật khẩu.",
    sendResetLink: "Gửi liên kết",
    forgotSent: "Nếu email này có tài khoản, một liên kết đặt lại mật khẩu đã được gửi.",
    backToSignIn: "Quay lại đăng nhập",
    resetTitle: "Đặt mật khẩu",
    resetIntro: "Chọn mật khẩu cho tài khoản cán bộ của bạn.",
    setPassword: "Đặt mật khẩu",
    resetDone: "Đã đặt mật khẩu.",
    goToSignIn: "Đăng nhập ngay",
    resetLinkMissing: "Liên kết không đầy đủ. Hãy mở lại liên kết trong email hoặc yêu cầu liên kết mới.",
    requestNewLink: "Yêu cầu liên kết mới",
    resetLinkInvalid: "Liên kết đặt mật khẩu không hợp lệ hoặc đã hết hạn.",
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
    navSurveys: "Surveys",
    navUnits: "Units",
    navStaff: "Staff",
    navAudit: "Audit log",
    navAccount: "Account",
    mainNav: "Main navigation",
    unitSwitcherLabel: "Unit",
    chooseUnitFirst: "There is no unit to choose yet.",
    notFoundTitle: "Page not found",
    notFoundText: "There is no page at this address.",
    forbiddenTitle: "Access denied",
    forbiddenText: "Your role does not allow you to view this page.",
    backToHome: "Back to surveys",
    save: "Save",
    saving: "Saving…",
    cancel: "Cancel",
    sending: "Sending…",
    fullName: "Full name",
    errEmailInvalid: "This email is not valid.",
    colActions: "Actions",
    colCreated: "Created",
    you: "you",
    unitsTitle: "Units",
    unitsIntro:
      "Organisation: education departments, wards, schools and subject teams. A role in a unit also applies to every unit below it.",
    unitTreeTitle: "Unit tree",
    noUnits: "No units yet.",
    kindDepartment: "Education department / division",
    kindWard: "Ward/commune",
    kindSchool: "School",
    kindTeam: "Subject team",
    renameUnit: "Rename",
    renameUnitLabel: "Rename {name}",
    newUnitName: "New name",
    moveUnit: "Move",
    moveUnitLabel: "Move {name} to another unit",
    moveUnitTo: "Move “{name}” into",
    noMoveTargets: "There is no unit to move it into.",
    chooseParent: "— Choose a parent unit —",
    noParent: "— None (top level) —",
    archiveUnit: "Archive",
    archiveUnitLabel: "Archive {name}",
    archiveUnitTitle: "Archive this unit?",
    archiveUnitConfirm: "The unit “{name}” will be hidden from lists and can no longer be used. Continue?",
    createUnitTitle: "Add a unit",
    createUnit: "Add unit",
    unitName: "Unit name",
    unitSlug: "Unit code",
    unitSlugHint: "lowercase letters without accents, digits and hyphens",
    unitKind: "Unit type",
    unitParent: "Parent unit",
    unitAddress: "Address (optional)",
    errUnitName: "The unit name needs at least 2 characters.",
    errSlug: "Use only lowercase letters without accents, digits and hyphens (not at the start or end).",
    errParentRequired: "Please choose a parent unit.",
    unitCreated: "Unit “{name}” added.",
    unitRenamed: "Renamed to “{name}”.",
    unitMoved: "Moved “{name}” into “{parent}”.",
    unitArchived: "Unit “{name}” archived.",
    staffTitle: "Staff",
    staffIntro: "Staff with a role at {unit}.",
    staffCaption: "Staff of {unit}",
    staffReadOnly:
      "You can only view this list. Only a principal / unit administrator can add staff or change roles.",
    noMembers: "This unit has no staff yet.",
    colPerson: "Staff member",
    colRole: "Role",
    roleAdmin: "Principal / unit administrator",
    roleManager: "Vice-principal / manager",
    roleOfficer: "Case officer",
    roleInspector: "People's Inspection Board",
    roleViewer: "Supervising level (figures only)",
    roleOf: "Role of {name}",
    roleChanged: "{name}'s role changed to “{role}”.",
    memberStatusActive: "Active",
    memberStatusDisabled: "Disabled",
    memberStatusInvited: "Invitation pending",
    disableMember: "Disable",
    disableMemberLabel: "Disable the account of {name}",
    disableMemberTitle: "Disable this account?",
    disableMemberConfirm: "{name} will not be able to sign in until the account is enabled again. Continue?",
    enableMember: "Enable",
    enableMemberLabel: "Enable the account of {name}",
    memberDisabled: "The account of {name} is disabled.",
    memberEnabled: "The account of {name} is enabled.",
    removeMember: "Remove from unit",
    removeMemberLabel: "Remove {name} from the unit",
    removeMemberTitle: "Remove from this unit?",
    removeMemberConfirm: "{name} will lose their role at {unit}. Continue?",
    memberRemoved: "{name} removed from the unit.",
    selfNoActions: "You cannot change, disable or remove yourself.",
    inviteTitle: "Invite a staff member",
    inviteIntro: "The person will receive an email with a link to set their password.",
    sendInvitation: "Send invitation",
    errDisplayName: "Please enter the full name (at least 2 characters).",
    memberInvited: "Invitation sent to {email}.",
    memberAdded: "{email} added to {unit}.",
    accountTitle: "Account",
    changePasswordTitle: "Change password",
    currentPassword: "Current password",
    newPassword: "New password",
    confirmPassword: "Repeat the new password",
    passwordRule: "At least 10 characters, not a common password.",
    changePassword: "Change password",
    errPasswordShort: "The new password needs at least 10 characters.",
    errPasswordMismatch: "The two passwords do not match.",
    passwordChanged: "Password changed.",
    tokensTitle: "API keys",
    tokensIntro: "API keys let scripts and the school website read figures without signing in.",
    tokensUsage: "Scripts and the school website send the key in an HTTP header:",
    tokensCaption: "Your API keys",
    noTokens: "You have not created any API key yet.",
    tokenName: "Key name",
    tokenNameHint: "To recognise where the key is used, e.g. “School website”.",
    createTokenTitle: "Create a new key",
    createToken: "Create key",
    errTokenName: "Please give the key a name.",
    tokenCreated: "Key “{name}” created.",
    tokenOnceWarning: "Copy this key and store it safely now: it will not be shown again.",
    newTokenLabel: "New key “{name}”",
    copyToken: "Copy the key",
    tokenCopied: "Key copied.",
    tokenSaved: "I have saved the key",
    colLastUsed: "Last used",
    neverUsed: "Never",
    tokenActive: "Active",
    tokenRevokedAt: "Revoked {time}",
    revokeToken: "Revoke",
    revokeTokenLabel: "Revoke the key {name}",
    revokeTokenTitle: "Revoke this API key?",
    revokeTokenConfirm: "Scripts using the key “{name}” will stop working immediately. Continue?",
    tokenRevoked: "Key “{name}” revoked.",
    auditTitle: "Audit log",
    auditIntro: "Staff actions at {unit} and the units below it.",
    auditIntroAll: "Staff actions.",
    auditFilters: "Filter the audit log",
    auditAction: "Action",
    auditActionHint: "Matches the start of the action code, e.g. staff or unit.create",
    auditFrom: "From",
    auditTo: "To",
    errDateRange: "The end date must be on or after the start date.",
    applyFilters: "Filter",
    clearFilters: "Clear filters",
    downloadCsv: "Download CSV",
    auditCaption: "Audit log of {unit}",
    noAuditEntries: "No matching actions.",
    colTime: "Time",
    colActor: "By",
    colAction: "Action",
    colTarget: "Target",
    colSummary: "Details",
    systemActor: "System",
    requestId: "Request id: {id}",
    loadMore: "Load more",
    auditEnd: "Everything is shown.",
    auditLoaded: "{count} rows loaded.",
    auditLoadedMore: "{count} more rows loaded.",
    forgotLink: "Forgot your password?",
    forgotTitle: "Forgot password",
    forgotIntro: "Enter the email of your staff account. We will send a link to reset your password.",
    sendResetLink: "Send link",
    forgotSent: "If this email has an account, a password reset link has been sent.",
    backToSignIn: "Back to sign-in",
    resetTitle: "Set your password",
    resetIntro: "Choose a password for your staff account.",
    setPassword: "Set password",
    resetDone: "Your password is set.",
    goToSignIn: "Sign in now",
    resetLinkMissing: "This link is incomplete. Open the link from the email again or ask for a new one.",
    requestNewLink: "Ask for a new link",
    resetLinkInvalid: "This password link is not valid or has expired.",
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

const dateTimeFormat = new Intl.DateTimeFormat("vi-VN", {
  timeZone: "Asia/Ho_Chi_Minh",
  dateStyle: "short",
  timeStyle: "medium",
});

/** A server timestamp as Vietnam local time, whatever the browser's time zone. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTimeFormat.format(date);
}
