import type { Database } from "@gopy/db";
import type { Kysely } from "kysely";
import { generatePassword, hashPassword, normalizeEmail } from "./auth/password.ts";
import { newLinkCode } from "./codes.ts";
import { sipasTemplate } from "./surveys/templates/sipas.ts";

export const DEFAULT_ADMIN_EMAIL = "admin@gopy.local";

export interface SeedOptions {
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  seedDemo: boolean;
  now: Date;
}

export interface SeedResult {
  /** False when the database had been seeded before: nothing was written. */
  seeded: boolean;
  adminEmail?: string;
  /** Only when generated: printed once and never stored in clear. */
  generatedPassword?: string;
  demoLinkCode?: string;
}

/**
 * First start: the staff account and, unless disabled, the demo school with an open SIPAS survey
 * and one QR link. The marker row and the data are written in one transaction, so a crash leaves
 * nothing half-seeded and a second start (or a second process) never seeds again.
 */
export async function seedOnFirstStart(db: Kysely<Database>, options: SeedOptions): Promise<SeedResult> {
  // Hashing is slow: do it before taking the transaction.
  const generatedPassword = options.adminPassword ? undefined : generatePassword();
  const passwordHash = await hashPassword(options.adminPassword ?? generatedPassword!);
  const adminEmail = normalizeEmail(options.adminEmail ?? DEFAULT_ADMIN_EMAIL);

  return db.transaction().execute(async (trx) => {
    const marker = await trx
      .insertInto("app_meta")
      .values({ key: "seeded_at", value: options.now.toISOString(), updated_at: options.now })
      .onConflict((oc) => oc.column("key").doNothing())
      .returning("key")
      .executeTakeFirst();
    if (!marker) return { seeded: false };

    const admin = await trx
      .insertInto("app_user")
      .values({
        email: adminEmail,
        display_name: "Quản trị viên",
        password_hash: passwordHash,
        is_superadmin: true,
        created_at: options.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (!options.seedDemo) return { seeded: true, adminEmail, generatedPassword };

    const unit = await trx
      .insertInto("unit")
      .values({
        slug: "demo",
        name: "Trường Tiểu học Demo",
        kind: "school",
        parent_id: null,
        address: null,
        created_at: options.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("membership")
      .values({ user_id: admin.id, unit_id: unit.id, role: "admin", created_at: options.now })
      .execute();
    const survey = await trx
      .insertInto("survey")
      .values({
        unit_id: unit.id,
        title: JSON.stringify(sipasTemplate.title),
        template: "sipas",
        current_version_id: null,
        opens_at: options.now,
        closes_at: null,
        response_cap: null,
        created_at: options.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const version = await trx
      .insertInto("survey_version")
      .values({
        survey_id: survey.id,
        version: 1,
        definition: JSON.stringify(sipasTemplate),
        published_at: options.now,
        created_at: options.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .updateTable("survey")
      .set({ current_version_id: version.id })
      .where("id", "=", survey.id)
      .execute();
    const demoLinkCode = newLinkCode();
    await trx
      .insertInto("survey_link")
      .values({ survey_id: survey.id, code: demoLinkCode, channel: "Cổng trường", created_at: options.now })
      .execute();
    return { seeded: true, adminEmail, generatedPassword, demoLinkCode };
  });
}
