import { describe, expect, it } from "vitest";
import { findPersonalData, type PersonalDataKind, REDACTED, redactPersonalData } from "./personal-data.ts";

const found = (text: string) =>
  findPersonalData(text).map((f) => [f.kind, f.text] as [PersonalDataKind, string]);

describe("finding personal data in Vietnamese text", () => {
  it("finds a name after a form of address, with its offsets", () => {
    const text = "Kính gửi Bà Nguyễn Thị Lan, nhà trường đã sửa mái che.";
    const [f, ...rest] = findPersonalData(text);
    expect(rest).toEqual([]);
    expect(f).toEqual({ kind: "name", text: "Nguyễn Thị Lan", start: 12, end: 26 });
    expect(text.slice(f!.start, f!.end)).toBe("Nguyễn Thị Lan");
  });

  it.each([
    ["thầy Hùng đã kiểm tra lại điểm.", "Hùng"],
    ["Cô giáo Mai chủ nhiệm đã trao đổi.", "Mai"],
    ["cháu Minh Anh được đổi chỗ ngồi.", "Minh Anh"],
    ["Ông Trần Văn Bình phản ánh việc thu tiền.", "Trần Văn Bình"],
    ["Anh Đức gọi điện cho nhà trường.", "Đức"],
    ["Chị Hoa đã được giải thích.", "Hoa"],
    ["học sinh Lê Quang Huy vắng mặt.", "Lê Quang Huy"],
    ["phụ huynh Phạm Thu Trang có ý kiến.", "Phạm Thu Trang"],
    ["bé Na đã khỏi ốm.", "Na"],
    ["Em Nguyễn Hoàng Bảo Ngọc đạt giải.", "Nguyễn Hoàng Bảo Ngọc"],
    ["thầy hiệu trưởng Đỗ Văn Nam trả lời.", "Đỗ Văn Nam"],
    ["Tôi là Lê Văn Cường, phụ huynh lớp 1.", "Lê Văn Cường"],
    ["Con tôi tên là Hà, năm nay vào lớp 1.", "Hà"],
    ["Họ và tên: Vũ Thị Mai", "Vũ Thị Mai"],
  ])("finds the name in %j", (text, name) => {
    expect(found(text)).toEqual([["name", name]]);
  });

  it("finds names written with decomposed diacritics", () => {
    const text = "Kính gửi Bà Nguyễn Thị Lan".normalize("NFD");
    const [f] = findPersonalData(text);
    expect(f?.kind).toBe("name");
    expect(f?.text).toBe("Nguyễn Thị Lan".normalize("NFD"));
  });

  it.each([
    "Kính gửi Ông/Bà, nhà trường xin trả lời như sau.",
    "Kính gửi Quý phụ huynh, nhà trường xin trả lời như sau.",
    "Kính gửi Ông Bà Phụ Huynh Học Sinh.",
    "Bà con trong xóm đã được thông báo.",
    "Trường Tiểu học Cự Khê tổ chức họp phụ huynh vào thứ Bảy.",
    "Nhà trường cảm ơn phụ huynh. Chúng tôi sẽ kiểm tra.",
    "Các em học sinh lớp 3A đã được học bù.",
    "Thầy Hiệu trưởng đã chỉ đạo sửa ngay.",
    "Phụ huynh Học sinh lớp 5 đã được mời họp.",
    "Kinh phí 150.000.000 đồng đã được duyệt ngày 12/11/2026.",
    "Năm học 2026-2027 có 1.250 học sinh.",
    "Kính gửi anh, nhà trường đã nhận được phản ánh.",
    "Đường vào trường đã được sửa, khu phố yên tĩnh hơn.",
    "Tôi là Phụ huynh học sinh khối 5.",
    "Tôi là người dân ở gần trường.",
  ])("finds nothing in %j", (text) => {
    expect(findPersonalData(text)).toEqual([]);
  });

  it.each([
    ["Gọi 0912 345 678 để được hỗ trợ.", "0912 345 678"],
    ["Số điện thoại: 0912.345.678.", "0912.345.678"],
    ["SĐT 0912345678", "0912345678"],
    ["Liên hệ +84 912 345 678", "+84 912 345 678"],
    ["Liên hệ (+84)912345678", "(+84)912345678"],
    ["Máy bàn 024 3856 1234", "024 3856 1234"],
    ["Năm 2026 0987654321 gọi tới", "0987654321"],
    ["Gọi 0912-345-678.", "0912-345-678"],
  ])("finds the phone number in %j", (text, phone) => {
    expect(found(text)).toEqual([["phone", phone]]);
  });

  it("finds email addresses, and not as phone numbers", () => {
    expect(found("Gửi về lan.nguyen0912345678@gmail.com nhé")).toEqual([
      ["email", "lan.nguyen0912345678@gmail.com"],
    ]);
    expect(found("Email: phuhuynh_3a@truong.edu.vn.")).toEqual([["email", "phuhuynh_3a@truong.edu.vn"]]);
  });

  it.each([
    ["CCCD 001234567890", "001234567890"],
    ["số căn cước công dân: 001 234 567 890", "001 234 567 890"],
    ["CMND 123456789", "123456789"],
    ["CMND số 123.456.789", "123.456.789"],
    ["mã 001234567890 đã nhận", "001234567890"],
  ])("finds the identity number in %j", (text, id) => {
    expect(found(text)).toEqual([["id_number", id]]);
  });

  it.each([
    ["Gia đình ở số 12 ngõ 34 phố Chùa Bộc.", "số 12 ngõ 34 phố Chùa Bộc"],
    ["Địa chỉ: số nhà 5, ngách 3/7, hẻm 12", "số nhà 5, ngách 3/7, hẻm 12"],
    ["ở hẻm 45/12 đường Lê Lợi", "hẻm 45/12 đường Lê Lợi"],
    ["nhà tại đường Lê Lợi số 8, phường Bến Nghé", "đường Lê Lợi số 8, phường Bến Nghé"],
    ["thuộc Tổ dân phố 7 phường Cự Khê", "Tổ dân phố 7 phường Cự Khê"],
    ["Số 12B ngõ 4 Kim Mã", "Số 12B ngõ 4"],
  ])("finds the house address in %j", (text, address) => {
    expect(found(text)).toEqual([["address", address]]);
  });

  it("flags a class next to a pupil's name, not a class alone", () => {
    expect(found("Em Minh lớp 3A bị ngã ở sân trường.")).toEqual([
      ["name", "Minh"],
      ["class", "lớp 3A"],
    ]);
    expect(found("Lớp 10A1 có học sinh Lê Huy nghỉ học.")).toEqual([
      ["class", "Lớp 10A1"],
      ["name", "Lê Huy"],
    ]);
    expect(found("Lớp 3A đã được thay bàn ghế. Em Minh được khen.")).toEqual([["name", "Minh"]]);
    expect(found("Lớp 3A đã được thay bàn ghế.")).toEqual([]);
  });

  it("returns several findings in order, without overlaps", () => {
    const text = "Ông Trần Bình (0912 345 678, binh@example.com) ở số 3 ngõ 5.";
    expect(findPersonalData(text).map((f) => f.kind)).toEqual(["name", "phone", "email", "address"]);
    for (const f of findPersonalData(text)) expect(text.slice(f.start, f.end)).toBe(f.text);
  });
});

describe("masking personal data", () => {
  it("replaces each finding with the mask", () => {
    expect(redactPersonalData("Kính gửi Bà Nguyễn Thị Lan, gọi 0912345678.")).toBe(
      `Kính gửi Bà ${REDACTED}, gọi ${REDACTED}.`,
    );
  });

  it("leaves a text without personal data as it is", () => {
    const text = "Kính gửi Quý phụ huynh, nhà trường xin trả lời như sau.";
    expect(redactPersonalData(text)).toBe(text);
  });

  it("masks only the findings given", () => {
    const text = "Bà Lan gọi 0912345678.";
    const [name] = findPersonalData(text);
    expect(redactPersonalData(text, [name!])).toBe(`Bà ${REDACTED} gọi 0912345678.`);
  });
});
