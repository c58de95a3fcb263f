import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { hashPassword } from "@gopy/api/auth/password.ts";
import { fileTransport, type Transport } from "@gopy/api/outbox/transports.ts";
import { deliverDueMessages } from "@gopy/api/outbox/worker.ts";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  createTestApp,
  jsonRequest,
  signIn,
  type TestApp,
} from "../support/app.ts";

let t: TestApp;
let admin: string;
const silent = pino({ level: "silent" });
beforeEach(async () => {
  t = await createTestApp();
  admin = await signIn(t.app);
});
afterEach(async () => {
  await t.close();
});

const as = (cookie: string) => ({
  get: (p: string) => t.app.request(p, { headers: { Cookie: cookie } }),
  send: (method: string, p: string, body: unknown = {}) =>
    t.app.request(p, jsonRequest(method, body, { Cookie: cookie })),
});
const login = (email: string, password: string) =>
  t.app.request("/api/auth/login", jsonRequest("POST", { email, password }));
const pendingMail = () =>
  t.database.db.selectFrom("outbox").selectAll().where("sent_at", "is", null).orderBy("id").execute();
const linkIn = (body: string) => body.match(/token=([A-Za-z0-9_%-]+)/)![1]!;

async function demoUnitId() {
  return (
    await t.database.db.selectFrom("unit").select("id").where("slug", "=", "demo").executeTakeFirstOrThrow()
  ).id;
}

describe("a principal builds a ward with two schools and invites staff", () => {
  it("each invited person sees exactly what their role allows", async () => {
    const a = as(admin);
    const ward = (await (
      await a.send("POST", "/api/admin/units", {
        name: "Phường Cự Khê",
        slug: "phuong-cu-khe",
        kind: "ward",
        parentId: null,
      })
    ).json()) as any;
    const s1 = (await (
      await a.send("POST", "/api/admin/units", {
        name: "Trường THCS Cự Khê",
        slug: "thcs-cu-khe",
        kind: "school",
        parentId: ward.id,
      })
    ).json()) as any;
    const s2 = (await (
      await a.send("POST", "/api/admin/units", {
        name: "Trường Tiểu học Cự Khê",
        slug: "th-cu-khe",
        kind: "school",
        parentId: ward.id,
      })
    ).json()) as any;

    for (const [email, role] of [
      ["pho.hieutruong@cukhe.edu.vn", "manager"],
      ["ban.ttnd@cukhe.edu.vn", "inspector"],
    ]) {
      const res = await a.send("POST", `/api/admin/units/${s1.id}/members`, {
        email,
        displayName: "Cán bộ",
        role,
      });
      expect(res.status).toBe(201);
      expect(((await res.json()) as any).invited).toBe(true);
    }
    const mails = await pendingMail();
    expect(mails.map((m) => m.recipient)).toEqual(["pho.hieutruong@cukhe.edu.vn", "ban.ttnd@cukhe.edu.vn"]);
    expect(mails[0]!.body).toContain("Trường THCS Cự Khê");

    // Both accept their invitations by setting a password.
    for (const [i, mail] of mails.entries()) {
      const res = await t.app.request(
        "/api/auth/password-reset/confirm",
        jsonRequest("POST", {
          token: decodeURIComponent(linkIn(mail.body)),
          newPassword: `Mat-khau-moi-${i}-2026`,
        }),
      );
      expect(res.status).toBe(204);
    }
    const manager = as(await signIn(t.app, "pho.hieutruong@cukhe.edu.vn", "Mat-khau-moi-0-2026"));
    const inspector = as(await signIn(t.app, "ban.ttnd@cukhe.edu.vn", "Mat-khau-moi-1-2026"));

    const managerUnits = ((await (await manager.get("/api/admin/units")).json()) as any).items.map(
      (u: any) => u.slug,
    );
    expect(managerUnits).toEqual(["thcs-cu-khe"]);
    expect((await manager.get(`/api/admin/units/${s1.id}/members`)).status).toBe(200);
    expect(
      (
        await manager.send("POST", `/api/admin/units/${s1.id}/members`, {
          email: "x@y.vn",
          displayName: "X Y",
          role: "admin",
        })
      ).status,
    ).toBe(403);
    expect((await manager.get(`/api/admin/units/${s2.id}`)).status).toBe(404);
    expect((await manager.get("/api/admin/audit")).status).toBe(403);

    const audit = (await (await inspector.get("/api/admin/audit")).json()) as any;
    expect(audit.items.map((e: any) => e.action)).toEqual(expect.arrayContaining(["staff.invite"]));
    expect(audit.items.every((e: any) => e.unitId === s1.id)).toBe(true);
    expect((await inspector.get(`/api/admin/units/${s2.id}/members`)).status).toBe(404);
    expect((await inspector.get(`/api/admin/units/${s1.id}/members`)).status).toBe(403);

    const bytes = Buffer.from(await (await inspector.get("/api/admin/audit.csv")).arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM: Excel reads Vietnamese right
    expect(bytes.toString("utf8")).toContain("staff.invite");
  });

  it("refuses to invite the same person twice to a unit", async () => {
    const unit = await demoUnitId();
    const body = { email: "gv@demo.edu.vn", displayName: "Giáo viên", role: "officer" };
    expect((await as(admin).send("POST", `/api/admin/units/${unit}/members`, body)).status).toBe(201);
    const again = await as(admin).send("POST", `/api/admin/units/${unit}/members`, body);
    expect(again.status).toBe(409);
    expect(((await again.json()) as any).errors[0].field).toBe("email");
    expect(await pendingMail()).toHaveLength(1);
  });
});

describe("sign-in protection", () => {
  it("pauses an account after 5 failures with 429, Retry-After and a message in minutes", async () => {
    for (let i = 0; i < 5; i++) expect((await login(ADMIN_EMAIL, "wrong-password-x")).status).toBe(401);
    const blocked = await login(ADMIN_EMAIL, ADMIN_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await blocked.json()) as any).detail).toMatch(/thử lại sau 15 phút/);
    t.clock.advance(15 * 60_000 + 1000);
    expect((await login(ADMIN_EMAIL, ADMIN_PASSWORD)).status).toBe(200);
  });

  it("accepts a new password only if long and uncommon", async () => {
    const a = as(admin);
    const short = await a.send("POST", "/api/auth/password", {
      currentPassword: ADMIN_PASSWORD,
      newPassword: "ngan",
    });
    expect(((await short.json()) as any).errors[0]).toMatchObject({ field: "newPassword" });
    const common = await a.send("POST", "/api/auth/password", {
      currentPassword: ADMIN_PASSWORD,
      newPassword: "1234567890",
    });
    expect(common.status).toBe(422);
    const wrong = await a.send("POST", "/api/auth/password", {
      currentPassword: "nope-nope-nope",
      newPassword: "Hoa-sen-no-giua-ho",
    });
    expect(((await wrong.json()) as any).errors[0].field).toBe("currentPassword");
    const ok = await a.send("POST", "/api/auth/password", {
      currentPassword: ADMIN_PASSWORD,
      newPassword: "Hoa-sen-no-giua-ho",
    });
    expect(ok.status).toBe(204);
    expect((await login(ADMIN_EMAIL, "Hoa-sen-no-giua-ho")).status).toBe(200);
  });

  it("sends a reset link that works once, and answers the same for unknown emails", async () => {
    const unknown = await t.app.request(
      "/api/auth/password-reset/request",
      jsonRequest("POST", { email: "ai.do@khong.vn" }),
    );
    expect(unknown.status).toBe(202);
    const known = await t.app.request(
      "/api/auth/password-reset/request",
      jsonRequest("POST", { email: ADMIN_EMAIL }),
    );
    expect(known.status).toBe(202);
    const mails = await pendingMail();
    expect(mails.map((m) => m.recipient)).toEqual([ADMIN_EMAIL]);
    const token = decodeURIComponent(linkIn(mails[0]!.body));
    const confirm = () =>
      t.app.request(
        "/api/auth/password-reset/confirm",
        jsonRequest("POST", { token, newPassword: "Cay-bang-truoc-cong" }),
      );
    expect((await confirm()).status).toBe(204);
    const reused = await confirm();
    expect(reused.status).toBe(410);
    expect(((await reused.json()) as any).code).toBe("reset_link_invalid");
    // The old session ended with the reset.
    expect((await as(admin).get("/api/auth/me")).status).toBe(401);
    expect((await login(ADMIN_EMAIL, "Cay-bang-truoc-cong")).status).toBe(200);
  });
});

describe("personal API tokens", () => {
  it("work as Bearer until revoked, and are stored only hashed", async () => {
    const created = (await (
      await as(admin).send("POST", "/api/admin/tokens", { name: "Trang web trường" })
    ).json()) as any;
    expect(created.token).toMatch(/^gopy_/);
    const stored = await t.database.db.selectFrom("api_token").selectAll().executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(created.token);
    const bearer = { headers: { Authorization: `Bearer ${created.token}` } };
    expect((await t.app.request("/api/admin/surveys", bearer)).status).toBe(200);
    // A token cannot mint tokens that would outlive its own revocation.
    const minted = await t.app.request("/api/admin/tokens", {
      method: "POST",
      headers: { ...bearer.headers, "Content-Type": "application/json" },
      body: JSON.stringify({ name: "bản sao" }),
    });
    expect(minted.status).toBe(403);
    expect(((await minted.json()) as any).code).toBe("token_cannot_create_tokens");
    expect(await t.database.db.selectFrom("api_token").selectAll().execute()).toHaveLength(1);
    expect((await as(admin).send("DELETE", `/api/admin/tokens/${created.id}`)).status).toBe(204);
    expect((await t.app.request("/api/admin/surveys", bearer)).status).toBe(401);
  });
});

describe("the outbox", () => {
  it("writes .eml files when no SMTP server is set", async () => {
    await t.app.request("/api/auth/password-reset/request", jsonRequest("POST", { email: ADMIN_EMAIL }));
    const dir = mkdtempSync(path.join(tmpdir(), "gopy-outbox-"));
    expect(await deliverDueMessages(t.database.db, fileTransport(dir), t.clock, silent)).toBe(1);
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    const eml = readFileSync(path.join(dir, files[0]!), "utf8");
    expect(eml).toContain(`To: ${ADMIN_EMAIL}`);
    expect(await deliverDueMessages(t.database.db, fileTransport(dir), t.clock, silent)).toBe(0);
  });

  it("retries with backoff after a failure, and a worker killed after claiming still sends exactly once", async () => {
    await t.app.request("/api/auth/password-reset/request", jsonRequest("POST", { email: ADMIN_EMAIL }));
    const sent: number[] = [];
    let failNext = true;
    const flaky: Transport = {
      name: "test",
      async send(m) {
        if (failNext) {
          failNext = false;
          throw new Error("SMTP 421 try later");
        }
        sent.push(m.id);
      },
    };
    expect(await deliverDueMessages(t.database.db, flaky, t.clock, silent)).toBe(0);
    expect(await deliverDueMessages(t.database.db, flaky, t.clock, silent)).toBe(0); // backing off
    t.clock.advance(61_000);
    expect(await deliverDueMessages(t.database.db, flaky, t.clock, silent)).toBe(1);
    expect(sent).toHaveLength(1);

    // A worker that dies mid-send: the message is claimed but neither sent nor marked.
    await t.app.request("/api/auth/password-reset/request", jsonRequest("POST", { email: ADMIN_EMAIL }));
    const dying: Transport = { name: "dying", send: () => new Promise(() => {}) };
    void deliverDueMessages(t.database.db, dying, t.clock, silent, 1);
    await new Promise((r) => setTimeout(r, 200));
    // A second worker does not take the claimed message…
    expect(await deliverDueMessages(t.database.db, flaky, t.clock, silent)).toBe(0);
    // …until the claim of the dead worker expires; then it is sent once.
    t.clock.advance(5 * 60_000 + 1000);
    expect(await deliverDueMessages(t.database.db, flaky, t.clock, silent)).toBe(1);
    expect(await deliverDueMessages(t.database.db, flaky, t.clock, silent)).toBe(0);
    expect(sent).toHaveLength(2);
  });
});

describe("disabling a person's account", () => {
  it("needs staff.manage wherever they hold a role, archived units aside", async () => {
    const schoolA = await demoUnitId();
    const schoolB = (
      await t.database.db
        .insertInto("unit")
        .values({
          slug: "truong-b",
          name: "Trường B",
          kind: "school",
          parent_id: null,
          address: null,
          created_at: t.clock.now(),
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    const person = async (email: string) =>
      (
        await t.database.db
          .insertInto("app_user")
          .values({
            email,
            display_name: email,
            password_hash: await hashPassword("Mat-khau-rat-dai-2026"),
            created_at: t.clock.now(),
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
    const principal = await person("hieutruong.a@demo.edu.vn");
    const teacher = await person("giaovien@demo.edu.vn");
    await t.database.db
      .insertInto("membership")
      .values({ user_id: principal, unit_id: schoolA, role: "admin", created_at: t.clock.now() })
      .execute();
    const inA = (
      await t.database.db
        .insertInto("membership")
        .values({ user_id: teacher, unit_id: schoolA, role: "officer", created_at: t.clock.now() })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    await t.database.db
      .insertInto("membership")
      .values({ user_id: teacher, unit_id: schoolB, role: "officer", created_at: t.clock.now() })
      .execute();
    const a = as(await signIn(t.app, "hieutruong.a@demo.edu.vn", "Mat-khau-rat-dai-2026"));
    const disable = () => a.send("POST", `/api/admin/units/${schoolA}/members/${inA}/disable`);

    // The teacher also works in school B, which school A's principal does not manage.
    expect((await disable()).status).toBe(403);
    // School B closes (archived): its roles no longer count, and school A's principal may disable.
    await t.database.db
      .updateTable("unit")
      .set({ archived_at: new Date() })
      .where("id", "=", schoolB)
      .execute();
    expect((await disable()).status).toBe(204);
    const account = await t.database.db
      .selectFrom("app_user")
      .select("disabled_at")
      .where("id", "=", teacher)
      .executeTakeFirstOrThrow();
    expect(account.disabled_at).not.toBeNull();
  });
});
