import { verifyPassword } from "@gopy/api/auth/password.ts";
import { seedOnFirstStart } from "@gopy/api/seed.ts";
import type { DatabaseHandle } from "@gopy/db";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/database.ts";

let database: DatabaseHandle;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  await database.close();
});

const now = new Date("2026-11-23T02:00:00Z");
const count = async (table: "unit" | "app_user" | "survey" | "survey_link") =>
  (
    await database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow()
  ).n;

describe("first start", () => {
  it("creates the demo school, an open SIPAS survey with its five elements, one link and the staff account", async () => {
    const result = await seedOnFirstStart(database.db, {
      adminEmail: undefined,
      adminPassword: undefined,
      seedDemo: true,
      now,
    });
    expect(result.seeded).toBe(true);
    expect(result.adminEmail).toBe("admin@gopy.local");
    expect(result.generatedPassword).toMatch(/^([a-z2-9]{5}-){3}[a-z2-9]{5}$/);
    const user = await database.db.selectFrom("app_user").selectAll().executeTakeFirstOrThrow();
    expect(user.password_hash).not.toContain(result.generatedPassword!);
    expect(await verifyPassword(user.password_hash, result.generatedPassword!)).toBe(true);
    const unit = await database.db.selectFrom("unit").selectAll().executeTakeFirstOrThrow();
    expect(unit).toMatchObject({ slug: "demo", name: "Trường Tiểu học Demo", kind: "school" });
    const version = await database.db.selectFrom("survey_version").selectAll().executeTakeFirstOrThrow();
    const elements = (version.definition as { sections: { element: string }[] }).sections.map(
      (s) => s.element,
    );
    expect(elements).toEqual(expect.arrayContaining(["access", "procedure", "staff", "result", "feedback"]));
    expect(await count("survey_link")).toBe(1);
  });

  it("uses ADMIN_EMAIL and ADMIN_PASSWORD when given", async () => {
    const result = await seedOnFirstStart(database.db, {
      adminEmail: "HieuTruong@Truong.edu.vn",
      adminPassword: "mot-mat-khau-dai",
      seedDemo: true,
      now,
    });
    expect(result.generatedPassword).toBeUndefined();
    const user = await database.db.selectFrom("app_user").selectAll().executeTakeFirstOrThrow();
    expect(user.email).toBe("hieutruong@truong.edu.vn");
    expect(await verifyPassword(user.password_hash, "mot-mat-khau-dai")).toBe(true);
  });

  it("creates only the staff account with SEED_DEMO=0", async () => {
    await seedOnFirstStart(database.db, {
      adminEmail: undefined,
      adminPassword: undefined,
      seedDemo: false,
      now,
    });
    expect(await count("app_user")).toBe(1);
    expect(await count("unit")).toBe(0);
    expect(await count("survey")).toBe(0);
  });

  it("never seeds twice, even when two starts race", async () => {
    const options = { adminEmail: undefined, adminPassword: undefined, seedDemo: true, now };
    const results = await Promise.all([
      seedOnFirstStart(database.db, options),
      seedOnFirstStart(database.db, options),
    ]);
    expect(results.filter((r) => r.seeded)).toHaveLength(1);
    const again = await seedOnFirstStart(database.db, options);
    expect(again.seeded).toBe(false);
    expect(await count("app_user")).toBe(1);
    expect(await count("unit")).toBe(1);
    expect(await count("survey")).toBe(1);
  });
});
