import { hashPassword } from "@gopy/api/auth/password.ts";
import { PNG } from "pngjs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, jsonRequest, signIn, type TestApp } from "../support/app.ts";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const photo = () => {
  const png = new PNG({ width: 8, height: 8 });
  png.data.fill(200);
  return PNG.sync.write(png);
};
const pdf = () => Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const upload = (body: Buffer | string, name: string, type = "application/octet-stream") =>
  t.app.request(`/api/public/units/demo/attachments?name=${encodeURIComponent(name)}`, {
    method: "POST",
    headers: { "Content-Type": type },
    body: typeof body === "string" ? body : new Uint8Array(body),
  });
const submit = (over: Record<string, unknown>) =>
  t.app.request(
    "/api/public/units/demo/petitions",
    jsonRequest("POST", {
      submissionId: crypto.randomUUID(),
      kind: "complaint",
      subject: "Sân trường ngập nước",
      content: "Sân trường ngập sau mưa, các cháu phải lội nước vào lớp. Gửi kèm ảnh chụp sáng nay.",
      contact: { name: "Vũ Thị Dung", email: "dung@example.vn" },
      consentToContact: true,
      consentToPublish: false,
      ...over,
    }),
  );
const files = () => t.database.db.selectFrom("petition_attachment").selectAll().execute();

describe("files sent with a case", () => {
  it("are checked by content, attached to the case, and reach only staff", async () => {
    const image = photo();
    const up = await upload(image, "ảnh sân trường.png", "image/png");
    expect(up.status).toBe(201);
    const stored = (await up.json()) as any;
    expect(stored).toMatchObject({
      filename: "ảnh sân trường.png",
      mediaType: "image/png",
      size: image.length,
    });
    const doc = (await (await upload(pdf(), "biên bản.pdf")).json()) as any;
    expect(doc.mediaType).toBe("application/pdf");

    const res = await submit({ attachments: [stored.id, doc.id] });
    expect(res.status).toBe(201);
    const { trackingCode } = (await res.json()) as any;
    // An id already used by a case cannot be attached again, and nothing of that case is stored.
    const reused = await submit({ attachments: [stored.id] });
    expect(reused.status).toBe(422);
    expect(((await reused.json()) as any).errors[0].field).toBe("attachments");
    expect(await t.database.db.selectFrom("petition").selectAll().execute()).toHaveLength(1);

    const tracking = await (await t.app.request(`/api/public/petitions/${trackingCode}`)).text();
    expect(tracking).not.toContain(stored.id);

    const cookie = await signIn(t.app);
    const petition = await t.database.db.selectFrom("petition").select("id").executeTakeFirstOrThrow();
    const detail = (await (
      await t.app.request(`/api/admin/petitions/${petition.id}`, { headers: { Cookie: cookie } })
    ).json()) as any;
    expect(detail.attachments.map((a: { filename: string }) => a.filename)).toEqual([
      "ảnh sân trường.png",
      "biên bản.pdf",
    ]);
    const download = await t.app.request(detail.attachments[0].url, { headers: { Cookie: cookie } });
    expect(download.headers.get("content-type")).toBe("image/png");
    expect(download.headers.get("content-disposition")).toContain("attachment");
    expect(Buffer.from(await download.arrayBuffer()).equals(image)).toBe(true);
    expect((await t.app.request(detail.attachments[0].url)).status).toBe(401);
  });

  it("that are not what their name says are refused", async () => {
    const fake = await upload("MZ\x90\x00 this is a program", "anh.jpg", "image/jpeg");
    expect(fake.status).toBe(415);
    expect(((await fake.json()) as any).detail).toContain("JPEG, PNG");
    const html = await upload("<html><script>alert(1)</script></html>", "thu.pdf", "application/pdf");
    expect(html.status).toBe(415);
    expect((await upload("", "trong.png", "image/png")).status).toBe(422);
    const huge = Buffer.alloc(10 * 1024 * 1024 + 1, 0);
    photo().copy(huge);
    expect((await upload(huge, "to.png", "image/png")).status).toBe(413);
    expect((await upload(photo(), "x.png", "image/png")).status).toBe(201);
    expect(await files()).toHaveLength(1);
    expect((await submit({ attachments: ["00000000-0000-4000-8000-000000000000"] })).status).toBe(422);
    const tooMany = await submit({ attachments: Array.from({ length: 6 }, () => crypto.randomUUID()) });
    expect(tooMany.status).toBe(422);
    expect(
      (
        await t.app.request("/api/public/units/khong-co/attachments", {
          method: "POST",
          body: new Uint8Array(photo()),
        })
      ).status,
    ).toBe(404);
  });

  it("of a denunciation are not shown to the inspection board", async () => {
    const { id } = (await (await upload(photo(), "bang-chung.png", "image/png")).json()) as any;
    await submit({
      kind: "denunciation",
      contact: { name: "Ngô Văn Em", phone: "0912000111" },
      attachments: [id],
    });
    const unit = await t.database.db
      .selectFrom("unit")
      .select("id")
      .where("slug", "=", "demo")
      .executeTakeFirstOrThrow();
    const user = await t.database.db
      .insertInto("app_user")
      .values({
        email: "bantt@demo.edu.vn",
        display_name: "Ban TTND",
        password_hash: await hashPassword("Ban-thanh-tra-2026"),
        created_at: t.clock.now(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.database.db
      .insertInto("membership")
      .values({ user_id: user.id, unit_id: unit.id, role: "inspector", created_at: t.clock.now() })
      .execute();
    const cookie = await signIn(t.app, "bantt@demo.edu.vn", "Ban-thanh-tra-2026");
    const petition = await t.database.db.selectFrom("petition").select("id").executeTakeFirstOrThrow();
    const detail = (await (
      await t.app.request(`/api/admin/petitions/${petition.id}`, { headers: { Cookie: cookie } })
    ).json()) as any;
    expect(detail).toMatchObject({ attachments: [], attachmentsHidden: true, contactHidden: true });
    const direct = await t.app.request(`/api/admin/petitions/${petition.id}/attachments/${id}`, {
      headers: { Cookie: cookie },
    });
    expect(direct.status).toBe(404);
  });

  it("left unattached are removed after a day", async () => {
    const { removeOrphanAttachments } = await import("@gopy/api/petitions/attachments.ts");
    await upload(photo(), "bo-quen.png", "image/png");
    expect(await removeOrphanAttachments(t.database.db, t.clock.now())).toBe(0);
    expect(
      await removeOrphanAttachments(t.database.db, new Date(t.clock.now().getTime() + 25 * 3600_000)),
    ).toBe(1);
  });
});
