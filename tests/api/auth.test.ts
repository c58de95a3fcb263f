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
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const login = (body: unknown, headers?: Record<string, string>) =>
  t.app.request("/api/auth/login", jsonRequest("POST", body, headers));

describe("staff sign-in", () => {
  it("sets an httpOnly, SameSite session cookie and knows the user and their roles", async () => {
    const res = await login({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    expect(res.status).toBe(200);
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^gopy_session=/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).not.toContain("Secure"); // plain-HTTP test base URL
    const me = await t.app.request("/api/auth/me", { headers: { Cookie: cookie.split(";")[0]! } });
    expect(me.status).toBe(200);
    const body = (await me.json()) as any;
    expect(body.user.email).toBe(ADMIN_EMAIL);
    expect(body.roles).toEqual([expect.objectContaining({ unitSlug: "demo", role: "admin" })]);
  });

  it("adds the Secure flag when the service is public over HTTPS", async () => {
    const secure = await createTestApp({
      config: { publicBaseUrl: "https://gopy.test", secureCookies: true },
    });
    const res = await secure.app.request(
      "/api/auth/login",
      jsonRequest("POST", { email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
    );
    expect(res.headers.get("set-cookie")).toContain("Secure");
    await secure.close();
  });

  it("accepts the email in any case and with spaces", async () => {
    const res = await login({ email: `  ${ADMIN_EMAIL.toUpperCase()} `.trim(), password: ADMIN_PASSWORD });
    expect(res.status).toBe(200);
  });

  it("refuses a wrong password and an unknown email alike, with 401 problem JSON", async () => {
    for (const body of [
      { email: ADMIN_EMAIL, password: "wrong-password-123" },
      { email: "nobody@demo.edu.vn", password: ADMIN_PASSWORD },
    ]) {
      const res = await login(body);
      expect(res.status).toBe(401);
      expect(res.headers.get("set-cookie")).toBeNull();
      const problem = (await res.json()) as any;
      expect(problem.code).toBe("invalid_credentials");
      expect(problem.detail).toBe("Email hoặc mật khẩu không đúng.");
    }
  });

  it("names the field of a malformed email", async () => {
    const res = await login({ email: "not-an-email", password: "x" });
    expect(res.status).toBe(422);
    expect(((await res.json()) as any).errors[0].field).toBe("email");
  });

  it("refuses a cross-site form post (CSRF)", async () => {
    const res = await t.app.request("/api/auth/login", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://evil.example" },
      body: `email=${ADMIN_EMAIL}&password=${ADMIN_PASSWORD}`,
    });
    expect([403, 415]).toContain(res.status);
    expect(res.headers.get("set-cookie")).toBeNull();
  });
});

describe("the staff console's survey list", () => {
  it("needs a session", async () => {
    const res = await t.app.request("/api/admin/surveys");
    expect(res.status).toBe(401);
    expect(((await res.json()) as any).code).toBe("unauthenticated");
  });

  it("lists the demo survey with its response count per link", async () => {
    await t.app.request(
      `/api/public/s/${t.demoCode}/responses`,
      jsonRequest("POST", {
        submissionId: crypto.randomUUID(),
        answers: {
          access_place: 4,
          access_facilities: 4,
          access_contact: 4,
          procedure_public: 4,
          procedure_documents: 4,
          procedure_fees: 4,
          staff_polite: 4,
          staff_listen: 4,
          staff_guidance: 4,
          staff_rules: 4,
          result_correct: 4,
          result_on_time: 4,
          feedback_channels: 4,
          feedback_handling: 4,
          overall_satisfaction: 4,
        },
      }),
    );
    const cookie = await signIn(t.app);
    const res = await t.app.request("/api/admin/surveys", { headers: { Cookie: cookie } });
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as any;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ status: "open", responseCount: 1, unit: { slug: "demo" } });
    expect(items[0].links[0]).toMatchObject({
      code: t.demoCode,
      responseCount: 1,
      url: `http://gopy.test/s/${t.demoCode}`,
    });
  });

  it("shows nothing to a staff member of another unit", async () => {
    const { hashPassword } = await import("@gopy/api/auth/password.ts");
    const other = await t.database.db
      .insertInto("unit")
      .values({
        slug: "other",
        name: "Trường THCS Khác",
        kind: "school",
        parent_id: null,
        address: null,
        created_at: t.clock.now(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const user = await t.database.db
      .insertInto("app_user")
      .values({
        email: "gv@other.edu.vn",
        display_name: "GV",
        password_hash: await hashPassword("Mat-khau-khac-2026"),
        created_at: t.clock.now(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.database.db
      .insertInto("membership")
      .values({ user_id: user.id, unit_id: other.id, role: "admin", created_at: t.clock.now() })
      .execute();
    const cookie = await signIn(t.app, "gv@other.edu.vn", "Mat-khau-khac-2026");
    const { items } = (await (
      await t.app.request("/api/admin/surveys", { headers: { Cookie: cookie } })
    ).json()) as any;
    expect(items).toEqual([]);
  });
});

describe("sessions", () => {
  it("end at logout", async () => {
    const cookie = await signIn(t.app);
    const out = await t.app.request("/api/auth/logout", jsonRequest("POST", {}, { Cookie: cookie }));
    expect(out.status).toBe(204);
    expect((await t.app.request("/api/auth/me", { headers: { Cookie: cookie } })).status).toBe(401);
  });

  it("expire after 8 idle hours but not while in use", async () => {
    const cookie = await signIn(t.app);
    t.clock.advance(7 * 3600_000);
    expect((await t.app.request("/api/auth/me", { headers: { Cookie: cookie } })).status).toBe(200);
    t.clock.advance(7 * 3600_000);
    expect((await t.app.request("/api/auth/me", { headers: { Cookie: cookie } })).status).toBe(200);
    t.clock.advance(8 * 3600_000 + 1000);
    expect((await t.app.request("/api/auth/me", { headers: { Cookie: cookie } })).status).toBe(401);
  });

  it("expire 7 days after sign-in however active", async () => {
    const cookie = await signIn(t.app);
    for (let hour = 0; hour < 7 * 24; hour += 4) {
      t.clock.advance(4 * 3600_000);
      const status = (await t.app.request("/api/auth/me", { headers: { Cookie: cookie } })).status;
      if (hour + 4 >= 7 * 24) expect(status).toBe(401);
      else expect(status).toBe(200);
    }
  });

  it("get a new id at each sign-in", async () => {
    const first = await signIn(t.app);
    const second = await signIn(t.app);
    expect(first).not.toBe(second);
  });
});
