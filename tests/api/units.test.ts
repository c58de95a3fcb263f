import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, jsonRequest, signIn, type TestApp } from "../support/app.ts";

let t: TestApp;
let cookie: string;
beforeEach(async () => {
  t = await createTestApp();
  cookie = await signIn(t.app); // the seeded superadmin, admin of the demo school
});
afterEach(async () => {
  await t.close();
});

const send = (method: string, path: string, body?: unknown) =>
  t.app.request(
    path,
    body === undefined && method === "GET"
      ? { headers: { Cookie: cookie } }
      : jsonRequest(method, body ?? {}, { Cookie: cookie }),
  );

describe("the unit tree", () => {
  it("builds a ward with two schools and a team, renames and moves a unit, and archives one", async () => {
    const ward = (await (
      await send("POST", "/api/admin/units", {
        name: "Phường Cự Khê",
        slug: "cu-khe",
        kind: "ward",
        parentId: null,
      })
    ).json()) as any;
    expect(ward).toMatchObject({ slug: "cu-khe", kind: "ward", parentId: null });
    const a = (await (
      await send("POST", "/api/admin/units", {
        name: "Trường THCS Cự Khê",
        slug: "thcs-cu-khe",
        kind: "school",
        parentId: ward.id,
      })
    ).json()) as any;
    const b = (await (
      await send("POST", "/api/admin/units", {
        name: "Trường Mầm non Cự Khê",
        slug: "mn-cu-khe",
        kind: "school",
        parentId: ward.id,
      })
    ).json()) as any;
    const team = (await (
      await send("POST", "/api/admin/units", {
        name: "Tổ Khoa học Tự nhiên",
        slug: "thcs-cu-khe-khtn",
        kind: "team",
        parentId: a.id,
      })
    ).json()) as any;
    expect(team.parentId).toBe(a.id);

    const renamed = await send("PATCH", `/api/admin/units/${a.id}`, { name: "Trường THCS Cự Khê (cơ sở 1)" });
    expect(renamed.status).toBe(200);
    const moved = await send("PATCH", `/api/admin/units/${team.id}`, { parentId: b.id });
    expect(((await moved.json()) as any).parentId).toBe(b.id);

    expect((await send("POST", `/api/admin/units/${b.id}/archive`, {})).status).toBe(204);
    const listed = ((await (await send("GET", "/api/admin/units")).json()) as any).items.map(
      (u: any) => u.slug,
    );
    expect(listed).toContain("thcs-cu-khe");
    expect(listed).not.toContain("mn-cu-khe");

    const audit = await t.database.db
      .selectFrom("audit_log")
      .select(["action", "target_id", "actor_email", "request_id"])
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      "unit.create",
      "unit.create",
      "unit.create",
      "unit.create",
      "unit.update",
      "unit.move",
      "unit.archive",
    ]);
    expect(audit.every((a) => a.actor_email === "hieutruong@demo.edu.vn" && a.request_id)).toBe(true);
  });

  it("refuses a taken slug with 409 naming the field, and a move into its own subtree", async () => {
    const taken = await send("POST", "/api/admin/units", {
      name: "Trường trùng mã",
      slug: "demo",
      kind: "school",
      parentId: null,
    });
    expect(taken.status).toBe(409);
    expect(((await taken.json()) as any).errors[0].field).toBe("slug");

    const ward = (await (
      await send("POST", "/api/admin/units", {
        name: "Phường A",
        slug: "phuong-a",
        kind: "ward",
        parentId: null,
      })
    ).json()) as any;
    const school = (await (
      await send("POST", "/api/admin/units", {
        name: "Trường A",
        slug: "truong-a",
        kind: "school",
        parentId: ward.id,
      })
    ).json()) as any;
    const cycle = await send("PATCH", `/api/admin/units/${ward.id}`, { parentId: school.id });
    expect(cycle.status).toBe(409);
    expect(((await cycle.json()) as any).code).toBe("unit_cycle");
    const unchanged = await t.database.db
      .selectFrom("unit")
      .select("parent_id")
      .where("id", "=", ward.id)
      .executeTakeFirstOrThrow();
    expect(unchanged.parent_id).toBeNull();
  });

  it("names bad fields and rejects unknown ones", async () => {
    const res = await send("POST", "/api/admin/units", {
      name: "X",
      slug: "Có dấu",
      kind: "village",
      parentId: null,
      color: "red",
    });
    expect(res.status).toBe(422);
    const fields = ((await res.json()) as any).errors.map((e: any) => e.field).sort();
    expect(fields).toEqual(["color", "kind", "name", "slug"]);
    expect(await t.database.db.selectFrom("audit_log").selectAll().execute()).toEqual([]);
  });
});

describe("text the database cannot store", () => {
  it("is refused on staff routes too, naming the field, and nothing is written", async () => {
    const demo = await t.database.db
      .selectFrom("unit")
      .select("id")
      .where("slug", "=", "demo")
      .executeTakeFirstOrThrow();
    const res = await send("POST", "/api/admin/units", {
      name: "Tổ Toán\u0000",
      slug: "to-toan",
      kind: "team",
      parentId: demo.id,
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as any).errors).toEqual([expect.objectContaining({ field: "name" })]);
    const note = await send("POST", `/api/admin/units/${demo.id}/petitions`, {
      kind: "reflection",
      channel: "phone",
      subject: "Gọi điện phản ánh",
      content: "Nội dung \ud800 cuộc gọi",
      receivedAt: "2026-11-23T08:00:00+07:00",
      contact: { phone: "0912345678" },
    });
    expect(note.status).toBe(422);
    expect(((await note.json()) as any).errors).toEqual([expect.objectContaining({ field: "content" })]);
    const noDigits = await send("POST", `/api/admin/units/${demo.id}/petitions`, {
      kind: "reflection",
      channel: "phone",
      subject: "Gọi điện phản ánh",
      content: "Nội dung cuộc gọi",
      receivedAt: "2026-11-23T08:00:00+07:00",
      contact: { phone: "--------" },
    });
    expect(noDigits.status).toBe(422);
    expect(((await noDigits.json()) as any).errors).toEqual([
      expect.objectContaining({ field: "contact.phone" }),
    ]);
    expect(await t.database.db.selectFrom("petition").select("id").execute()).toEqual([]);
    expect(
      await t.database.db.selectFrom("unit").select("id").where("slug", "=", "to-toan").execute(),
    ).toEqual([]);
  });
});

describe("unknown units, even for a superadmin", () => {
  it("answer 404 and change nothing, never a 500", async () => {
    const nobody = "00000000-0000-4000-8000-000000000000";
    expect((await send("GET", `/api/admin/units/${nobody}`)).status).toBe(404);
    expect((await send("PATCH", `/api/admin/units/${nobody}`, { name: "X" })).status).toBe(404);
    expect((await send("POST", `/api/admin/units/${nobody}/archive`)).status).toBe(404);
    expect(
      (await send("POST", `/api/admin/units/${nobody}/members`, { email: "a@demo.edu.vn", role: "viewer" }))
        .status,
    ).toBe(404);
    const orphan = await send("POST", "/api/admin/units", {
      name: "Trường X",
      slug: "truong-x",
      kind: "school",
      parentId: nobody,
    });
    expect(orphan.status).toBe(404);
    const demo = await t.database.db
      .selectFrom("unit")
      .select("id")
      .where("slug", "=", "demo")
      .executeTakeFirstOrThrow();
    expect((await send("PATCH", `/api/admin/units/${demo.id}`, { parentId: nobody })).status).toBe(404);
    // Archiving twice records one archive.
    expect((await send("POST", `/api/admin/units/${demo.id}/archive`)).status).toBe(204);
    expect((await send("POST", `/api/admin/units/${demo.id}/archive`)).status).toBe(404);
    const audit = await t.database.db
      .selectFrom("audit_log")
      .select("action")
      .where("action", "like", "unit.%")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["unit.archive"]);
    expect(
      await t.database.db.selectFrom("unit").select("id").where("slug", "=", "truong-x").execute(),
    ).toEqual([]);
  });
});

describe("the audit log", () => {
  it("cannot be changed or deleted, even with direct SQL", async () => {
    await send("POST", "/api/admin/units", {
      name: "Phường B",
      slug: "phuong-b",
      kind: "ward",
      parentId: null,
    });
    await expect(sql`update audit_log set action = 'forged'`.execute(t.database.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from audit_log`.execute(t.database.db)).rejects.toThrow(/append-only/);
    expect(
      (await t.database.db.selectFrom("audit_log").select("action").execute()).map((r) => r.action),
    ).toEqual(["unit.create"]);
  });
});
