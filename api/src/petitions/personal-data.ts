/**
 * Personal data inside Vietnamese free text: names after a form of address, phone numbers, email
 * addresses, identity card numbers, house addresses and a pupil's class next to a pupil's name.
 * Used before a text becomes public (an answer on the tracking page, a published question and
 * answer, an excerpt of the monthly summary): staff see each finding and either mask it or confirm
 * that the text may go out as it is. Pure functions; offsets are UTF-16 indices into the text given.
 */

export type PersonalDataKind = "name" | "phone" | "email" | "id_number" | "address" | "class";

export interface PersonalDataFinding {
  kind: PersonalDataKind;
  /** The matched text, exactly as it stands in the input. */
  text: string;
  /** Index of the first character. */
  start: number;
  /** Index just past the last character. */
  end: number;
}

/** What a masked finding becomes. */
export const REDACTED = "[đã che]";

/** `ci("ngõ")` → `[Nn]gõ`: the first letter in either case (the `i` flag would loosen `\p{Lu}`). */
const ci = (word: string) => {
  const first = word[0]!;
  return `[${first.toUpperCase()}${first.toLowerCase()}]${word.slice(1)}`.replace(/ /g, "\\s+");
};
const alt = (words: readonly string[]) =>
  [...words]
    .sort((a, b) => b.length - a.length)
    .map(ci)
    .join("|");

/** One capitalised syllable (precomposed or decomposed diacritics), ending at a word boundary. */
const SYLLABLE = String.raw`\p{Lu}[\p{Ll}\p{M}]*(?![\p{L}\p{M}\p{N}])`;
const NOT_AFTER_LETTER = String.raw`(?<![\p{L}\p{M}\p{N}])`;

/**
 * Forms of address (and self-introductions) a name may follow. Capitalised or not ("Bà Lan", "thầy Hùng", "cháu Minh Anh");
 * "Bà con", "Ông/Bà" and "Quý phụ huynh" never match because no capitalised word follows.
 */
const FORMS = [
  "ông",
  "bà",
  "anh",
  "chị",
  "em",
  "cháu",
  "cô",
  "chú",
  "bác",
  "dì",
  "thầy",
  "bé",
  "con",
  "bạn",
  "cậu",
  "học sinh",
  "học viên",
  "phụ huynh",
  "giáo viên",
  "cô giáo",
  "thầy giáo",
  "cô hiệu trưởng",
  "thầy hiệu trưởng",
  "hiệu trưởng",
  "hiệu phó",
  "phó hiệu trưởng",
  "đồng chí",
  "ông bà",
  "bố",
  "mẹ",
  "cha",
  // A sender introducing themselves or a child: "Tôi là Lê Văn Cường", "cháu tên là Minh".
  "tôi là",
  "tôi tên là",
  "tôi tên",
  "mình là",
  "tên là",
  "tên",
  "họ tên",
  "họ và tên",
  "ký tên",
  "người gửi",
] as const;

/** Forms of address for a child: a class mentioned in the same sentence identifies the pupil. */
const CHILD_FORMS = new Set(["em", "cháu", "bé", "con", "bạn", "học sinh", "học viên"]);

/**
 * Capitalised words that follow a form of address without being a name: titles, institutions,
 * other forms of address ("Ông Bà", "Phụ Huynh" in a title-cased greeting).
 */
const NOT_NAMES = new Set(
  [
    "quý",
    "ông",
    "bà",
    "anh",
    "chị",
    "em",
    "cháu",
    "cô",
    "chú",
    "bác",
    "thầy",
    "con",
    "bạn",
    "phụ",
    "huynh",
    "học",
    "sinh",
    "giáo",
    "viên",
    "hiệu",
    "trưởng",
    "phó",
    "nhà",
    "trường",
    "ban",
    "hội",
    "phòng",
    "sở",
    "bộ",
    "ủy",
    "uỷ",
    "tổ",
    "lớp",
    "khối",
    "chủ",
    "tịch",
    "cha",
    "mẹ",
    "bố",
    "gia",
    "đình",
    "và",
    "hoặc",
    "cùng",
    "các",
    "những",
    "kính",
    "gửi",
    "xin",
    "cảm",
    "chúng",
    "tôi",
    "mầm",
    "non",
    "tiểu",
    "trung",
    "đại",
    "công",
    "an",
    "tại",
    "theo",
    "về",
    "đã",
    "sẽ",
    "đang",
    "người",
    "một",
  ].map((w) => w.normalize("NFC")),
);

const NAME_RE = new RegExp(
  `${NOT_AFTER_LETTER}(${alt(FORMS)}):?[ \\t]+((?:${SYLLABLE})(?:[ \\t]${SYLLABLE}){0,4})`,
  "gu",
);

const EMAIL_RE = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

/** Runs of digits with single spaces, dots or hyphens between groups, optionally after +84. */
const DIGITS_RE = /(?<![\p{L}\p{N}])(?:\(\+84\)|\+84)?[ .-]?\d+(?:[ .-]\d+)*(?![\p{L}\p{N}])/gu;

const ID_CONTEXT =
  /(?:cmnd|cccd|căn\s+cước|chứng\s+minh\s+nhân\s+dân|định\s+danh|hộ\s+chiếu)[^\d\n]{0,20}$/iu;

const NUM = String.raw`\d+[A-Za-z]?(?:[/-]\d+[A-Za-z]?)*(?![\p{L}\p{N}])`;
const PLACE_NAME = `${SYLLABLE}(?:[ \\t]${SYLLABLE}){0,3}`;
const STREET = alt([
  "ngõ",
  "ngách",
  "hẻm",
  "kiệt",
  "đường",
  "phố",
  "tổ dân phố",
  "tổ",
  "khu phố",
  "khu tập thể",
  "thôn",
  "xóm",
  "ấp",
  "bản",
  "khu",
  "phường",
  "xã",
  "quận",
  "huyện",
]);
const PART = `(?:${STREET})\\s+(?:${ci("số")}\\s+)?(?:${NUM}|${PLACE_NAME})`;
const ADDRESS_RE = new RegExp(
  NOT_AFTER_LETTER +
    "(?:" +
    [
      `${ci("số nhà")}\\s+${NUM}`,
      `${ci("số")}\\s+${NUM}(?=,?\\s+(?:${STREET})\\s)`,
      `(?:${alt(["ngõ", "ngách", "hẻm", "kiệt"])})\\s+${NUM}`,
      `${ci("tổ dân phố")}\\s+(?:${ci("số")}\\s+)?(?:${NUM}|${PLACE_NAME})`,
      `(?:${alt(["đường", "phố"])})\\s+${PLACE_NAME},?\\s+${ci("số")}\\s+${NUM}`,
    ].join("|") +
    `)(?:,?\\s+${PART})*`,
  "gu",
);

/** A class such as "lớp 3A", "lớp 10A1", "lớp 5 B". */
const CLASS_RE = new RegExp(
  `${NOT_AFTER_LETTER}${ci("lớp")}\\s+\\d{1,2}\\s?[A-ZĐ]\\d{0,2}(?![\\p{L}\\p{N}])`,
  "gu",
);

function matches(re: RegExp, text: string): RegExpExecArray[] {
  re.lastIndex = 0;
  return [...text.matchAll(re)];
}

function names(text: string): (PersonalDataFinding & { child: boolean })[] {
  const found: (PersonalDataFinding & { child: boolean })[] = [];
  for (const m of matches(NAME_RE, text)) {
    const form = m[1]!.normalize("NFC").toLowerCase().replace(/\s+/g, " ");
    const syllables = m[2]!.split(/[ \t]/);
    const kept: string[] = [];
    for (const s of syllables) {
      const word = s.normalize("NFC").toLowerCase();
      // "Anh" is also a common given name ("Minh Anh"), but never its first syllable after a form.
      if (NOT_NAMES.has(word) && (kept.length === 0 || word !== "anh")) break;
      kept.push(s);
    }
    if (kept.length === 0) continue;
    const name = kept.join(" ");
    const start = m.index + m[0].length - m[2]!.length;
    found.push({ kind: "name", text: name, start, end: start + name.length, child: CHILD_FORMS.has(form) });
  }
  return found;
}

function numbers(text: string): PersonalDataFinding[] {
  const found: PersonalDataFinding[] = [];
  for (const m of matches(DIGITS_RE, text)) {
    // Groups with their offsets, so a phone number can be found inside a longer run ("năm 2026 0912…").
    const groups = [...m[0].matchAll(/\(\+84\)|\+84|\d+/g)].map((g) => ({
      value: g[0],
      start: m.index + g.index!,
      end: m.index + g.index! + g[0].length,
    }));
    let i = 0;
    while (i < groups.length) {
      let best: PersonalDataFinding | null = null;
      let bestEnd = i;
      let digits = "";
      for (let j = i; j < groups.length; j++) {
        digits += groups[j]!.value;
        const raw = text.slice(groups[i]!.start, groups[j]!.end);
        const kind = classify(digits, raw, text.slice(0, groups[i]!.start));
        if (kind) {
          best = { kind, text: raw, start: groups[i]!.start, end: groups[j]!.end };
          bestEnd = j;
        }
        if (digits.replace(/\D/g, "").length > 13) break;
      }
      if (best) {
        found.push(best);
        i = bestEnd + 1;
      } else i++;
    }
  }
  return found;
}

function classify(joined: string, raw: string, before: string): PersonalDataKind | null {
  const international = joined.startsWith("+84") || joined.startsWith("(+84)");
  const digits = joined.replace(/\D/g, "");
  if (international) {
    const national = digits.slice(2);
    return national.length >= 9 && national.length <= 10 && !national.startsWith("0") ? "phone" : null;
  }
  const separated = /[ .-]/.test(raw);
  if (ID_CONTEXT.test(before) && (digits.length === 9 || digits.length === 12)) return "id_number";
  // Mobiles 0[35789]x xxx xxxx and landlines 02x xxxx xxxx, with or without separators.
  if (/^0[35789]\d{8}$/.test(digits) || /^02\d{9}$/.test(digits)) return "phone";
  // CCCD: 12 digits (solid or in groups of 3–4 separated by spaces); CMND: 9 solid digits. A sum
  // of money ("150.000.000") is written with dots and is left alone.
  if (digits.length === 12 && !raw.includes(".")) return "id_number";
  if (digits.length === 9 && !separated) return "id_number";
  return null;
}

function sentenceOf(text: string, at: number): { start: number; end: number } {
  const before = text.slice(0, at);
  const start = Math.max(before.lastIndexOf("."), before.lastIndexOf("\n"), before.lastIndexOf("!"), -1) + 1;
  const after = text.slice(at).search(/[.!?\n](?!\d)/);
  return { start, end: after === -1 ? text.length : at + after };
}

/**
 * The text in NFC with, for each of its indices, the index in the original text: a base letter and
 * its combining marks compose on their own, so offsets found in the NFC text map back.
 */
function composed(text: string): { nfc: string; origin: number[] } {
  if (text === text.normalize("NFC")) return { nfc: text, origin: [] };
  let nfc = "";
  const origin: number[] = [];
  for (const m of text.matchAll(/\P{M}\p{M}*|\p{M}+/gu)) {
    const piece = m[0].normalize("NFC");
    for (let k = 0; k < piece.length; k++) origin.push(m.index);
    nfc += piece;
  }
  origin.push(text.length);
  return { nfc, origin };
}

/** The personal data found in `text`, in order, without overlaps. */
export function findPersonalData(text: string): PersonalDataFinding[] {
  const { nfc, origin } = composed(text);
  const found = findInComposed(nfc);
  if (origin.length === 0) return found;
  return found.map((f) => {
    const start = origin[f.start]!;
    const end = origin[f.end]!;
    return { ...f, text: text.slice(start, end), start, end };
  });
}

function findInComposed(text: string): PersonalDataFinding[] {
  const emails = matches(EMAIL_RE, text).map(
    (m): PersonalDataFinding => ({ kind: "email", text: m[0], start: m.index, end: m.index + m[0].length }),
  );
  const addresses = matches(ADDRESS_RE, text).map(
    (m): PersonalDataFinding => ({ kind: "address", text: m[0], start: m.index, end: m.index + m[0].length }),
  );
  const people = names(text);
  const classes: PersonalDataFinding[] = [];
  for (const m of matches(CLASS_RE, text)) {
    const sentence = sentenceOf(text, m.index);
    const pupil = people.some((p) => p.child && p.start >= sentence.start && p.end <= sentence.end);
    if (pupil) classes.push({ kind: "class", text: m[0], start: m.index, end: m.index + m[0].length });
  }
  // Earlier kinds win an overlap: an email's digits are not a phone, an address's street not a name.
  const ordered = [
    ...emails,
    ...numbers(text),
    ...addresses,
    ...people.map(({ child: _, ...f }) => f),
    ...classes,
  ];
  const kept: PersonalDataFinding[] = [];
  for (const f of ordered) {
    if (!kept.some((k) => f.start < k.end && k.start < f.end)) kept.push(f);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** The text with each finding (by default, each one found now) replaced by "[đã che]". */
export function redactPersonalData(
  text: string,
  findings: readonly PersonalDataFinding[] = findPersonalData(text),
): string {
  let out = text;
  for (const f of [...findings].sort((a, b) => b.start - a.start)) {
    out = out.slice(0, f.start) + REDACTED + out.slice(f.end);
  }
  return out;
}
